"""What global search looks in: one `Source` per searchable model, registered by `search.sources`.

A module added later registers its own rows here (in `search/sources.py`, since search sits above
every module): a key, the model, how a row reads (title, body) and where it opens. Who may see a
hit is never decided here: `visible(user)` is the model's `visible_to(user)` unless a source says how
its rows inherit another's (an advance's lines read through the advance)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Source:
    key: str  # stable: stored in SearchEntry.object_type, named in ?type=
    model: type[models.Model]
    label: Promise  # the group's heading, plural ("Productions")
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    url: Callable[[Any], str]
    # The row's workspace and organization ids: the index's first cut before `visible`.
    workspace_id: Callable[[Any], int | None] = lambda obj: obj.workspace_id
    organization_id: Callable[[Any], int | None] = lambda obj: obj.workspace.organization_id
    related: tuple[str, ...] = ()  # select_related for indexing and for opening hits
    visible: Callable[[Any], models.QuerySet] | None = None
    # Which rows are searchable at all: the same rule as a queryset (reindex) and for one row (a save).
    indexed: Callable[[models.QuerySet], models.QuerySet] = field(default=lambda qs: qs)
    keeps: Callable[[Any], bool] = lambda obj: True
    # Of the visible rows, those the user may also open, when opening asks more than `visible` (a file).
    opens: Callable[[Any, list[Any]], list[Any]] | None = None
    order: int = 100  # the group's place on the results page
    # Rows whose text another model's row feeds, or which that model's services write in bulk (no
    # signal): (model, lookup from ours to it). A save of that row re-indexes ours (an advance's lines).
    follows: tuple[tuple[type[models.Model], str], ...] = ()

    def visible_rows(self, user: Any) -> models.QuerySet:
        rows = self.visible(user) if self.visible else self.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        return rows.select_related(*self.related) if self.related else rows

    def rows(self) -> models.QuerySet:
        rows = self.indexed(self.model._default_manager.all())
        return rows.select_related(*self.related) if self.related else rows


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.key in _SOURCES:
        raise ValueError(f"search source {source.key!r} is registered twice")
    _SOURCES[source.key] = source
    return source


def sources() -> list[Source]:
    """Every source, in the order the results page groups them."""
    return sorted(_SOURCES.values(), key=lambda s: s.order)


def source_for(key: str) -> Source | None:
    return _SOURCES.get(key)


def source_for_model(model: type[models.Model]) -> Source | None:
    return next((s for s in _SOURCES.values() if s.model is model), None)
