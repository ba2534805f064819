"""Where a time entry's rate comes from when none is given: rate providers a higher module plugs in.

People is the lower layer: jobs (whose signed contracts set a freelancer's rate) sits above it,
so people never imports jobs. A module registers a provider from its AppConfig.ready()
(jobs: `jobs.selectors.terms_on`); `rate_on(person, day)` asks them in turn and the first
answer wins. Registering again under the same key replaces the earlier provider.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dragonfly.core.providers import Providers

if TYPE_CHECKING:
    from .models import Person


@dataclass(frozen=True)
class Rate:
    """A rate agreed for a person on a day, and what it comes from (e.g. a contract)."""

    rate: Decimal
    unit: str  # "hour", "day" or "flat"
    currency: str
    source: Any = None


RateProvider = Callable[["Person", datetime.date], Rate | None]

_providers: Providers[Rate] = Providers()


def register_rate_provider(key: str, provider: RateProvider) -> None:
    _providers.register(key, provider)


def rate_on(person: Person, day: datetime.date) -> Rate | None:
    """The rate a provider knows for `person` on `day`, or None (then the entry carries none)."""
    return _providers.first(person, day)
