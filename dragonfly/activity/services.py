from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from dragonfly.core.versioning import Versioned, current_version

from .models import ActivityEntry


def record_activity(obj, *, actor, verb, workspace=None, trigger="", from_state="", to_state="", note="", data=None):
    """Write one activity entry. Call it inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_activity must run inside the transaction of the change it records")
    data = dict(data or {})
    if isinstance(obj, Versioned):
        # The row's version after this change: what changed since a version is the entries above it.
        data.setdefault("row_version", current_version(obj))
    return ActivityEntry.objects.create(
        workspace=workspace if workspace is not None else getattr(obj, "workspace", None),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        trigger=trigger,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
    )
