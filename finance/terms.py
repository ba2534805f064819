"""Agreed terms an invoice starts from: terms providers a higher module plugs in.

Finance is the lower layer: jobs (whose signed contracts with companies set a rate) sits above
it, so finance never imports jobs. A module registers a provider from its AppConfig.ready()
(jobs: `jobs.selectors.terms_on`); `terms_for(company, day)` asks them in turn, and a draft
invoice for that company without lines starts with one line at the agreed rate.
Registering again under the same key replaces the earlier provider.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dragonfly.core.providers import Providers

if TYPE_CHECKING:
    from .models import Company


@dataclass(frozen=True)
class AgreedTerms:
    """An agreed rate with a company on a day: the invoice line it prefills, and its source."""

    description: str
    unit_price: Decimal
    currency: str
    source: Any = None

    def line(self) -> dict[str, Any]:
        return {"description": self.description, "quantity": Decimal("1"), "unit_price": self.unit_price}


TermsProvider = Callable[["Company", datetime.date], AgreedTerms | None]

_providers: Providers[AgreedTerms] = Providers()


def register_terms_provider(key: str, provider: TermsProvider) -> None:
    _providers.register(key, provider)


def terms_for(company: Company, day: datetime.date) -> AgreedTerms | None:
    """The terms a provider knows for `company` on `day`, or None."""
    return _providers.first(company, day)
