"""A crew member replies to the email about a task assigned to them; the reply, quote stripped,
becomes their comment on the task. A bad token, another sender, or a sender who may no longer
comment creates nothing."""

import json

import pytest
from django.core import mail

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.replies import reply_address, strip_quoted
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from productions.models import TaskComment
from productions.services.work import create_task
from productions.tests.helpers import make_production

from .email_helpers import SECRET, basic_auth

pytestmark = pytest.mark.django_db
HOOK = "/hooks/email/postmark/inbound/"
DOMAIN = "in.dragonfly.test"
REPLY = (
    "Forklift is booked for 8:00.\n\n"
    "On Mon, 1 Dec 2026 at 09:00, Dragonfly <noreply@dragonfly.local> wrote:\n"
    "> You were assigned Book forklift"
)


@pytest.fixture
def replies_on(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    settings.EMAIL_INBOUND_DOMAIN = DOMAIN


@pytest.fixture
def assigned(tenant_a, replies_on, tasks_inline, django_capture_on_commit_callbacks):
    """Gladiator assigns a task to Dana (a crew lead); the email about it says where to reply."""
    dana = tenant_a.user(Role.DEVIATOR)
    dana.email = "dana@acme.test"
    dana.save(update_fields=["email"])
    production = make_production(tenant_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task = create_task(production, actor=tenant_a.user(Role.GLADIATOR), title="Book forklift", assignee=dana)
    (message,) = [m for m in mail.outbox if m.to == ["dana@acme.test"]]
    return task, dana, message.reply_to[0]


def postmark_inbound(to, *, sender="dana@acme.test", text=REPLY):
    """Postmark's documented inbound webhook body (postmarkapp.com/developer/webhooks/inbound-webhook)."""
    return {
        "FromName": "Dana",
        "MessageStream": "inbound",
        "From": sender,
        "FromFull": {"Email": sender, "Name": "Dana", "MailboxHash": ""},
        "To": to,
        "ToFull": [{"Email": to, "Name": "", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": to,
        "Subject": "Re: You were assigned Book forklift",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Mon, 1 Dec 2026 09:05:00 +0000",
        "TextBody": text,
        "HtmlBody": "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": [{"Name": "X-Spam-Status", "Value": "No"}],
        "Attachments": [],
    }


def post(client, body, auth=True):
    headers = basic_auth() if auth else {}
    return client.post(HOOK, data=json.dumps(body), content_type="application/json", **headers)


def test_the_assignment_email_carries_a_signed_reply_address(assigned):
    task, dana, reply_to = assigned
    assert reply_to.startswith("reply+") and reply_to.endswith("@" + DOMAIN)
    assert len(reply_to.partition("@")[0]) <= 64  # an address's local part
    assert reply_to == reply_address(dana, f"productions.task:{task.pk}")


def test_a_reply_becomes_a_comment_on_the_task_marked_as_by_email(client, assigned):
    task, dana, reply_to = assigned
    assert post(client, postmark_inbound(reply_to)).status_code == 200
    (comment,) = TaskComment.objects.filter(task=task)
    assert (comment.author, comment.body) == (dana, "Forklift is booked for 8:00.")
    entry = ActivityEntry.objects.get(verb="task.commented", object_id=str(task.pk))
    assert entry.actor == dana and entry.data["via"] == "email"


def test_a_reply_from_another_address_is_ignored(client, assigned, caplog):
    task, _dana, reply_to = assigned
    assert post(client, postmark_inbound(reply_to, sender="mallory@evil.test")).status_code == 200
    assert not TaskComment.objects.exists()
    assert "not by the notification's recipient" in caplog.text


def test_a_forged_or_tampered_reply_address_is_ignored(client, assigned):
    task, dana, reply_to = assigned
    local, _at, domain = reply_to.partition("@")
    forged = f"{local[:-3]}abc@{domain}"
    for to in (forged, f"reply+{dana.pk}.t.{task.pk}@{DOMAIN}", f"{local}@other.test"):
        assert post(client, postmark_inbound(to)).status_code == 200
    assert not TaskComment.objects.exists()


def test_a_sender_who_may_no_longer_see_the_task_comments_nothing(client, assigned):
    task, dana, reply_to = assigned
    Membership.objects.filter(user=dana).delete()
    from dragonfly.tenancy.access import clear_access

    clear_access(dana)
    assert post(client, postmark_inbound(reply_to)).status_code == 200
    assert not TaskComment.objects.exists()


def test_an_inbound_post_without_the_secret_is_refused(client, assigned):
    _task, _dana, reply_to = assigned
    assert post(client, postmark_inbound(reply_to), auth=False).status_code == 401
    assert not TaskComment.objects.exists()


def test_no_reply_address_without_an_inbound_domain(
    tenant_a, settings, tasks_inline, django_capture_on_commit_callbacks
):
    settings.EMAIL_INBOUND_DOMAIN = ""
    dana = tenant_a.user(Role.DEVIATOR)
    dana.email = "dana@acme.test"
    dana.save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create_task(make_production(tenant_a), actor=tenant_a.user(Role.GLADIATOR), title="Rig", assignee=dana)
    (message,) = mail.outbox
    assert message.reply_to == []


def test_quoted_text_and_signatures_are_stripped():
    assert strip_quoted("Yes.\r\n\r\nAm 1. Dez. 2026 um 09:00 schrieb Dragonfly <x@y>:\r\n> old") == "Yes."
    assert strip_quoted("Done\n-- \nDana\n") == "Done"
    assert strip_quoted("> only a quote") == ""
