"""One HTTP POST to a webhook endpoint, connected to the address the SSRF check approved."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings

from .ssrf import resolve_public

EXCERPT = 1000  # characters of the response body kept in the delivery log


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    latency_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the URL's host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body`; raises UnsafeURL (refused address) or OSError/HTTPException (no answer).
    Redirects are not followed: a 3xx is an answer like any other (not a success)."""
    scheme, host, port, address = resolve_public(url)
    split = url.split("://", 1)[1]
    path = "/" + split.split("/", 1)[1] if "/" in split else "/"
    path = path.split("#", 1)[0]
    timeout = getattr(settings, "WEBHOOKS_TIMEOUT", 10)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, port, address, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read(EXCERPT * 4)
        status = response.status
    finally:
        connection.close()
    latency = int((time.monotonic() - started) * 1000)
    return Answer(status=status, body=raw.decode("utf-8", "replace")[:EXCERPT], latency_ms=latency)
