"""The SMS interface every provider adapter speaks, and the registry of SMS adapters by provider.

As with payments (`integrations/payments/base.py`, whose `Refused` and `Unreachable` are the ones
raised here too), nothing here calls a provider: `integrations.sms.tasks` does, in Celery."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from ..payments.base import Refused, Unreachable

__all__ = ["E164", "BadSignature", "Refused", "SentSms", "SmsAdapter", "Unreachable", "Unsubscribed"]

# A mobile number as providers take it: "+", a country code, at most 15 digits in all.
E164 = re.compile(r"\+[1-9]\d{6,14}")


class Unsubscribed(Refused):
    """The recipient told this sender to stop (Twilio's error 21610): never send to them again."""


class BadSignature(Exception):
    """A provider callback whose signature does not verify with the connection's credentials."""


@dataclass(frozen=True)
class SentSms:
    provider_sid: str
    status: str


class SmsAdapter(Protocol):
    provider: str

    def check(self, credentials: dict[str, Any]) -> str:
        """Ask the provider for the account the credentials name; returns a short description."""
        ...

    def send(self, credentials: dict[str, Any], *, to: str, body: str, status_callback: str) -> SentSms: ...

    def verify(self, credentials: dict[str, Any], url: str, params: dict[str, str], signature: str) -> None:
        """Raise BadSignature unless the provider signed this callback."""
        ...


_ADAPTERS: dict[str, SmsAdapter] = {}


def register(adapter: SmsAdapter) -> None:
    _ADAPTERS[adapter.provider] = adapter


def sms_adapter_for(provider: str) -> SmsAdapter:
    return _ADAPTERS[provider]
