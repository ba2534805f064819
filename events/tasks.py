"""Background work of events. Every task takes primary keys or ISO strings, re-reads what it
needs and is safe to run twice."""

import datetime

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

# Delivery tasks go through the outbox (their .delay() writes a row the relay hands to Celery);
# transient-error retries come from the app's task class (dragonfly.celery.DragonflyTask).
RETRY = dict(base=OutboxTask)


@shared_task(**RETRY)
def notify_incident(activity_entry_id):
    """Alert the production manager of a critical incident (queued when it is reported)."""
    from .notifications import notify_for_entry

    return [n.pk for n in notify_for_entry(activity_entry_id)]


@shared_task
def send_daily_reminders(now_iso=None):
    """Hourly: tomorrow's digest to the members of organizations where it is now 09:00."""
    from .reminders import send_daily_reminders as send

    now = datetime.datetime.fromisoformat(now_iso) if now_iso else None
    return len(send(now))
