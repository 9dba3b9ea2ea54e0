"""KYC webhooks: receive a real signed delivery from the embedded sandbox and verify it.

A tiny webhook endpoint (the standard library's http.server, standing in for a Flask or
Django view) receives the sandbox's kyc.* deliveries and hands the raw body and headers to
``vobiz_partner.verify_webhook``: a valid delivery becomes a typed ``KycEvent``; a forged or
replayed one raises ``WebhookError`` and is answered 400.

    python examples/webhooks.py
"""

from __future__ import annotations

import queue
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Tuple

import vobiz_partner as vobiz


def serve(secret: str, events: "queue.Queue[Tuple[int, str]]") -> ThreadingHTTPServer:
    """The webhook endpoint: verifies every delivery with ``secret`` (max 5 minutes old)."""

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                event = vobiz.verify_webhook(body, self.headers, secret, max_age=300)
            except vobiz.WebhookError as refused:
                status, note = 400, f"refused: {refused.reason}"
            else:
                # Deliveries can repeat: a real handler is idempotent (session_id + event).
                status, note = 204, f"{event.event} for {event.account_auth_id} ({event.status})"
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            events.put((status, note))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    with vobiz.Sandbox.start(seed=7) as sb:
        # Sub-account sessions are signed with the parent account's token.
        parent_token = sb.env("parent")["VOBIZ_AUTH_TOKEN"]
        events: "queue.Queue[Tuple[int, str]]" = queue.Queue()
        server = serve(parent_token, events)
        url = f"http://127.0.0.1:{server.server_address[1]}/vobiz/kyc"

        parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)
        created = parent.sub_accounts.create(
            name="Hooked Retail", email="owner@hooked.in", kyc_mode="customer_use"
        )
        assert created.sub_account and created.sub_account.auth_id
        sub_id = created.sub_account.auth_id
        parent.sub_account(sub_id).kyc.create_session(customer_email="owner@hooked.in", webhook_url=url)
        print("webhook:", events.get(timeout=5)[1])          # kyc.initiated
        sb.complete_sub_account_kyc(sub_id)                  # the customer finishes KYC
        print("webhook:", events.get(timeout=5)[1])          # kyc.completed

        # A forged delivery (right shape, wrong key) is refused before anything is parsed.
        body = b'{"event":"kyc.completed","account_auth_id":"' + sub_id.encode() + b'"}'
        forged = urllib.request.Request(
            url, data=body, headers={"X-Vobiz-Signature": "sha256=" + "0" * 64}, method="POST"
        )
        try:
            urllib.request.urlopen(forged, timeout=5)
        except urllib.error.HTTPError as answer:
            print("forged delivery answered", answer.code)
        print("webhook:", events.get(timeout=5)[1])
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
