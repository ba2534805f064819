from celery import shared_task


@shared_task
def ping(value, cache_key=None):
    """Round trip through the broker; with `cache_key` the worker leaves the value in the cache."""
    if cache_key:
        from django.core.cache import cache

        cache.set(cache_key, value, 60)
    return value


@shared_task(acks_late=True)
def weekly_cleanup():
    """Remove what has expired (dragonfly/core/cleanup.py); safe to run twice (it deletes by age)."""
    from .cleanup import run_cleanup

    return run_cleanup()
