"""The crew who submitted an advance and its reviewers comment on it, on its page or by replying to
one of its notification emails; the other side is told. A stranger's reply, another organization's
user, a forged reply address or a reader who may not comment add nothing."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from advancing import services
from advancing.models import AdvanceComment
from advancing.tests.helpers import make_advance
from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import Notification
from dragonfly.notifications.replies import reply_address
from dragonfly.notifications.tests.email_helpers import SECRET, basic_auth
from dragonfly.notifications.tests.test_email_replies import postmark_inbound
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
HOOK = "/hooks/email/postmark/inbound/"
DOMAIN = "in.dragonfly.test"
REPLY = "Two forklifts, not one.\n\nOn Mon, 1 Dec 2026 at 09:00, Dragonfly wrote:\n> Advance #1 is waiting"


@pytest.fixture(autouse=True)
def tasks_run_inline():
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def replies_on(settings, tenant_a, tenant_b):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    settings.EMAIL_INBOUND_DOMAIN = DOMAIN
    for tenant in (tenant_a, tenant_b):
        for role, user in tenant.users.items():
            user.email = f"{Role(role).name.lower()}@{tenant.org.slug}.test"
            user.save(update_fields=["email"])


@pytest.fixture
def submitted(tenant_a, replies_on, django_capture_on_commit_callbacks):
    """A crew lead submits an advance; the reviewers' emails carry a signed reply address."""
    advance = make_advance(tenant_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    gladiator = tenant_a.user(Role.GLADIATOR)
    (message,) = [m for m in mail.outbox if m.to == [gladiator.email]]
    return advance, gladiator, message.reply_to[0]


def post(client, to, sender):
    body = postmark_inbound(to, sender=sender, text=REPLY)
    return client.post(HOOK, data=json.dumps(body), content_type="application/json", **basic_auth())


def test_a_reviewers_reply_to_the_advance_email_is_their_comment_and_the_crew_hears_it(
    client, submitted, django_capture_on_commit_callbacks
):
    advance, gladiator, reply_to = submitted
    assert reply_to == reply_address(gladiator, f"advancing.advance:{advance.pk}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, reply_to, gladiator.email).status_code == 200
    (comment,) = AdvanceComment.objects.filter(advance=advance)
    assert (comment.author, comment.body) == (gladiator, "Two forklifts, not one.")
    entry = ActivityEntry.objects.get(verb="advance.commented", object_id=str(advance.pk))
    assert entry.actor == gladiator and entry.data["via"] == "email"
    crew = advance.submitter
    told = Notification.objects.get(dedupe_key=f"advance:{advance.pk}:comment:{comment.pk}")
    assert told.recipient == crew and told.reply_target == f"advancing.advance:{advance.pk}"
    # The crew's email may be answered in turn: their reply is their comment, and the reviewers hear it.
    (message,) = [m for m in mail.outbox if m.to == [crew.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, message.reply_to[0], crew.email).status_code == 200
    assert list(advance.comments.values_list("author", flat=True)) == [gladiator.pk, crew.pk]
    reviewers = Notification.objects.filter(dedupe_key__startswith=f"advance:{advance.pk}:comment:")
    assert gladiator.pk in set(reviewers.exclude(recipient=crew).values_list("recipient_id", flat=True))


def test_a_reply_from_a_stranger_or_another_organization_adds_nothing(client, submitted, tenant_b, caplog):
    advance, gladiator, reply_to = submitted
    assert post(client, reply_to, "mallory@evil.test").status_code == 200
    outsider = tenant_b.user(Role.PHANTOM)
    # A genuinely signed address for another organization's user: the advance is not theirs to see.
    assert post(client, reply_address(outsider, f"advancing.advance:{advance.pk}"), outsider.email).status_code == 200
    assert not AdvanceComment.objects.exists()
    assert "not by the notification's recipient" in caplog.text and "refused" in caplog.text


def test_a_forged_reply_address_adds_nothing(client, submitted):
    advance, gladiator, reply_to = submitted
    local, _at, domain = reply_to.partition("@")
    for to in (f"{local[:-3]}abc@{domain}", f"reply+{gladiator.pk}.a.{advance.pk}@{DOMAIN}", f"{local}@other.test"):
        assert post(client, to, gladiator.email).status_code == 200
    assert not AdvanceComment.objects.exists()


def test_a_reader_who_may_not_comment_is_refused_by_email_too(client, submitted, tenant_a):
    advance, _gladiator, _reply_to = submitted
    passenger = tenant_a.user(Role.PASSENGER)
    assert post(client, reply_address(passenger, f"advancing.advance:{advance.pk}"), passenger.email).status_code == 200
    assert not AdvanceComment.objects.exists()


def test_the_page_shows_the_comments_and_takes_one_from_the_crew_and_reviewers(tenant_a, tenant_b, login):
    advance = make_advance(tenant_a, "submitted")
    url = reverse("advancing:comment", args=[advance.pk])
    crew = login(tenant_a.user(Role.DEVIATOR))
    response = crew.post(url, {"body": "  Can we get it by Friday?  "})
    assert response.status_code == 302 and response.url.endswith(f"#comment-{advance.comments.get().pk}")
    page = crew.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert "Can we get it by Friday?" in page and 'data-testid="advance-comment"' in page
    told = Notification.objects.filter(dedupe_key__startswith=f"advance:{advance.pk}:comment:")
    assert tenant_a.user(Role.GLADIATOR).pk in set(told.values_list("recipient_id", flat=True))
    assert tenant_a.user(Role.DEVIATOR).pk not in set(told.values_list("recipient_id", flat=True))

    reviewer = login(tenant_a.user(Role.NAVIGATOR))
    assert reviewer.post(url, {"body": "Yes."}).status_code == 302
    # Bad input: a clear error, nothing added.
    response = reviewer.post(url, {"body": "   "})
    assert response.status_code == 400 and "Write the comment first." in response.content.decode()
    assert advance.comments.count() == 2

    # Another organization's member: the advance does not exist for them.
    assert login(tenant_b.user(Role.PHANTOM)).post(url, {"body": "Hi"}).status_code == 404
    # A workspace reader who is neither the crew nor a reviewer: 403, and no form on the page.
    passenger = login(tenant_a.user(Role.PASSENGER))
    page = passenger.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert "Can we get it by Friday?" in page and reverse("advancing:comment", args=[advance.pk]) not in page
    assert passenger.post(url, {"body": "Hi"}).status_code == 403
    assert advance.comments.count() == 2
