"""What every finance service shares: permission checks, status moves through the engine, activity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.workflow import WorkflowModel, transition
from dragonfly.tenancy.access import require  # noqa: F401 (re-exported for the services)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db import models

    from dragonfly.activity.models import ActivityEntry
    from dragonfly.tenancy.models import Workspace

_Row = TypeVar("_Row", bound=WorkflowModel)


def move(
    obj: _Row,
    to_status: str,
    *,
    actor: User | None,
    verb: str,
    note: str | None = "",
    event: str | None = None,
    **options: Any,
) -> _Row:
    """Move `obj` through its workflow (lock → check → prepare → save → activity → event).

    The activity entry is `verb`, triggered as `finance.<verb>`; the domain event is `event`
    when the history's verb and the event's name differ (`purchase_order.approved` /
    `po.approved`), else the verb. Returns the moved, locked row."""
    with transaction.atomic():  # the event's in-transaction subscribers may still undo the move
        done = transition(
            obj,
            to_status,
            actor=actor,
            verb=verb,
            note=(note or "").strip(),
            trigger=f"finance.{verb}",
            event=event is None,
            **options,
        )
        if event is not None:
            data = {"from": done.from_status, "to": done.to_status}
            publish(event, done.obj, actor=actor, entry=done.entry, data=data)
    return done.obj


def record(
    obj: models.Model,
    *,
    actor: User | None,
    verb: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    workspace: Workspace | None = None,
) -> ActivityEntry:
    """The activity entry of a change that is not a status move (created, edited, a first approval)."""
    return record_activity(
        obj,
        actor=actor,
        verb=verb,
        trigger=f"finance.{verb}",
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
        workspace=workspace,
    )


def actor_or_none(actor: Any) -> User | None:  # Any: a User, an AnonymousUser or None
    return actor if getattr(actor, "is_authenticated", False) else None
