"""Test support: a loopback HTTP server scripted per test (what to answer; what it received)."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Union


#: A token that must never appear in any error text, repr or pickle.
CANARY = "tok_CANARY_5f1e2d9a"
PARTNER_ID = "PA_TEST1234"
ACCOUNT_ID = "MA_TEST1234"


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Union[bytes, str, Dict[str, Any], List[Any], None] = None
    headers: Dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering.
    delay: float = 0.0
    #: Read the request, then close the connection without answering.
    drop: bool = False


@dataclass
class Received:
    """One request as the server saw it (path is the raw request target)."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LoopbackServer:
    """Answers with the scripted replies in order; the last one repeats."""

    def __init__(self) -> None:
        self.received: List[Received] = []
        self._replies: List[Reply] = [Reply(200, {"ok": True})]
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (ConnectionError, socket.timeout):
                    self.close_connection = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.received.append(Received(self.command, self.path, headers, body))
                    reply = server._replies.pop(0) if len(server._replies) > 1 else server._replies[0]
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = reply.body
                content_type = "application/json"
                if payload is None:
                    data = b""
                elif isinstance(payload, bytes):
                    data = payload
                elif isinstance(payload, str):
                    data = payload.encode()
                    content_type = "text/plain"
                else:
                    data = json.dumps(payload).encode()
                self.send_response(reply.status)
                if data:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        self._httpd.request_queue_size = 128
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._httpd.server_bind()
        self._httpd.server_activate()
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def reply(self, *replies: Reply) -> None:
        """Replaces the script: answer with these, in order, the last one repeating."""
        with self._lock:
            self._replies = list(replies)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def refused_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_no_secret(exc: BaseException, secret: Optional[str] = CANARY) -> None:
    """The canary is in none of the exception's texts."""
    assert secret is not None
    texts = [str(exc), repr(exc)] + [str(v) for v in vars(exc).values()]
    for text in texts:
        assert secret not in text, text
