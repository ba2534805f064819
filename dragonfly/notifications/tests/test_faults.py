"""Notifications survive faults: real Celery workers, a real Redis, PostgreSQL.

Each test breaks one thing while notifications are in flight and counts what really left (one
file per message, by Message-ID, written by the workers' mail backend):

1. the broker is down when the change commits → the requests answer 2xx; once the broker is
   back, beat's outbox sweep delivers every notification, once;
2. the worker is killed (-9) mid-batch → a new worker delivers the rest: none lost, none twice;
3. the database connections are terminated mid-task → the tasks retry: none lost, none twice;
4. the beat jobs (outbox sweep, digest) run twice at once → nothing is sent twice.

The Redis here is a private `redis-server` on a free port (so stopping it disturbs no one); the
workers are `celery -A dragonfly worker` subprocesses on pytest-django's test database.
Every wait has a deadline.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from dragonfly.celery import app
from dragonfly.notifications.models import Notification, OutboxMessage
from dragonfly.notifications.outbox import enqueue
from dragonfly.notifications.services import notify
from dragonfly.notifications.tasks import email_notification, message_id, relay_outbox, send_email_digests
from dragonfly.testing.factories import make_user

from .mailbox import message_ids

ROOT = Path(__file__).resolve().parents[3]
WAIT = 45  # seconds: the longest any single wait may take

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="fault tests need Redis: set REDIS_URL (CI does)"),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="fault tests need PostgreSQL (a worker process shares the test database): set DATABASE_URL",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="fault tests start a private redis-server"),
]


def wait_for(condition, timeout=WAIT, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own, which the test may stop and start again on the same port."""

    def __init__(self, folder):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self.process = None

    def start(self):
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        assert wait_for(self.answers, 10), "private redis-server did not start"

    def answers(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


class Worker:
    """`celery -A dragonfly worker` on the test database, in its own process group."""

    count = 0

    def __init__(self, folder, env, *, concurrency=2, beat=False):
        Worker.count += 1
        self.name = f"fault{Worker.count}"
        self.log = folder / f"{self.name}.log"
        cmd = [sys.executable, "-m", "celery", "-A", "dragonfly", "worker", "-l", "info", "-P", "prefork"]
        cmd += ["-c", str(concurrency), "-n", f"{self.name}@%h", "--without-gossip", "--without-mingle"]
        if beat:
            cmd += ["-B", "-s", str(folder / f"{self.name}-beat")]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        assert wait_for(lambda: "ready." in self.output() or self.process.poll() is not None, 30)
        assert self.process.poll() is None, f"worker died at start:\n{self.output()[-3000:]}"

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill9(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.kill9()


class Faults:
    """The test's world: a private Redis, a mailbox folder, workers; everything stopped at the end."""

    def __init__(self, folder):
        self.folder = folder
        self.mailbox = folder / "mail"
        self.mailbox.mkdir()
        self.redis = PrivateRedis(folder)
        self.workers = []

    def env(self, **extra):
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="dragonfly.notifications.tests.fault_settings",
            DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            REDIS_URL=self.redis.url,
            MAILBOX_DIR=str(self.mailbox),
            PYTHONPATH=str(ROOT),
        )
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def worker(self, *, beat=False, concurrency=2, **env):
        worker = Worker(self.folder, self.env(**env), concurrency=concurrency, beat=beat)
        self.workers.append(worker)
        return worker

    def sent(self):
        return message_ids(self.mailbox)

    def logs(self):
        return "\n".join(f"--- {w.name}\n{w.output()[-4000:]}" for w in self.workers)

    def close(self):
        for worker in self.workers:
            worker.stop()
        self.redis.stop()


@pytest.fixture
def faults(transactional_db, tmp_path, settings):
    """The private Redis is the broker of this process too, and tasks are really queued."""
    world = Faults(tmp_path)
    world.redis.start()
    settings.EMAIL_BACKEND = "dragonfly.notifications.tests.mailbox.EmailBackend"
    settings.MAILBOX_DIR = str(world.mailbox)
    before = app.conf.broker_url, app.conf.task_always_eager
    _use_broker(world.redis.url, eager=False)
    try:
        yield world
    finally:
        _use_broker(*before)
        world.close()
        connection.close()


def _use_broker(url, eager):
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    app._pool = None  # the connection and producer pools were made for the previous URL
    app.amqp._producer_pool = None


def people(n, prefix):
    return [make_user(f"{prefix}{i}", email=f"{prefix}{i}@crew.test") for i in range(n)]


def expected_ids(notifications):
    return {message_id("notification", n.pk) for n in notifications}


def settle(world, expected, extra=3.0):
    """Wait until every expected message left, then a little longer, so late duplicates show up."""
    arrived = wait_for(lambda: expected <= set(world.sent()))
    time.sleep(extra)
    return arrived


def test_a_broker_down_at_commit_fails_no_request_and_loses_no_notification(faults):
    from rest_framework.test import APIClient

    from advancing.notifications import reviewers_of
    from advancing.tests.test_services import make_advance
    from dragonfly.tenancy.roles import Role
    from dragonfly.testing.factories import Tenant

    tenant = Tenant("Acme")
    for role, user in tenant.users.items():
        user.email = f"{Role(role).label.lower()}@acme.test"
        user.save(update_fields=["email"])
    crew = tenant.user(Role.DEVIATOR)
    advances = [make_advance(tenant, activation=f"Show {i}") for i in range(5)]
    client = APIClient()
    client.force_authenticate(crew)

    faults.redis.stop()  # the broker goes away; the office keeps working
    statuses, slowest = [], 0.0
    for advance in advances:
        started = time.monotonic()
        response = client.patch(f"/api/advancing/{advance.pk}", {"action": "submit"}, format="json")
        slowest = max(slowest, time.monotonic() - started)
        statuses.append(response.status_code)
    assert statuses == [200] * len(advances)  # every committed request answered 2xx
    waiting = OutboxMessage.objects.filter(task_name="advancing.tasks.notify_advance_event", delivered_at=None)
    assert waiting.count() == len(advances)  # each intent kept, none handed over
    assert all(m.attempts == 1 and m.last_error for m in waiting)
    assert slowest < 5, f"a request waited {slowest:.1f} s on the dead broker"

    faults.redis.start()  # the broker is back: beat's sweep relays what waited
    faults.worker(beat=True)
    reviewers = {a.pk: [u for u in reviewers_of(a) if u.pk != crew.pk] for a in advances}
    expected_count = sum(len(r) for r in reviewers.values())
    assert expected_count == 4 * len(advances)  # phantom, aviator, gladiator, navigator each
    assert wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).count() >= expected_count), (
        faults.logs()
    )
    notes = list(Notification.objects.all())
    sent = faults.sent()
    assert settle(faults, expected_ids(notes))
    sent = faults.sent()
    print(f"\nbroker down at commit: {len(advances)} requests 2xx, {len(notes)} notifications, {len(sent)} mails")
    assert len(notes) == expected_count
    assert sorted(sent) == sorted(expected_ids(notes))  # N sent = N delivered, 0 duplicates, 0 lost
    assert not OutboxMessage.objects.filter(delivered_at=None).exists()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(faults):
    n = 40
    crew = people(n, "kill")
    with transaction.atomic():  # one service's commit: n notifications and their outbox rows
        notes = [notify([u], kind="general", title=f"Call time {u.pk}", dedupe_key="kill")[0] for u in crew]
    assert OutboxMessage.objects.filter(delivered_at__isnull=False).count() == n  # relayed at the commit

    first = faults.worker(MAILBOX_DELAY=0.1)
    assert wait_for(lambda: len(faults.sent()) >= n // 4), first.output()[-3000:]
    first.kill9()  # mid-batch: tasks in flight, more waiting in Redis
    at_kill = len(faults.sent())
    assert at_kill < n, "the batch finished before the kill; make it slower"

    faults.worker(MAILBOX_DELAY=0.1)  # redelivery after the (test's 4 s) visibility timeout
    assert settle(faults, expected_ids(notes), extra=6.0), faults.logs()
    sent = faults.sent()
    duplicates = len(sent) - len(set(sent))
    print(f"\nkill -9: {n} queued, {at_kill} sent before the kill, {len(set(sent))} distinct, {duplicates} duplicates")
    assert set(sent) == expected_ids(notes)  # 0 lost; by Message-ID, 0 sent twice
    # A kill that lands between a send and its mark (a few ms of each task) can cost that one
    # mail a resend, with the same Message-ID, which the mail system drops (tasks.py explains).
    # At most the tasks in flight at the kill: the worker's concurrency. Usually 0.
    assert duplicates <= 2, f"{duplicates} resends: more than the 2 tasks that were in flight"
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_database_connections_killed_mid_task_are_retried_without_duplicates(faults):
    n = 30
    crew = people(n, "db")
    faults.worker(MAILBOX_DELAY=0.2)  # a slow mail server: most kills land while a task holds its connection
    kills = 0

    def terminate_others():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    with transaction.atomic():
        notes = [notify([u], kind="general", title=f"Doors {u.pk}", dedupe_key="db")[0] for u in crew]
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and len(faults.sent()) < n:
        kills += terminate_others()
        time.sleep(0.15)

    assert settle(faults, expected_ids(notes)), faults.logs()
    sent = faults.sent()
    logs = "".join(w.output() for w in faults.workers)
    retried, remarked = logs.count("retry: Retry in"), logs.count("as emailed failed on a dropped connection")
    print(
        f"\ndb killed: {kills} backends terminated, {retried} task retries, {remarked} mark retries,"
        f" {len(sent)} mails for {n} notifications"
    )
    assert kills > 0 and retried + remarked > 0  # the faults did hit tasks, and they recovered
    assert sorted(sent) == sorted(expected_ids(notes))  # all delivered, 0 duplicates
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_beat_jobs_run_twice_at_once_send_nothing_twice(faults):
    from dragonfly.accounts.models import Profile

    n, digest_people = 20, 4
    singles = people(n, "single")
    notes = []
    with transaction.atomic():  # intents whose after-commit kick was lost: only the sweep sends them
        for user in singles:
            note = Notification.objects.create(recipient=user, kind="general", title="Soundcheck", dedupe_key="b")
            enqueue(email_notification, [note.pk], key=f"email_notification:{note.pk}")
            notes.append(note)
    readers = people(digest_people, "digest")
    for user in readers:
        Profile.objects.create(user=user, email_digest_kinds=["general"])
        for i in range(3):
            Notification.objects.create(recipient=user, kind="general", title=f"Update {i}", dedupe_key=f"d{i}")
    faults.worker()

    results = {"relay": [], "digest": []}
    start = threading.Barrier(4)

    def run(kind, job):
        try:
            start.wait(10)
            results[kind].append(job())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=("relay", relay_outbox)) for _ in range(2)]
    threads += [threading.Thread(target=run, args=("digest", send_email_digests)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(t.is_alive() for t in threads)

    assert sum(results["relay"]) == n  # each outbox row handed to the broker once
    assert sum(results["digest"]) == digest_people  # each reader got one digest
    assert settle(faults, expected_ids(notes)), faults.logs()
    sent = faults.sent()
    print(f"\nbeat twice: relays handed {results['relay']}, digests sent {results['digest']}, {len(sent)} mails")
    assert len(sent) == len(set(sent)) == n + digest_people  # nothing sent twice
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
