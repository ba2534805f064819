"""What every finance service shares: permission checks, moves against the tables, activity."""

from django.core.exceptions import PermissionDenied

from dragonfly.activity.services import record_activity

from ..errors import InvalidTransition


def require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def check_move(obj, to_status, table, noun):
    """Refuse a move the status table does not allow, saying where the object stands."""
    current = type(obj).status.field.choices
    labels = dict(current)
    if to_status not in table[obj.status]:
        here = labels.get(obj.status, obj.status).lower()
        there = labels.get(to_status, to_status).lower()
        if obj.status == to_status:
            raise InvalidTransition(f"This {noun} is already {here}.")
        raise InvalidTransition(f"A {here} {noun} cannot become {there}.")


def record(obj, *, actor, verb, from_state="", to_state="", note="", data=None, workspace=None):
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


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


def actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
