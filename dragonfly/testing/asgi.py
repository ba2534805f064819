"""A live ASGI server for browser tests that need WebSockets: daphne in a thread of the test process.

pytest-django's `live_server` speaks WSGI only. This one serves dragonfly.asgi's HTTP (with the
static files, as the WSGI live server does) and its WebSocket routes, in the test process, so it
shares the test database and the channel layer (the in-memory one, or Redis from REDIS_URL) with
the test. Twisted's reactor runs once per process: the server lives for the whole test session."""

from __future__ import annotations

import threading
import time

_server: dict[str, object] = {}


def _application():
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application

    from dragonfly.realtime.routing import websocket_urlpatterns

    return ProtocolTypeRouter(
        {"http": ASGIStaticFilesHandler(get_asgi_application()), "websocket": URLRouter(websocket_urlpatterns)}
    )


def live_asgi_url(timeout: float = 10.0) -> str:
    """Start the server once (127.0.0.1, a free port) and return its base URL."""
    if "url" in _server:
        return str(_server["url"])
    from daphne.server import Server
    from django.db import connections
    from twisted.internet import reactor

    # The server's threads close their database connections after each request and message (as
    # pytest-django's live server does), or PostgreSQL refuses to drop the test database at the end.
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0

    ready = threading.Event()
    server = Server(
        _application(),
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        signal_handlers=False,
        ready_callable=ready.set,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="asgi-live-server", daemon=True)
    thread.start()
    if not ready.wait(timeout):
        raise RuntimeError("The ASGI live server did not start")
    for _ in range(int(timeout * 20)):
        if server.listening_addresses:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("The ASGI live server is not listening")
    port = server.listening_addresses[0][1]
    _server.update(url=f"http://127.0.0.1:{port}", server=server, thread=thread, reactor=reactor)
    return str(_server["url"])
