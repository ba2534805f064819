"""API clients open a socket with a personal API token (dragonfly/tokens): `Authorization: Bearer
<secret>` (or `Token <secret>`) on the handshake. The token rides in the scope: the consumer reads
only the modules its scopes allow, and stops delivering once it is revoked or expired."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser


@database_sync_to_async
def token_for(secret: str) -> Any:
    from dragonfly.tokens.services import record_use, token_for_secret

    token = token_for_secret(secret)
    if token is None or not token.user.is_active:
        return None
    record_use(token)
    return token


class TokenAuthMiddleware(BaseMiddleware):
    """Sets scope["user"] from the handshake's Authorization header (never from the query string,
    which lands in access logs); no or a bad token leaves an anonymous user, whom the consumer refuses."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        scope = dict(scope)
        scope["user"] = AnonymousUser()
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                keyword, _, key = value.decode("latin-1").partition(" ")
                if keyword.lower() in ("bearer", "token") and 0 < len(key.strip()) <= 200:
                    token = await token_for(key.strip())
                    if token is not None:
                        scope["user"], scope["api_token"] = token.user, token
                break
        return await super().__call__(scope, receive, send)
