"""The analytics interface every provider adapter speaks, and the registry by provider.

Nothing here calls a provider: integrations/analytics/tasks.py does, in Celery. Adapters raise the
payments' `Refused` (shown to the admin, no retry) and `Unreachable` (retried)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..payments.base import Refused, Unreachable

__all__ = ["AnalyticsAdapter", "Event", "Refused", "Unreachable", "adapter_for", "register"]


@dataclass(frozen=True)
class Event:
    name: str
    distinct_id: str  # a keyed hash, never the user's id (events.py)
    timestamp: datetime
    properties: dict[str, Any] = field(default_factory=dict)
    uuid: str = ""  # the provider drops a second copy of an event resent after a failure


class AnalyticsAdapter(Protocol):
    provider: str
    # The fields an admin enters: (name, label, secret?)
    fields: tuple[tuple[str, Any, bool], ...]

    def clean(self, values: dict[str, str]) -> dict[str, str]:
        """The credentials from the admin's input; raises ValueError with a message when wrong."""
        ...

    def send(self, credentials: dict[str, Any], events: list[Event]) -> None: ...


_ADAPTERS: dict[str, AnalyticsAdapter] = {}


def register(adapter: AnalyticsAdapter) -> None:
    _ADAPTERS[adapter.provider] = adapter


def adapter_for(provider: str) -> AnalyticsAdapter:
    return _ADAPTERS[provider]
