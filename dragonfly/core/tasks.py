import datetime

from celery import shared_task
from django.utils import timezone


@shared_task
def ping(value, cache_key=None):
    """Round trip through the broker; with `cache_key` the worker leaves the value in the cache."""
    if cache_key:
        from django.core.cache import cache

        cache.set(cache_key, value, 60)
    return value


@shared_task(acks_late=True)
def weekly_cleanup():
    """Drop what nobody needs any more; safe to run twice (it only deletes by age)."""
    from dragonfly.notifications.models import Notification
    from dragonfly.tenancy.models import ObjectGrant

    now = timezone.now()
    notifications, _ = Notification.objects.filter(read_at__lt=now - datetime.timedelta(days=180)).delete()
    grants, _ = ObjectGrant.objects.filter(expires_at__lt=now - datetime.timedelta(days=30)).delete()
    return {"notifications": notifications, "grants": grants}
