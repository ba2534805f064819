"""The calendar sync's Celery tasks: every CalDAV call happens here, with the client's timeout,
retried with back-off when the server could not be asked; a refusal is kept in `last_error`."""

from celery import shared_task
from django.core.cache import cache

from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, provider_call, retry_later
from ..payments.base import Refused, Unreachable

LOCK_SECONDS = 600


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_calendar(self, sync_id):
    """Find the calendar (principal and calendar discovery through `caldav`); then sync it."""
    from ..models import CalendarSync
    from . import caldav_adapter, services

    sync = CalendarSync.objects.filter(pk=sync_id).first()
    if sync is None or not sync.is_connected:
        return None
    outcome = provider_call(
        self,
        lambda: caldav_adapter.check(services.credentials(sync)) and None,
        lambda error: services.finish(sync, error=error, checked=True),
        lambda _: services.finish(sync, checked=True),
    )
    if outcome == "ok":
        sync_calendar.delay(sync.pk)
    return outcome


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=240, time_limit=300)
def sync_calendar(self, sync_id):
    """One two-way cycle (integrations/calendar/sync.py); one at a time per calendar."""
    from ..models import CalendarSync
    from . import services, sync

    calendar = CalendarSync.objects.select_related("user").filter(pk=sync_id).first()
    if calendar is None or not calendar.is_connected:
        return None
    lock = f"integrations:calendar-sync:{sync_id}"
    if not cache.add(lock, 1, LOCK_SECONDS):
        return "busy"
    try:
        outcome = sync.run(calendar, services.credentials(calendar))
    except Refused as exc:
        services.finish(calendar, error=str(exc))
        return "refused"
    except Unreachable as exc:
        retry_later(self, exc)  # the lock goes in `finally`, before the retry runs
        services.finish(calendar, error=str(exc))
        return "unreachable"
    finally:
        cache.delete(lock)
    services.finish(calendar)
    return outcome.__dict__


@shared_task
def sync_all_calendars():
    """Beat, every ten minutes: one sync task per connected calendar."""
    from ..models import CalendarSync

    for pk in CalendarSync.objects.filter(enabled=True).exclude(secrets="").values_list("pk", flat=True):
        sync_calendar.delay(pk)
