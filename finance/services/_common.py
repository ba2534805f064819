"""What every finance service shares: permission checks, status moves through the engine, activity."""

from django.db import transaction

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import require  # noqa: F401 (re-exported for the services)


def move(obj, to_status, *, actor, verb, note="", event=None, **options):
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


def record(obj, *, actor, verb, from_state="", to_state="", note="", data=None, workspace=None):
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


def actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
