"""From a committed domain event to the channel-layer groups that may want it.

Runs as an after-commit subscriber: a group send is one Redis round trip (or an in-process append
with the in-memory layer, which only a worker in the same process could reach, so this is not
queued on Celery). Nothing here decides who sees what: every connection checks each message."""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from typing import Any

from channels.layers import get_channel_layer
from django.utils import timezone

from dragonfly.core.events import DomainEvent, is_quiet
from dragonfly.tenancy.access import display_name

from .groups import list_group, live_model, object_group, related_groups, user_group
from .sender import group_send_all

log = logging.getLogger(__name__)

MAX_DATA_CHARS = 2000  # an event's `data` larger than this is left out of the push (the page refetches)


def _small(data: dict[str, Any]) -> dict[str, Any]:
    import json

    try:
        text = json.dumps(data, default=str)
    except (TypeError, ValueError):
        return {}
    return json.loads(text) if len(text) <= MAX_DATA_CHARS else {}


def event_message(event: DomainEvent) -> dict[str, Any]:
    label = event.model_label
    return {
        "type": "live.event",
        "uid": uuid.uuid4().hex,
        "event": event.name,
        "model": label,
        "id": event.object_id,
        "workspace": event.workspace_id,
        "actor_id": getattr(event.actor, "pk", None),
        "actor": display_name(event.actor) if event.actor is not None else "",
        "data": _small(event.data),
        "at": timezone.now().isoformat(),
    }


def groups_for(event: DomainEvent) -> list[str]:
    label = event.model_label
    names = [object_group(label, event.object_id), *related_groups(event.obj)]
    if event.workspace_id is not None:
        names.append(list_group(label, event.workspace_id))
    return list(dict.fromkeys(names))


def send(groups: list[str], message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    group_send_all(layer, groups, message)


def push_event(event: DomainEvent) -> None:
    send(groups_for(event), event_message(event))


# Activity entries a published event already speaks for (its `entry`): their change is pushed once,
# by the event, which carries the richer name and data (the review queue reads `data.to`).
_covered: OrderedDict[int, None] = OrderedDict()
_covered_lock = threading.Lock()
MAX_COVERED = 10_000  # entries of transactions rolled back are never taken: the oldest go


def note_entry(event: DomainEvent) -> None:
    """In the publisher's transaction: remember that `event` speaks for its activity entry."""
    if event.entry_id is None:
        return
    with _covered_lock:
        _covered[event.entry_id] = None
        while len(_covered) > MAX_COVERED:
            _covered.popitem(last=False)


def _take_covered(entry_id: int) -> bool:
    with _covered_lock:
        return _covered.pop(entry_id, "no") is None


def activity_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """Most changes write an activity entry but publish no event (a task added, a crew call made): once
    committed, the entry's object is pushed as if it had published one, and the entry itself to the
    workspace's activity feeds."""
    if not created or is_quiet():
        return
    from django.db import transaction

    transaction.on_commit(lambda: _safe(push_activity, instance))


def push_activity(entry: Any) -> None:
    if not _take_covered(entry.pk):
        target = entry.target if live_model(f"{entry.content_type.app_label}.{entry.content_type.model}") else None
        if target is not None:
            data = {"from": entry.from_state, "to": entry.to_state} if entry.to_state else {}
            push_event(_entry_event(entry, target, entry.verb, data))
    push_event(_entry_event(entry, entry, "activity.recorded", {"verb": entry.verb}))


def _entry_event(entry: Any, obj: Any, name: str, data: dict[str, Any]) -> DomainEvent:
    return DomainEvent(
        name=name, obj=obj, actor=entry.actor, workspace_id=entry.workspace_id, entry_id=entry.pk, data=data
    )


def notification_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """The bell: a new notification tells its recipient's open pages once the row is committed."""
    if not created:
        return
    from django.db import transaction

    message = {"type": "live.notification", "uid": uuid.uuid4().hex, "notification": instance.pk}
    transaction.on_commit(lambda: _safe(send, [user_group(instance.recipient_id)], message))


def _safe(push: Any, *args: Any) -> None:
    try:
        push(*args)
    except Exception:  # a channel layer that is down must not fail the request that committed
        log.exception("Realtime push failed")
