"""The outbox and the email claim, without a worker (any database; the fault suite has real workers)."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from dragonfly.celery import app
from dragonfly.notifications.models import Notification, OutboxMessage
from dragonfly.notifications.outbox import backoff, enqueue, relay
from dragonfly.notifications.services import notify
from dragonfly.notifications.tasks import CLAIM_LEASE, email_notification, message_id
from dragonfly.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    """Tasks really queued (not eager), on the broker the test names."""
    before = app.conf.broker_url, app.conf.task_always_eager

    def use(url):
        app.conf.broker_url, app.conf.task_always_eager = url, False
        app._pool = None
        app.amqp._producer_pool = None

    yield use
    use(before[0])
    app.conf.task_always_eager = before[1]


def test_notify_writes_the_intent_with_the_change_and_delivers_it_at_commit(django_capture_on_commit_callbacks):
    dana = make_user("dana", email="dana@example.com")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (note,) = notify([dana], kind="general", title="Doors at six", dedupe_key="doors")
        row = OutboxMessage.objects.get()  # written inside the transaction, not yet run
        assert (row.task_name, row.args, row.delivered_at) == (email_notification.name, [note.pk], None)
        assert mail.outbox == []
    row.refresh_from_db()
    assert row.delivered_at is not None  # no broker (first run): relayed in-process at the commit
    assert [m.subject for m in mail.outbox] == ["Doors at six"]
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id("notification", note.pk)


def test_a_rolled_back_change_leaves_no_intent():
    dana = make_user("dana", email="dana@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([dana], kind="general", title="Doors", dedupe_key="doors")
        raise RuntimeError("the service refused")
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()


def test_a_broker_down_at_commit_is_logged_and_kept_for_the_sweep(broker, django_capture_on_commit_callbacks):
    dana = make_user("dana", email="dana@example.com")
    broker("redis://127.0.0.1:1/0")  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):  # the commit's kick must not raise
        notify([dana], kind="general", title="Doors", dedupe_key="doors")
    row = OutboxMessage.objects.get()
    assert row.delivered_at is None and row.attempts == 1 and row.last_error
    assert row.next_attempt_at > timezone.now()  # backed off
    assert relay() == 0  # not due yet: the sweep respects the back-off

    broker("memory://")  # the broker is back
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert relay() == 1
    assert relay() == 0  # handed over once
    row.refresh_from_db()
    assert row.delivered_at is not None and row.attempts == 2


def test_backoff_grows_and_is_capped():
    assert [backoff(a).total_seconds() for a in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff(30) == datetime.timedelta(minutes=5)


def test_the_same_key_is_one_intent():
    first = enqueue(email_notification, [1], key="email_notification:1")
    assert enqueue(email_notification, [1], key="email_notification:1") == first
    assert OutboxMessage.objects.count() == 1


def test_a_claimed_notification_is_not_mailed_by_another_task_until_the_lease_expires():
    dana = make_user("dana", email="dana@example.com")
    note = Notification.objects.create(recipient=dana, kind="general", title="Doors", dedupe_key="doors")
    Notification.objects.filter(pk=note.pk).update(claimed_at=timezone.now(), claim_token="another-worker")
    assert email_notification(note.pk) is False and mail.outbox == []

    Notification.objects.filter(pk=note.pk).update(claimed_at=timezone.now() - CLAIM_LEASE - datetime.timedelta(1))
    assert email_notification(note.pk) is True  # the other worker died: its claim lapsed
    assert email_notification(note.pk) is False  # marked: never twice
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None and note.claimed_at is None


def test_a_failed_send_gives_the_claim_back(monkeypatch):
    dana = make_user("dana", email="dana@example.com")
    note = Notification.objects.create(recipient=dana, kind="general", title="Doors", dedupe_key="doors")

    def refuse(*args, **kwargs):
        raise ValueError("mail server said no")

    monkeypatch.setattr("dragonfly.notifications.tasks._send", refuse)
    with pytest.raises(ValueError):
        email_notification(note.pk)
    note.refresh_from_db()
    assert note.emailed_at is None and note.claimed_at is None  # a retry may take it at once


def test_only_platform_admins_see_the_outbox(client, tenant_a):
    from dragonfly.tenancy.roles import Role

    enqueue(email_notification, [1], key="email_notification:1")
    client.force_login(tenant_a.user(Role.PHANTOM))
    assert client.get("/admin/notifications/outboxmessage/").status_code == 403
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    response = client.get("/admin/notifications/outboxmessage/")
    assert response.status_code == 200 and "email_notification" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # real commits: a callback registered outside a transaction runs at once
def test_a_task_that_queues_more_work_runs_once_when_relayed_in_process():
    """First run, no broker: a relayed task that queues a follow-up kicks the outbox from inside its own
    run (an assignment's notification task mailing the assignee). That kick relays the rows still due,
    and it used to pick up the row being run, which ran again and again until RecursionError."""
    from dragonfly.notifications.outbox import OutboxTask

    runs = []

    @app.task(base=OutboxTask, name="tests.outbox.follow_up")
    def follow_up(step):
        runs.append(step)
        if step < 2:
            follow_up.delay_on_commit(step + 1)

    with transaction.atomic():
        follow_up.delay_on_commit(0)
    assert runs == [0, 1, 2]
    assert OutboxMessage.objects.filter(task_name="tests.outbox.follow_up").count() == 3
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
