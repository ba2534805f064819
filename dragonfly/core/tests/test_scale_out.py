"""Several web processes on several machines: state lives in Redis and PostgreSQL, never in a
process; work is split into queues; reports may read a replica (deploy/README.md)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from dragonfly.celery import app

ROOT = Path(__file__).resolve().parents[3]
KEEP = ("PATH", "HOME", "LANG")


def settings_with(code, **env):
    """Settings as a fresh process reads them from `env` (settings are read once per process)."""
    base = {k: v for k, v in os.environ.items() if k in KEEP}
    result = subprocess.run(  # nosec B603 # our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_with_redis_sessions_and_cache_are_shared_by_every_web_process():
    code = "from django.conf import settings as s; print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'])"
    shared = settings_with(code, REDIS_URL="redis://cache.internal:6379/0")
    assert shared == "dragonfly.core.sessions django.core.cache.backends.redis.RedisCache"
    # the first run keeps everything in one process: sessions in the database, a local cache
    alone = settings_with(code)
    assert alone == "django.contrib.sessions.backends.db django.core.cache.backends.locmem.LocMemCache"


def test_pooling_and_replica_come_from_the_environment():
    code = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(d['default']['OPTIONS'].get('pool'), d['default']['CONN_MAX_AGE'], "
        "d['default'].get('DISABLE_SERVER_SIDE_CURSORS', False), d['replica']['HOST'])"
    )
    env = {"DATABASE_URL": "postgres://app@db.internal:5432/dragonfly"}
    pooled = settings_with(
        code, **env, DATABASE_POOL="1", DATABASE_POOL_MAX="7", DATABASE_REPLICA_URL="postgres://app@replica:5432/d"
    )
    assert pooled == "{'min_size': 2, 'max_size': 7, 'timeout': 10} 0 False replica"
    bouncer = settings_with(code, **env, PGBOUNCER="1", DATABASE_REPLICA_URL="postgres://app@replica:5432/d")
    assert bouncer == "None 60 True replica"


def test_uploads_go_through_the_storage_backend_not_a_local_path():
    """Every attachment is read and written through STORAGES["default"] (a shared volume or an object
    store on several machines): no code asks a stored file for its local `.path`."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        # Test code may point MEDIA_ROOT at a temporary folder (conftest.py, dragonfly/testing/).
        if any(part in {".venv", "tests", "testing", "migrations", "bench"} for part in path.parts):
            continue
        if path.name == "conftest.py":
            continue
        text = path.read_text()
        if ".file.path" in text or "MEDIA_ROOT" in text and path.name != "settings.py":
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("dragonfly.notifications.tasks.email_notification", "notifications"),
        ("dragonfly.notifications.tasks.relay_outbox", "notifications"),
        ("advancing.tasks.notify_advance_event", "notifications"),
        ("finance.tasks.notify_purchase_order_approvers", "notifications"),
        ("reports.tasks.export_review_queue", "exports"),
        ("reports.tasks.report_budget_variance", "exports"),
        ("integrations.tasks.sync_calendar", "integrations"),
        ("productions.tasks.refresh_all_production_health", "default"),
        ("dragonfly.core.tasks.ping", "default"),
    ],
)
def test_each_kind_of_work_has_its_queue(task, queue):
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue


def test_a_worker_without_queue_options_consumes_them_all():
    assert sorted(q.name for q in app.conf.task_queues) == ["default", "exports", "integrations", "notifications"]


@app.task(name="reports.tasks.export_probe")
def export_probe(n):
    time.sleep(0.05)  # a (cheap) export that still takes a moment each


@app.task(name="dragonfly.notifications.tasks.notify_probe")
def notify_probe(cache_key):
    from django.core.cache import cache

    cache.set(cache_key, time.monotonic(), 60)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_a_thousand_queued_exports_never_delay_a_notification():
    from celery.contrib.testing.worker import start_worker
    from django.core.cache import cache

    key = f"notified-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete("exports")
        for n in range(1000):
            export_probe.delay(n)
        sent = time.monotonic()
        notify_probe.delay(key)  # queued after the thousand exports
        with start_worker(app, queues=["notifications"], perform_ping_check=False, pool="solo", shutdown_timeout=10):
            deadline = sent + 10
            while cache.get(key) is None and time.monotonic() < deadline:
                time.sleep(0.05)
        with app.connection_for_write() as conn:
            still_queued = conn.default_channel.client.llen("exports")
            conn.default_channel.client.delete("exports")
    finally:
        app.conf.task_always_eager = True
        # start_worker(queues=…) narrowed the app's own queue selection: later workers take them all again
        app.amqp.queues.select([q.name for q in app.conf.task_queues])
    delivered = cache.get(key)
    assert delivered is not None, "the notification did not arrive within 10 s"
    assert delivered - sent < 5
    assert still_queued == 1000  # the exports were all still waiting for the exports worker


@pytest.mark.django_db
def test_a_signed_in_session_survives_a_redis_restart(monkeypatch):
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from redis.exceptions import ConnectionError as RedisDown

    from dragonfly.core.sessions import SessionStore

    store = SessionStore()
    store["_auth_user_id"] = "42"
    store.create()
    key = store.session_key

    def down(*args, **kwargs):
        raise RedisDown("Redis is restarting")

    for name in ("get", "set", "delete", "has_key"):
        monkeypatch.setattr(caches["default"], name, down)
    assert SessionStore(key).load() == {"_auth_user_id": "42"}  # from the database
    assert SessionStore().exists(key)
    SessionStore(key).delete()  # signing out still signs out
    assert not Session.objects.filter(session_key=key).exists()
