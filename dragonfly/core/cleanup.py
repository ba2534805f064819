"""The weekly clean-up: really remove what has expired, and say what went.

Each step is a function `(now, dry_run) -> count`: it counts what it would remove and, unless
`dry_run`, removes it. The core registers its own steps below (sessions, read notifications,
expired grants and invitation links, stored files no row points to); a module adds one for what
it owns from its AppConfig.ready() (`register_step`), so the core stays ignorant of modules.
A run that removed something writes one activity entry with the counts. Every step deletes by
age or by absence, so running the clean-up twice removes nothing the second time.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

# Expired object grants and dead invitation links stay this long for the record, then go.
EXPIRED_ACCESS_KEPT = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    run: Callable[[datetime.datetime, bool], int]


_steps: dict[str, Step] = {}


def register_step(key: str, label: str, run: Callable[[datetime.datetime, bool], int]) -> None:
    _steps[key] = Step(key, label, run)


def steps() -> list[Step]:
    return list(_steps.values())


def _remove(queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    removed, _ = queryset.delete()
    return removed


def expired_sessions(now: datetime.datetime, dry_run: bool) -> int:
    from django.contrib.sessions.models import Session

    return _remove(Session.objects.filter(expire_date__lt=now), dry_run)


def old_read_notifications(now: datetime.datetime, dry_run: bool) -> int:
    from dragonfly.notifications.models import Notification

    cutoff = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    return _remove(Notification.objects.filter(read_at__lt=cutoff), dry_run)


def expired_grants(now: datetime.datetime, dry_run: bool) -> int:
    from dragonfly.tenancy.models import ObjectGrant

    return _remove(ObjectGrant.objects.filter(expires_at__lt=now - EXPIRED_ACCESS_KEPT), dry_run)


def dead_invitation_links(now: datetime.datetime, dry_run: bool) -> int:
    """Invitations never accepted whose link expired (or was revoked) a while ago: their token is dead."""
    from django.db.models import Q

    from dragonfly.tenancy.models import Invitation

    cutoff = now - EXPIRED_ACCESS_KEPT
    dead = Invitation.objects.filter(accepted_at__isnull=True).filter(
        Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)
    )
    return _remove(dead, dry_run)


def _stored_files(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _stored_files(storage, posixpath.join(folder, sub))


def orphan_uploads(now: datetime.datetime, dry_run: bool) -> int:
    """Stored files under a bucket's folder that no attachment row names (its row was deleted, or
    its save failed), once older than the grace period: a file being saved has no row yet."""
    from dragonfly.files.buckets import BUCKETS
    from dragonfly.files.models import Attachment

    grace = now - datetime.timedelta(hours=settings.ORPHAN_UPLOAD_GRACE_HOURS)
    removed = 0
    for bucket in BUCKETS:
        names = list(_stored_files(default_storage, bucket))
        if not names:
            continue
        known = set(Attachment.objects.filter(bucket=bucket).values_list("file", flat=True))
        for name in names:
            if name in known or default_storage.get_modified_time(name) >= grace:
                continue
            removed += 1
            if not dry_run:
                default_storage.delete(name)
    return removed


register_step("sessions", "expired sessions", expired_sessions)
register_step("notifications", "read notifications past retention", old_read_notifications)
register_step("grants", "expired object grants", expired_grants)
register_step("invitations", "dead invitation links", dead_invitation_links)
register_step("uploads", "stored files no row points to", orphan_uploads)


def run_cleanup(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Run every step; unless `dry_run`, record one activity entry naming what was removed."""
    now = now or timezone.now()
    counts = {step.key: step.run(now, dry_run) for step in steps()}
    if not dry_run and any(counts.values()):
        _record(counts)
    return counts


def _record(counts: dict[str, int]) -> None:
    # The clean-up acts on no one object: its entry names the activity log itself as its target.
    from django.contrib.contenttypes.models import ContentType

    from dragonfly.activity.models import ActivityEntry

    with transaction.atomic():
        ActivityEntry.objects.create(
            verb="cleanup.removed",
            content_type=ContentType.objects.get_for_model(ActivityEntry),
            object_id="weekly-cleanup",
            data={key: count for key, count in counts.items() if count},
        )


def _old_submission_keys(now: datetime.datetime, dry_run: bool) -> int:
    from .idempotency import old_submission_keys

    return old_submission_keys(now, dry_run)


register_step("submission_keys", "idempotency keys over a week old", _old_submission_keys)
