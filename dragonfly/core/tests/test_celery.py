import os

import pytest

from dragonfly.celery import app
from dragonfly.core.tasks import ping


def test_without_a_broker_tasks_run_in_process(settings):
    # The first-run default: no REDIS_URL, nothing queued and lost.
    result = ping.delay("hello")  # eager: the value is there at once, nothing was queued
    assert result.successful() and result.result == "hello"


def test_tasks_are_discovered_from_every_app():
    app.loader.import_default_modules()
    assert "dragonfly.core.tasks.ping" in app.tasks
    assert "dragonfly.notifications.tasks.email_notification" in app.tasks


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_a_task_travels_through_redis_to_a_worker():
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker
    from django.core.cache import cache

    key = f"ping-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            ping.delay("through redis", cache_key=key)  # queued in Redis, run by the worker thread
            deadline = time.monotonic() + 20
            while cache.get(key) is None and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert cache.get(key) == "through redis"


@pytest.mark.django_db
def test_weekly_cleanup_removes_only_old_read_notifications(tenant_a):
    import datetime

    from django.utils import timezone

    from dragonfly.core.tasks import weekly_cleanup
    from dragonfly.notifications.models import Notification

    user = tenant_a.user(7)
    old = Notification.objects.create(
        recipient=user,
        kind="general",
        title="Old",
        dedupe_key="old",
        read_at=timezone.now() - datetime.timedelta(days=365),
    )
    unread = Notification.objects.create(recipient=user, kind="general", title="Unread", dedupe_key="unread")
    weekly_cleanup.delay()
    weekly_cleanup.delay()  # twice is the same as once
    assert list(Notification.objects.all()) == [unread]
    assert not Notification.objects.filter(pk=old.pk).exists()
