"""The CRM interface every provider adapter speaks, and the registry of adapters by provider.

Nothing here calls a provider: integrations/crm/tasks.py does, in Celery. Adapters raise the
payments' `Refused` (the provider said no: shown to the admin, no retry) and `Unreachable` (could
not ask: retried), so every kind reports failures one way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from ..payments.base import Refused, Unreachable

__all__ = ["CrmAdapter", "Deal", "Refused", "Unreachable", "adapter_for", "register"]


@dataclass(frozen=True)
class Deal:
    id: str
    name: str
    created_at: datetime
    amount: Decimal | None = None
    close_date: date | None = None


class CrmAdapter(Protocol):
    provider: str
    # The credential fields an admin enters: (name, label, prefixes a value starts with)
    fields: tuple[tuple[str, Any, tuple[str, ...]], ...]

    def check(self, credentials: dict[str, Any]) -> str:
        """Ask the provider whether the credentials work; returns a short description."""
        ...

    def push(self, credentials: dict[str, Any], object_type: str, remote_id: str, properties: dict[str, str]) -> str:
        """Create (no `remote_id`) or update a "company" or "contact"; returns its remote id."""
        ...

    def associate(self, credentials: dict[str, Any], contact_id: str, company_id: str) -> None: ...

    def new_deals(self, credentials: dict[str, Any], since: datetime) -> list[Deal]:
        """Deals created after `since`, oldest first."""
        ...


_ADAPTERS: dict[str, CrmAdapter] = {}


def register(adapter: CrmAdapter) -> None:
    _ADAPTERS[adapter.provider] = adapter


def adapter_for(provider: str) -> CrmAdapter:
    return _ADAPTERS[provider]
