"""vobiz_partner quickstart: runs without a Vobiz account or network.

    python examples/quickstart.py

Shows configuration, scoped credentials (the token is never printed), typed validation
errors raised before anything is sent, and the async low-level transport with its typed
transport error.
"""

from __future__ import annotations

import asyncio
import socket

import vobiz_partner as vobiz


def unused_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def main() -> None:
    print(f"vobiz_partner {vobiz.__version__}")

    # Configuration: every check is done up front, by the Rust core.
    config = vobiz.ClientConfig("https://api.vobiz.ai", timeout=15.0)
    print(config)
    print("user agent:", config.user_agent)
    try:
        vobiz.ClientConfig("http://api.vobiz.ai")  # plain http to a remote host
    except vobiz.ValidationError as e:
        print(f"refused {e.field}: {e.reason}")

    # Credentials are scoped types: partner ids are PA_…, account ids MA_… or SA_….
    partner = vobiz.PartnerCredentials("PA_DEMO1234", "s3cr3t-token")
    print(partner)  # the token is shown as <redacted>
    try:
        vobiz.PartnerCredentials("MA_DEMO1234", "s3cr3t-token")
    except vobiz.ValidationError as e:
        print(f"refused {e.field}: {e.reason}")

    # The low-level async transport: any route, with retries and typed errors. Nothing
    # listens on this port, so the request fails with a TransportError after its retries.
    port = unused_loopback_port()
    transport = vobiz.Transport(vobiz.ClientConfig(f"http://127.0.0.1:{port}", max_retries=1))
    try:
        await transport.request(partner, "GET", "/api/v1/partner/me")
    except vobiz.TransportError as e:
        print(f"{type(e).__name__} after {e.attempts} attempts: {e.method} {e.path}")

    # Bad input never leaves the machine: the method is checked before sending.
    try:
        await transport.request(partner, "TRACE", "/api/v1/partner/me")
    except vobiz.ValidationError as e:
        print(f"refused {e.field}: {e.reason}")


if __name__ == "__main__":
    asyncio.run(main())
