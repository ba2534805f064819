from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from .auth import TokenAuthMiddleware
from .consumers import LiveConsumer

# Pages authenticate by their session cookie, so their Origin must be one of ALLOWED_HOSTS (a page
# of another site can't ride on the cookie). API clients send their token in a header, which no
# other site can make a browser send: their path needs no Origin (programs often send none).


class SameHostOrigin:
    """Channels' AllowedHostsOriginValidator, built per connection so it reads ALLOWED_HOSTS as the
    settings say now (the stock one reads them once, when this module is imported)."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        return await AllowedHostsOriginValidator(self.application)(scope, receive, send)


websocket_urlpatterns = [
    path("ws/live/", SameHostOrigin(AuthMiddlewareStack(LiveConsumer.as_asgi()))),
    path("ws/api/live/", TokenAuthMiddleware(LiveConsumer.as_asgi())),
]
