"""Domain events: a service says what happened once; whoever cares subscribes.

A service publishes `advance.approved` (or `po.approved`, `incident.reported`, …) inside the
transaction of the change. Subscribers come in two kinds:

- **in the transaction** (`subscribe(name, in_transaction=True)`): they run at once, inside
  the publisher's transaction, and may refuse by raising a DomainError, which undoes the
  whole change (finance refusing an approval that breaks a budget rule);
- **after commit** (the default): they run once the transaction commits, never for a change
  that was rolled back. They queue the slow work (mail, webhooks, pushes) on Celery. One
  failing subscriber is logged and does not stop the others or fail the request.

Modules never call each other's side effects directly: advancing publishes, finance,
notifications, automations and realtime listen. The core knows no module; modules register
their subscribers in their AppConfig.ready().
"""

from __future__ import annotations

import contextlib
import contextvars
import fnmatch
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DomainEvent:
    """What happened (`name`), to which object, by whom, where; `data` is small and JSON-safe."""

    name: str
    obj: models.Model
    actor: Any = None
    workspace_id: int | None = None
    entry_id: int | None = None  # the activity entry the change wrote, when it wrote one
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def model_label(self) -> str:
        return self.obj._meta.label_lower

    @property
    def object_id(self) -> Any:
        return self.obj.pk


Handler = Callable[[DomainEvent], None]


@dataclass(frozen=True)
class _Subscription:
    pattern: str
    handler: Handler
    in_transaction: bool


_subscriptions: list[_Subscription] = []
_published: list[DomainEvent] | None = None  # set by `capture()` in tests
_quiet = contextvars.ContextVar("dragonfly_events_quiet", default=False)


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Changes made in this block tell nobody: after-commit subscribers and deferred tasks (the
    outbox's notifications, emails, health refreshes) are skipped. In-transaction subscribers
    still run, so the rows are what the services make (finance still commits an approved
    advance). For bulk loads such as the demo seed, which refreshes what it needs once at the end."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    return _quiet.get()


def subscribe(pattern: str, *, in_transaction: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler for events whose name matches `pattern` (`advance.*`, `*`). Idempotent."""

    def register(handler: Handler) -> Handler:
        sub = _Subscription(pattern, handler, in_transaction)
        if sub not in _subscriptions:
            _subscriptions.append(sub)
        return handler

    return register


def unsubscribe(handler: Handler) -> None:
    _subscriptions[:] = [s for s in _subscriptions if s.handler is not handler]


def subscribers(name: str, *, in_transaction: bool) -> list[Handler]:
    return [
        s.handler for s in _subscriptions if s.in_transaction == in_transaction and fnmatch.fnmatchcase(name, s.pattern)
    ]


def publish(
    name: str,
    obj: models.Model,
    *,
    actor: Any = None,
    workspace: Any = None,
    entry: Any = None,
    data: dict[str, Any] | None = None,
) -> DomainEvent:
    """Publish one event about `obj`. Call it inside the service's transaction."""
    if workspace is None:
        from dragonfly.tenancy.access import workspace_of

        workspace = workspace_of(obj)
    event = DomainEvent(
        name=name,
        obj=obj,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        workspace_id=getattr(workspace, "pk", workspace),
        entry_id=getattr(entry, "pk", entry),
        data=data or {},
    )
    if _published is not None:
        _published.append(event)
    for handler in subscribers(name, in_transaction=True):
        handler(event)  # may raise: the publisher's transaction rolls back
    if not is_quiet():
        transaction.on_commit(lambda: _deliver(event))
    return event


def _deliver(event: DomainEvent) -> None:
    for handler in subscribers(event.name, in_transaction=False):
        try:
            handler(event)
        except Exception:  # one broken subscriber must not cost the others their event
            log.exception("Subscriber %s failed on %s", getattr(handler, "__qualname__", handler), event.name)


class capture:
    """Collect the events published inside a `with` block (tests): `with capture() as events: …`."""

    def __enter__(self) -> list[DomainEvent]:
        global _published
        self._previous = _published
        _published = []
        return _published

    def __exit__(self, *exc: object) -> None:
        global _published
        _published = self._previous
