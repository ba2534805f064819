"""One way to tell someone something: notify() — in-app once, email at once or in the daily digest."""

import pytest
from django.core import mail

from dragonfly.accounts.models import Profile
from dragonfly.notifications.models import Notification
from dragonfly.notifications.services import notify
from dragonfly.notifications.tasks import send_email_digests
from dragonfly.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_notify_delivers_once_and_mails_once_even_when_repeated(django_capture_on_commit_callbacks):
    dana = make_user("dana", email="dana@example.com")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify([dana], kind="task.assigned", title="Rig truss", dedupe_key="task:1:assigned")
    assert Notification.objects.filter(recipient=dana).count() == 1
    assert [m.subject for m in mail.outbox] == ["Rig truss"]


def test_a_digest_kind_waits_for_one_daily_mail(django_capture_on_commit_callbacks):
    dana = make_user("dana", email="dana@example.com")
    Profile.objects.create(user=dana, email_digest_kinds=["task.assigned"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([dana], kind="task.assigned", title="Rig truss", dedupe_key="task:1")
        notify([dana], kind="task.assigned", title="Focus lights", dedupe_key="task:2")
        notify([dana], kind="general", title="Welcome", dedupe_key="general:1")
    assert [m.subject for m in mail.outbox] == ["Welcome"]  # only the kind she takes at once

    assert send_email_digests() == 1
    assert send_email_digests() == 0  # a second run sends nothing again
    digest = mail.outbox[-1]
    assert digest.subject == "Dragonfly: 2 updates for you"
    assert "Rig truss" in digest.body and "Focus lights" in digest.body


def test_a_muted_kind_is_neither_mailed_nor_digested(django_capture_on_commit_callbacks):
    dana = make_user("dana", email="dana@example.com")
    Profile.objects.create(user=dana, email_muted_kinds=["task.assigned"], email_digest_kinds=["task.assigned"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([dana], kind="task.assigned", title="Rig truss", dedupe_key="task:1")
    assert send_email_digests() == 0 and mail.outbox == []
    assert Notification.objects.filter(recipient=dana).count() == 1  # in-app still arrives


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        notify([make_user()], kind="no.such.kind", title="x", dedupe_key="x")
