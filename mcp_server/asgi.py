"""Serving the MCP server over streamable HTTP beside Django, at /mcp/ (`with_mcp(django_app)` in
dragonfly/asgi.py). Stateless JSON mode: every POST stands alone, so any web process answers any
request (no session affinity), and no stream stays open.

Every request must carry a live personal API token (`Authorization: Bearer dfly_…`); without one it
is a 401 in JSON with a Bearer challenge. The token rides in the ASGI scope to the tools, which check
its scopes and act as its user."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from mcp.server.transport_security import TransportSecuritySettings

from .server import SCOPE_KEY, build_server

MOUNT = "/mcp"


def _bearer(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            parts = value.split()
            if len(parts) == 2 and parts[0].lower() in (b"bearer", b"token"):
                try:
                    return parts[1].decode("ascii")
                except UnicodeDecodeError:
                    return None
    return None


def _live_token(secret: str | None) -> Any:
    from dragonfly.tokens.services import record_use, token_for_secret

    token = token_for_secret(secret or "")
    if token is None or not token.user.is_active:
        return None
    record_use(token)
    return token


async def _answer(send: Any, status: int, body: bytes, *extra: tuple[bytes, bytes]) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Any) -> None:
    body = b'{"detail": "Invalid, expired or revoked token.", "code": "authentication_failed"}'
    await _answer(send, 401, body, (b"www-authenticate", b'Bearer realm="mcp"'))


NOT_STARTED = (
    b'{"detail": "The MCP server runs under an ASGI server with the lifespan protocol: serve /mcp/ with '
    b'uvicorn (README, Connecting an AI agent); daphne and runserver do not start it.", "code": "mcp_not_started"}'
)


def mcp_http_app() -> Any:
    """The MCP server's Starlette app, answering at MOUNT (`.session_manager` rides along on it)."""
    server = build_server(
        streamable_http_path=MOUNT,
        stateless_http=True,
        json_response=True,
        # The Host header is checked by Django's ALLOWED_HOSTS for the site; the token guards this door.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    app = server.streamable_http_app()
    app.state.session_manager = server.session_manager
    return app


def _started(mcp_app: Any) -> bool:
    """Whether the lifespan started the session manager (uvicorn does; daphne and runserver run none).
    The SDK keeps its task group private; an SDK without the attribute is taken as started."""
    return getattr(mcp_app.state.session_manager, "_task_group", True) is not None


class TokenGate:
    """Lets a request through to the MCP app only with a live API token, which it leaves in the scope."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = await sync_to_async(_live_token, thread_sensitive=True)(_bearer(scope))
        if token is None:
            return await _refuse(send)
        await self.app({**scope, SCOPE_KEY: token}, receive, send)


def with_mcp(django_app: Any) -> Any:
    """An ASGI app that sends /mcp and /mcp/ to the MCP server and everything else to `django_app`;
    the lifespan (the MCP session manager's task group) goes to the MCP app."""
    mcp_app = mcp_http_app()
    gate = TokenGate(mcp_app)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await mcp_app(scope, receive, send)
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == MOUNT or path.startswith(MOUNT + "/")):
            if not _started(mcp_app):
                return await _answer(send, 503, NOT_STARTED)
            return await gate({**scope, "path": MOUNT, "raw_path": MOUNT.encode()}, receive, send)
        return await django_app(scope, receive, send)

    app.mcp_app = mcp_app  # type: ignore[attr-defined] # for tests that run its lifespan themselves
    return app
