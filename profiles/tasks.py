"""Nightly: work history catches up with the bookings that ended (profiles.services.refresh_work_history)."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services import refresh_work_history, users_with_bookings


@shared_task
def refresh_work_histories(days=2):
    """Refresh the history of everyone whose assignment or crew call ended in the last `days` (a missed
    night is caught up by the next). Safe to run twice. Returns how many entries were added."""
    since = timezone.now() - datetime.timedelta(days=days)
    return sum(refresh_work_history(user) for user in users_with_bookings(since))
