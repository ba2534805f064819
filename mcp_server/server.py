"""Dragonfly's MCP server (the official `mcp` SDK's FastMCP): tools an AI agent calls as the owner of a
personal API token, and the catalog as resources.

The token comes from the HTTP request (`Authorization: Bearer dfly_…`, checked by `asgi.py`, which
puts it in the request's ASGI scope) or, for a local agent over stdio, from the command line
(`build_server(secret=…)`). Each call re-checks the token (a revoked or expired one stops at once),
checks its scopes (a read scope cannot write; a module scope reaches only its module) and then runs
the plain function in `tools.py` as the token's user, in Django's sync world."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from mcp.server.fastmcp import Context, FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from dragonfly.core.errors import DomainError
from dragonfly.tokens import scopes as scope_rules
from dragonfly.tokens.models import APIToken
from dragonfly.tokens.services import record_use, token_for_secret

from . import tools

SCOPE_KEY = "dragonfly.api_token"  # where asgi.py leaves the request's token in the ASGI scope
INSTRUCTIONS = (
    "Dragonfly runs live-event productions: productions, events (shows), advances (requests for what a "
    "show needs, from a standard catalog, reviewed by the production office) and budgets. You act as the "
    "owner of the API token, with exactly their rights. Ids come from the list tools; catalog item ids "
    "(e.g. TECH-1000) from the dragonfly://catalog resource."
)
READ_ONLY = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
WRITES = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)


def _request_token(ctx: Context) -> APIToken | None:
    try:
        request = ctx.request_context.request
    except ValueError:  # no request in flight
        request = None
    return request.scope.get(SCOPE_KEY) if request is not None else None


def _as_user(module: str, *, write: bool, secret: str | None, request_token: APIToken | None, call: Callable) -> Any:
    """Run `call(user)` for the token's user (in a worker thread: the ORM is sync)."""
    token = request_token if request_token is not None else token_for_secret(secret or "")
    if token is None or not token.user.is_active:
        raise ToolError("Invalid, expired or revoked token.")
    if not scope_rules.allows(token.scopes, module, write=write):
        raise ToolError(scope_rules.refusal(module, write=write))
    if request_token is None:
        record_use(token)  # over HTTP, asgi.py noted the use already
    try:
        return call(token.user)
    except PermissionDenied as exc:
        raise ToolError(str(exc) or "You may not do this.") from None
    except DomainError as exc:
        raise ToolError(str(exc)) from None


def build_server(*, secret: str | None = None, **settings: Any) -> FastMCP:
    """A FastMCP server with Dragonfly's tools. `secret`: the token of a local (stdio) agent; over HTTP
    the request's token is used instead. `settings` go to FastMCP (paths, stateless_http, …)."""
    mcp = FastMCP("Dragonfly", instructions=INSTRUCTIONS, **settings)

    def run(module: str, *, write: bool = False) -> Callable:
        def runner(call: Callable) -> Any:
            token = _request_token(mcp.get_context())
            job = functools.partial(_as_user, module, write=write, secret=secret, request_token=token, call=call)
            return sync_to_async(job, thread_sensitive=True)()

        return runner

    reads = {m: run(m) for m in ("search", "tenancy", "productions", "events", "advancing", "finance")}
    write_advancing = run("advancing", write=True)

    @mcp.tool(annotations=READ_ONLY)
    async def search(
        query: Annotated[str, Field(description="Words to look for", max_length=200)],
        limit: Annotated[int, Field(ge=1, le=100)] = 20,
    ) -> list[dict[str, Any]]:
        """Search everything you may see (productions, events, advances, people, assets, …)."""
        return await reads["search"](lambda user: tools.search(user, query, limit))

    @mcp.tool(annotations=READ_ONLY)
    async def list_workspaces() -> list[dict[str, Any]]:
        """The workspaces (tours, festivals, departments) you belong to: their ids submit advances."""
        return await reads["tenancy"](tools.list_workspaces)

    @mcp.tool(annotations=READ_ONLY)
    async def list_productions(
        status: str = "", limit: Annotated[int, Field(ge=1, le=100)] = 50
    ) -> list[dict[str, Any]]:
        """Productions you may see, newest first; `status` narrows (concept, planning, active, completed, …)."""
        return await reads["productions"](lambda user: tools.list_productions(user, status, limit))

    @mcp.tool(annotations=READ_ONLY)
    async def get_production(production_id: int) -> dict[str, Any]:
        """One production."""
        return await reads["productions"](lambda user: tools.get_production(user, production_id))

    @mcp.tool(annotations=READ_ONLY)
    async def production_summary(production_id: int) -> dict[str, Any]:
        """A production's summary (tasks, next events, advances, compliance, milestones) and its health score
        with the factors behind it."""
        return await reads["productions"](lambda user: tools.production_summary(user, production_id))

    @mcp.tool(annotations=READ_ONLY)
    async def list_events(
        production_id: int | None = None, limit: Annotated[int, Field(ge=1, le=100)] = 50
    ) -> list[dict[str, Any]]:
        """Events (shows, rehearsals, load-ins) you may see, soonest first; optionally of one production."""
        return await reads["events"](lambda user: tools.list_events(user, production_id, limit))

    @mcp.tool(annotations=READ_ONLY)
    async def get_event(event_id: int) -> dict[str, Any]:
        """One event."""
        return await reads["events"](lambda user: tools.get_event(user, event_id))

    @mcp.tool(annotations=READ_ONLY)
    async def list_advances(status: str = "", limit: Annotated[int, Field(ge=1, le=100)] = 50) -> list[dict[str, Any]]:
        """Advances you may see, newest first; `status` narrows (draft, submitted, under_review, approved, …)."""
        return await reads["advancing"](lambda user: tools.list_advances(user, status, limit))

    @mcp.tool(annotations=READ_ONLY)
    async def get_advance(advance_id: int) -> dict[str, Any]:
        """One advance with its items."""
        return await reads["advancing"](lambda user: tools.get_advance(user, advance_id))

    @mcp.tool(annotations=WRITES)
    async def submit_advance(
        workspace_id: int,
        items: Annotated[
            list[dict[str, Any]],
            Field(
                description="Lines: {catalog_item: 'TECH-1000', quantity: 2} or a custom line "
                "{name, unit, quantity, unit_cost}; notes and description are optional",
                min_length=1,
                max_length=200,
            ),
        ],
        production_id: int | None = None,
        activation_name: Annotated[str, Field(max_length=200)] = "",
        team: Annotated[str, Field(max_length=200)] = "",
    ) -> dict[str, Any]:
        """Ask the production office for what a show needs: creates an advance with these items and submits
        it for review (reviewers are notified)."""
        return await write_advancing(
            lambda user: tools.submit_advance(user, workspace_id, items, production_id, activation_name, team),
        )

    @mcp.tool(annotations=WRITES)
    async def approve_advance(advance_id: int, note: Annotated[str, Field(max_length=2000)] = "") -> dict[str, Any]:
        """Approve a submitted advance (only if your role lets you approve it)."""
        return await write_advancing(lambda user: tools.approve_advance(user, advance_id, note))

    @mcp.tool(annotations=WRITES)
    async def reject_advance(
        advance_id: int, note: Annotated[str, Field(description="Why: the submitter reads it", max_length=2000)]
    ) -> dict[str, Any]:
        """Reject a submitted advance with a reason (only if your role lets you review it)."""
        return await write_advancing(lambda user: tools.reject_advance(user, advance_id, note))

    @mcp.tool(annotations=READ_ONLY)
    async def list_budgets(limit: Annotated[int, Field(ge=1, le=100)] = 50) -> list[dict[str, Any]]:
        """Budgets you may see with planned, committed and actual money and their state (ok, amber, red)."""
        return await reads["finance"](lambda user: tools.list_budgets(user, limit))

    @mcp.tool(annotations=READ_ONLY)
    async def get_budget(budget_id: int) -> dict[str, Any]:
        """One budget with its lines."""
        return await reads["finance"](lambda user: tools.get_budget(user, budget_id))

    @mcp.resource("dragonfly://catalog", name="catalog", mime_type="application/json")
    async def catalog() -> list[dict[str, Any]]:
        """The advancing catalog: every item's id, category, name and standard unit."""
        return await reads["advancing"](lambda user: tools.catalog())

    @mcp.resource("dragonfly://catalog/{item_id}", name="catalog_item", mime_type="application/json")
    async def catalog_item(item_id: str) -> dict[str, Any]:
        """One catalog item with its variations, accessories and specifications."""
        return await reads["advancing"](lambda user: tools.catalog_item(item_id))

    return mcp
