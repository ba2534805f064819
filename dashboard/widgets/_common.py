"""What the widgets share: links to a module's filtered list, a workspace's day and currency."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from dragonfly.tenancy.access import local_today

WEEK = datetime.timedelta(days=7)


def ws_url(name: str, workspace: Any, **query: Any) -> str:
    """A workspace page of a module, with a filter in its query string."""
    url = reverse(name, args=[workspace.organization.slug, workspace.slug])
    return with_query(url, **query)


def with_query(url: str, **query: Any) -> str:
    pairs = [(k, v) for k, values in query.items() for v in (values if isinstance(values, list | tuple) else [values])]
    return f"{url}?{urlencode(pairs)}" if pairs else url


def today(workspace: Any) -> datetime.date:
    return local_today(workspace)


def counted(rows: Any, key: str, labels: dict[str, Any], url: Any) -> list[dict[str, Any]]:
    """Rows of a `values(key).annotate(n=…)` as figures, in the choices' order, each with its link."""
    found = {row[key]: row for row in rows}
    return [
        {"key": value, "label": str(label), "count": found[value]["n"], "url": url(value)}
        for value, label in labels.items()
        if value in found
    ]
