"""The payments interface every provider adapter speaks, and the registry of adapters by provider.

Nothing here calls a provider: `integrations.tasks` does, in Celery. An adapter raises `Refused`
when the provider says no (a wrong key, a refused amount: a message for the admin, no retry) and
`Unreachable` when it could not be asked (timeout, network, the provider's own error: retried)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol


class Refused(Exception):
    """The provider answered no; the message is shown to the admin."""


class Unreachable(Exception):
    """The provider could not be asked; worth trying again later."""


class BadSignature(Exception):
    """A webhook whose signature does not verify with the connection's signing secret."""


@dataclass(frozen=True)
class Checkout:
    provider_id: str
    url: str


@dataclass(frozen=True)
class PaymentEvent:
    """A provider event, reduced to what finance needs. `kind` is one of "paid", "refunded" or
    "other"; `reference` names our object (from the metadata we sent), `payment_intent` the payment.
    `refunded`: for a refund, how much of the payment was given back so far (all refunds together)."""

    id: str
    type: str
    kind: str
    checkout_id: str = ""
    payment_intent: str = ""
    reference: dict[str, Any] = field(default_factory=dict)
    amount: Decimal | None = None
    refunded: Decimal | None = None


class PaymentsAdapter(Protocol):
    provider: str
    # The credential fields an admin enters, in order: (name, label); all are secret
    fields: tuple[tuple[str, str], ...]

    def check(self, credentials: dict[str, Any]) -> str:
        """Ask the provider who the key belongs to; returns a short description."""
        ...

    def create_checkout(
        self,
        credentials: dict[str, Any],
        *,
        amount: Decimal,
        currency: str,
        description: str,
        reference: dict[str, str],
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
    ) -> Checkout: ...

    def parse_event(self, credentials: dict[str, Any], payload: bytes, signature: str) -> PaymentEvent: ...


_ADAPTERS: dict[str, PaymentsAdapter] = {}


def register(adapter: PaymentsAdapter) -> None:
    _ADAPTERS[adapter.provider] = adapter


def adapter_for(provider: str) -> PaymentsAdapter:
    return _ADAPTERS[provider]


def providers() -> list[str]:
    return list(_ADAPTERS)
