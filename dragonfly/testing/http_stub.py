"""What every local provider stub shares (integrations/tests/*_stub.py): a threaded HTTP server on a
free port of 127.0.0.1 that a test points the provider's SDK at, and a handler that answers JSON.
Each stub adds only the provider's documented routes and its state."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

Stub = TypeVar("Stub", bound="StubServer")


class StubServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def serve(stub: Stub) -> Stub:
    """Answer in a daemon thread; the fixture calls `shutdown()` and `server_close()` after the test."""
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    return stub


class JsonHandler(BaseHTTPRequestHandler):
    content_type = "application/json"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: Any, headers: Iterable[tuple[str, str]] = ()) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))
