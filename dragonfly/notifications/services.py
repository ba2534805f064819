from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def deliver(*, recipient, kind, title, body="", url="", workspace=None, trigger="", action="", dedupe_key):
    """Create the in-app notification once; returns (notification, created). Safe to call twice."""
    defaults = dict(
        kind=kind, title=title[:200], body=body, url=url, workspace=workspace, trigger=trigger, action=action
    )
    try:
        with transaction.atomic():
            return Notification.objects.get_or_create(recipient=recipient, dedupe_key=dedupe_key, defaults=defaults)
    except IntegrityError:  # a concurrent run created it first
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key), False


def mark_read(notification_ids, *, user):
    return (
        Notification.objects.visible_to(user)
        .filter(pk__in=notification_ids, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def mark_all_read(*, user):
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
