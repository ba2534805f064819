"""Page ↔ API ↔ `visible_to` parity: one rule per model decides what a user sees, wherever they look.

A `ListCase` names a model, its API list and (where there is one) its HTML list page. For a
user, `list_parity(case, user, workspace)` reads every page of both and returns what differs
from `Model.objects.visible_to(user)`; `assert_parity` runs it for many users and lists every
disagreement at once. `api_list_routes()` finds every list endpoint the API serves, so a test
can fail when a new one has no case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dragonfly.tenancy.access import clear_access


@dataclass(frozen=True)
class ListCase:
    model: type
    api: str  # the API list path, e.g. "/api/productions/"
    page: str | None = None  # URL name of the workspace list page, reversed with (org slug, ws slug)
    page_kwargs: dict[str, Any] = field(default_factory=dict)  # extra GET parameters for the page
    page_in_workspace: bool = True  # False: a page across workspaces (the review queue), reversed bare
    # What the user should see: default `visible_to(user)`. A list that shows a named subset
    # (the review queue, "my advances") says which, built on visible_to: user -> queryset.
    rows: Callable[[Any], Any] | None = None
    page_rows: Callable[[Any], Any] | None = None  # the page's subset when it differs from the API's

    @property
    def label(self) -> str:
        return self.model._meta.label


def api_ids(client: Client, path: str) -> set[Any]:
    ids: set[Any] = set()
    url: str | None = f"{path}{'&' if '?' in path else '?'}limit=200"
    while url:
        response = client.get(url, HTTP_ACCEPT="application/json")
        if response.status_code == 403:
            return ids  # a list the role may not open shows it nothing (visible_to must agree)
        assert response.status_code == 200, f"{path}: {response.status_code} {response.content[:200]!r}"
        body = response.json()
        rows = body["results"] if isinstance(body, dict) and "results" in body else body
        ids |= {row["id"] for row in rows}
        url = body.get("next") if isinstance(body, dict) else None
    return ids


def page_ids(client: Client, url: str, params: dict[str, Any]) -> set[Any] | None:
    """Ids on every page of an HTML list (its `page` context); None when the role may not open it."""
    ids: set[Any] = set()
    number = 1
    while True:
        response = client.get(url, {**params, "page": number})
        if response.status_code in (403, 404):
            return None
        assert response.status_code == 200, f"{url}: {response.status_code}"
        page = response.context["page"]
        ids |= {getattr(row, "pk", row) for row in page.object_list}
        if not page.has_next():
            return ids
        number += 1


def list_parity(case: ListCase, user: Any, workspace: Any) -> list[str]:
    clear_access(user)
    expected = _pks(case.rows(user) if case.rows else case.model.objects.visible_to(user))
    here = _pks(case.page_rows(user)) if case.page_rows else expected
    if case.page_in_workspace:
        here = _pks(case.model.objects.in_workspace(workspace).filter(pk__in=here))
    client = Client()
    client.force_login(user)
    wrong = []
    got = api_ids(client, case.api)
    if got != expected:
        wrong.append(f"{case.label} API for {user}: {_diff(got, expected)}")
    if case.page:
        args = [workspace.organization.slug, workspace.slug] if case.page_in_workspace else []
        url = reverse(case.page, args=args)
        shown = page_ids(client, url, case.page_kwargs)
        if shown is not None and shown != here:
            wrong.append(f"{case.label} page for {user}: {_diff(shown, here)}")
    return wrong


def assert_parity(cases: Iterable[ListCase], users: Iterable[Any], workspace: Any) -> int:
    """Every case for every user; returns how many (case, user) pairs were compared."""
    wrong: list[str] = []
    compared = 0
    users = list(users)
    for case in cases:
        for user in users:
            wrong += list_parity(case, user, workspace)
            compared += 1
    assert not wrong, "Page/API/visible_to disagree:\n" + "\n".join(wrong)
    return compared


def api_list_routes() -> dict[str, type]:
    """Every API route that lists rows (a viewset's `list`) in the schema, path → viewset class."""
    routes: dict[str, type] = {}

    def walk(patterns: Iterable[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                actions = getattr(p.callback, "actions", None) or {}
                # A route left out of the schema (a tolerated trailing-slash twin) is the same list.
                if cls is not None and actions.get("get") == "list" and cls.schema is not None:
                    routes["/" + prefix + str(p.pattern)] = cls

    walk(get_resolver().url_patterns, "")
    return {path: cls for path, cls in routes.items() if path.startswith("/api/")}


def _pks(queryset: Any) -> set[Any]:
    return set(queryset.order_by().values_list("pk", flat=True))


def _diff(got: set[Any], want: set[Any]) -> str:
    return f"extra {sorted(got - want)[:10]}, missing {sorted(want - got)[:10]}"
