"""Query-count pins: a list costs the same number of queries whatever it shows.

`assert_constant_queries(client, url, grow)` reads `url`, calls `grow()` (more rows in the list, or a
bigger page), reads it again, and fails unless the query count is the same and more rows were shown.
`PageSize` is the `grow` that works for every list at once: it sets the page size of the HTML lists
(`dragonfly.core.pages.paginate`) and of the API (`?limit`), so one fixture's rows go from a page of 1
to a page of 200 — a query per row shows as 199 more queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.core.paginator import ListPaginator


def read(client: Any, url: str) -> tuple[int, int]:
    """(queries, rows shown) of one GET: rows from an API body's `results` or a page's `page`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT="application/json" if url.startswith("/api/") else "text/html")
    assert response.status_code == 200, f"{url}: {response.status_code}"
    if url.startswith("/api/"):
        body = response.json()
        # a list's rows; an object's answer (a workspace's dashboard figures) shows no rows
        rows = len(body) if isinstance(body, list) else len(body.get("results", []))
    else:
        page = (response.context or {}).get("page")
        rows = len(page.object_list) if page is not None else 0
    return len(queries), rows


def assert_constant_queries(client: Any, url: str, grow: Callable[[], Any]) -> tuple[int, int, int]:
    """The same queries before and after `grow()`; returns (queries, rows before, rows after)."""
    before, small = read(client, url)
    grow()
    after, big = read(client, url)
    assert after == before, f"{url}: {before} queries for {small} rows, {after} for {big}"
    return before, small, big


class PageSize:
    """Every list's page size while `active()`: HTML pages and API `?limit` alike."""

    def __init__(self, size: int = 1):
        self.size = size

    def set(self, size: int) -> None:
        self.size = size

    @contextmanager
    def active(self, monkeypatch: Any) -> Iterator[PageSize]:
        from rest_framework.pagination import LimitOffsetPagination

        from dragonfly.core import pages

        monkeypatch.setattr(pages, "ListPaginator", lambda rows, per_page, **kw: ListPaginator(rows, self.size, **kw))
        monkeypatch.setattr(LimitOffsetPagination, "get_limit", lambda pagination, request: self.size)
        yield self
