"""Run by test_exit.py in a fresh interpreter: one request, then exit at once.

    python exit_script.py <base_url> <mode>

Modes:
  await     exit right after the last await (the pyo3-async-runtimes crash pattern)
  pending   exit while a request is still in flight (its future never awaited)
  fallback  like ``await``, on a loop without add_reader (the call_soon_threadsafe path)
  shutdown  run the exit hook by hand, then try a request: it must be refused
"""

import asyncio
import sys

import vobiz_partner as vobiz

url, mode = sys.argv[1], sys.argv[2]
transport = vobiz.Transport(vobiz.ClientConfig(url, max_retries=0))
creds = vobiz.PartnerCredentials("PA_EXIT1234", "tok_exit")


async def main() -> None:
    if mode == "pending":
        in_flight = transport.request(creds, "GET", "/api/v1/slow")
        await asyncio.sleep(0.01)
        assert not in_flight.done()  # type: ignore[attr-defined]  # a Future at run time
        return
    if mode == "shutdown":
        from vobiz_partner import _native

        _native._shutdown()
        try:
            await transport.request(creds, "GET", "/api/v1/ping")
        except RuntimeError as e:
            print("refused:", e)
        return
    await transport.request(creds, "GET", "/api/v1/ping")


class NoReaderLoop(asyncio.SelectorEventLoop):
    def add_reader(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError


if mode == "fallback":
    loop = NoReaderLoop()
    loop.run_until_complete(main())
    loop.close()
else:
    asyncio.run(main())
