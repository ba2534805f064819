"""What other modules add to a production: health factors, summary sections and page tabs.

Productions is the lower layer: events, advancing and finance point at it (Event.production,
Advance.production, Budget.production), so it never imports them. Each of them registers what
it adds here from its AppConfig.ready():

- a **health factor** takes points off the score (finance: budget variance);
- a **summary section** adds a key to `get_production_summary` and to the API's summary
  (events: the next events; advancing: advances by status);
- a **tab** adds a tab to every production page, shown to users holding its permission on the
  production. A tab brings its own view, which productions mounts at `/productions/<pk>/<name>/`
  as `productions:<name>` (events: Schedule; advancing: Advances), or points at a page of the
  module (finance: Financials).

Registering again under the same name replaces the earlier entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest, HttpResponse

    from .models import Production


@dataclass(frozen=True)
class Factor:
    """One reason behind a health score: how many things, how many points off, in words."""

    key: str
    label: str
    count: int
    points: int  # 0 or negative
    detail: str
    # The facts behind `detail` (numbers, titles), so a page can word it again in the reader's
    # language: the score is stored by a background task that reads in the default language.
    facts: dict[str, Any] = field(default_factory=dict)


HealthFactor = Callable[["Production", datetime.date], Factor]
FactorWords = Callable[[int, dict[str, Any]], tuple[str, str]]


@dataclass(frozen=True)
class SummarySection:
    name: str  # its key in the summary
    rows: Callable[[Production, User], Any]  # what the overview shows, read through visible_to(user)
    as_json: Callable[[Any], Any]  # the same rows for the API
    position: int


@dataclass(frozen=True)
class Tab:
    name: str
    label: str | Promise  # a lazy translation: read when the page renders, in the reader's language
    url_name: str  # reversed with the production's pk
    perm: str  # shown to users holding this permission on the production
    position: int  # left to right
    view: Callable[..., HttpResponse] | None = None  # mounted at <pk>/<name>/ when given


_health_factors: dict[str, tuple[int, HealthFactor]] = {}
_factor_words: dict[str, FactorWords] = {}
_summary_sections: dict[str, SummarySection] = {}
_tabs: dict[str, Tab] = {}


def register_health_factor(
    key: str, compute: HealthFactor, *, position: int = 100, words: FactorWords | None = None
) -> None:
    """`compute(production, today)` returns the factor; factors of modules follow the built-in ones.
    `words(count, facts)` gives (label, detail) in the active language, so the page words a stored
    factor for its reader (the score is stored by a background task in the default language)."""
    _health_factors[key] = (position, compute)
    if words is not None:
        _factor_words[key] = words


def registered_factor_words(key: str) -> FactorWords | None:
    return _factor_words.get(key)


def health_factors() -> list[HealthFactor]:
    return [compute for _, compute in sorted(_health_factors.values(), key=lambda pair: pair[0])]


def register_summary_section(
    name: str,
    rows: Callable[[Production, User], Any],
    *,
    as_json: Callable[[Any], Any],
    position: int = 100,
) -> None:
    _summary_sections[name] = SummarySection(name, rows, as_json, position)


def summary_sections() -> list[SummarySection]:
    return sorted(_summary_sections.values(), key=lambda section: section.position)


def register_tab(
    name: str,
    label: str | Promise,
    *,
    perm: str,
    position: int,
    view: Callable[[HttpRequest, int], HttpResponse] | None = None,
    url_name: str = "",
) -> None:
    """A tab on production pages: its own `view` (at productions:<name>), or a page at `url_name`."""
    if (view is None) == (not url_name):
        raise ValueError("A production tab brings either its own view or the URL name of a page.")
    _tabs[name] = Tab(name, label, url_name or f"productions:{name}", perm, position, view)


def registered_tabs() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda tab: tab.position)
