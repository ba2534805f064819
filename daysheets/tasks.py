"""Background work of day sheets: safe to run twice (each notification has its dedupe key)."""

import datetime

from celery import shared_task


@shared_task
def send_evening_daysheets(now_iso=None):
    """Hourly: tomorrow's day sheet to the called crew of organizations where it is now 18:00."""
    from .evening import send_evening_daysheets as send

    now = datetime.datetime.fromisoformat(now_iso) if now_iso else None
    return len(send(now))
