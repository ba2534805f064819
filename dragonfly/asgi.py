"""ASGI entry point: HTTP through Django, WebSocket through Channels (dragonfly/realtime).

Browsers authenticate a socket by their session (/ws/live/, Origin checked against ALLOWED_HOSTS),
API clients by a personal API token (Bearer) in the handshake's Authorization header (/ws/api/live/).
Serve it with `daphne dragonfly.asgi:application` (README); `manage.py runserver` serves it too."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragonfly.settings")
django_application = get_asgi_application()  # sets Django up before the consumers import models

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from dragonfly.realtime.routing import websocket_urlpatterns  # noqa: E402


def _wrapped(app):
    """Each ASGI_WRAPPERS entry (a dotted path, so the core imports no module) wraps the application:
    the MCP server for AI agents answers at /mcp/ beside the site (mcp_server/asgi.py)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in getattr(settings, "ASGI_WRAPPERS", ()):
        app = import_string(path)(app)
    return app


application = _wrapped(ProtocolTypeRouter({"http": django_application, "websocket": URLRouter(websocket_urlpatterns)}))
