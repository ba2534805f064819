"""Answers a lower module asks of the modules above it, which it may not import (a freelancer's
contract rate for people, a vendor's agreed terms for finance): named providers that a higher
module plugs in from its AppConfig.ready(); the first provider that knows answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Providers(Generic[T]):
    def __init__(self) -> None:
        self._by_key: dict[str, Callable[..., T | None]] = {}

    def register(self, key: str, provider: Callable[..., T | None]) -> None:
        """Add `provider`; registering again under the same key replaces the earlier one."""
        self._by_key[key] = provider

    def first(self, *args: Any) -> T | None:
        """The first answer that is not None, asking the providers in the order they registered."""
        for provider in self._by_key.values():
            found = provider(*args)
            if found is not None:
                return found
        return None
