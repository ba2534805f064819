"""A bounce reported by the provider's webhook stops notification email to that address (the in-app
notification still comes); its owner sees it on their profile and turns email back on."""

import io
import json

import pytest
from django.core import mail
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import EmailSuppression, Notification
from dragonfly.notifications.services import notify
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_user

from .email_helpers import SECRET, basic_auth

pytestmark = pytest.mark.django_db
HOOK = "/hooks/email/postmark/tracking/"


def postmark_bounce(email, *, event_id=4323372036854775807, kind="HardBounce"):
    """Postmark's documented bounce webhook body (postmarkapp.com/developer/webhooks/bounce-webhook)."""
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "notification",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "noreply@dragonfly.local",
        "BouncedAt": "2026-12-01T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Your advance #12 was approved",
        "MessageStream": "outbound",
        "Metadata": {},
    }


@pytest.fixture
def hooks_on(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def dana(tenant_a):
    user = tenant_a.user(Role.DEVIATOR)
    user.email = "Dana@Acme.test"
    user.save(update_fields=["email"])
    return user


def post(client, body, **headers):
    return client.post(HOOK, data=json.dumps(body), content_type="application/json", **headers)


def tell(user, key, capture):
    """A notification, and its email task run at the commit."""
    with capture(execute=True):
        return notify([user], kind="general", title="Doors at six", dedupe_key=key)


def test_a_bounce_stops_email_but_not_the_in_app_notification(
    client, hooks_on, dana, tasks_inline, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    tell(dana, "before", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["Dana@Acme.test"]]  # mail works before the bounce
    assert post(client, postmark_bounce("dana@acme.test"), **basic_auth()).status_code == 200
    (row,) = EmailSuppression.objects.all()
    assert (row.address, row.reason, row.provider, row.event_id) == (
        "dana@acme.test",
        "bounced",
        "Postmark",
        "4323372036854775807",
    )
    assert "unable to deliver" in row.description and row.occurred_at.year == 2026

    mail.outbox.clear()
    tell(dana, "doors", django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=dana, title="Doors at six").exists()  # the bell still rings
    assert mail.outbox == []  # but nothing is mailed to an address that bounces


def test_the_same_event_posted_twice_is_stored_once(client, hooks_on, dana):
    for _ in range(2):
        assert post(client, postmark_bounce("dana@acme.test"), **basic_auth()).status_code == 200
    assert EmailSuppression.objects.count() == 1


def test_a_spam_complaint_marks_the_address_and_a_delivery_does_not(client, hooks_on, dana):
    complaint = {**postmark_bounce("dana@acme.test", event_id=77, kind="SpamComplaint"), "RecordType": "SpamComplaint"}
    delivery = {
        "RecordType": "Delivery",
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Recipient": "someone@acme.test",
        "DeliveredAt": "2026-12-01T16:33:54Z",
        "Details": "250 OK",
        "Tag": "",
        "ServerID": 23,
        "Metadata": {},
        "MessageStream": "outbound",
    }
    assert post(client, complaint, **basic_auth()).status_code == 200
    assert post(client, delivery, **basic_auth()).status_code == 200
    assert list(EmailSuppression.objects.values_list("address", "reason")) == [("dana@acme.test", "complained")]


@pytest.mark.parametrize("credentials", [None, "postmark:wrong", "someone:s3cret-hook"])
def test_a_post_without_the_webhook_secret_is_refused_and_changes_nothing(client, hooks_on, dana, credentials):
    headers = basic_auth(credentials) if credentials else {}
    response = post(client, postmark_bounce("dana@acme.test"), **headers)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    assert not EmailSuppression.objects.exists()


def test_the_hooks_are_off_until_a_secret_is_set(client, settings, dana):
    settings.ANYMAIL = {k: v for k, v in settings.ANYMAIL.items() if k != "WEBHOOK_SECRET"}
    assert post(client, postmark_bounce("dana@acme.test"), **basic_auth()).status_code == 404
    assert not EmailSuppression.objects.exists()


def test_the_owner_sees_the_bounce_on_their_profile_and_turns_email_back_on(
    client, hooks_on, dana, tasks_inline, django_capture_on_commit_callbacks
):
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    client.force_login(dana)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="email-bounces"' in page and "dana@acme.test" in page and "bounced" in page

    response = client.post(reverse("notifications:clear_bounce"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert EmailSuppression.objects.get().cleared_by == dana
    assert ActivityEntry.objects.filter(verb="email.suppression_cleared", actor=dana).exists()
    assert 'id="email-bounces"' not in client.get(reverse("accounts:profile")).content.decode()

    mail.outbox.clear()
    tell(dana, "doors-again", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["Dana@Acme.test"]]  # mailed again
    # An old event replayed by the provider does not mark the address again: it is stored once.
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    assert not EmailSuppression.objects.active().exists()


def test_someone_else_neither_sees_nor_clears_another_persons_bounce(client, hooks_on, dana, tenant_b):
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    stranger = tenant_b.user(Role.PHANTOM)
    stranger.email = "boss@globex.test"
    stranger.save(update_fields=["email"])
    client.force_login(stranger)
    assert 'id="email-bounces"' not in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("notifications:clear_bounce"))
    assert EmailSuppression.objects.active().count() == 1  # Dana's mark stands
    assert EmailSuppression.objects.visible_to(stranger).count() == 0


def test_an_anonymous_visitor_cannot_clear_a_bounce(client, hooks_on, dana):
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    response = client.post(reverse("notifications:clear_bounce"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert EmailSuppression.objects.active().count() == 1


def test_the_platform_admin_lists_suppressions_and_an_org_admin_does_not(client, hooks_on, dana, tenant_a):
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    url = reverse("admin:notifications_emailsuppression_changelist")
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    assert "dana@acme.test" in client.get(url).content.decode()
    client.force_login(tenant_a.user(Role.PHANTOM))  # staff of one organization
    assert client.get(url).status_code == 403


def test_the_api_tells_the_owner_and_turns_email_back_on(client, hooks_on, dana, tenant_b):
    url = "/api/preferences/email-bounce/"
    assert client.get(url).status_code in (401, 403)  # no session, no token: refused, as JSON
    assert client.get(url)["Content-Type"].startswith("application/json")
    client.force_login(dana)
    assert client.get(url).json()["bounces"] is False
    post(client, postmark_bounce("dana@acme.test"), **basic_auth())
    body = client.get(url).json()
    assert (body["address"], body["bounces"], body["reason"]) == ("Dana@Acme.test", True, "bounced")

    stranger = tenant_b.user(Role.PHANTOM)
    stranger.email = "boss@globex.test"
    stranger.save(update_fields=["email"])
    client.force_login(stranger)
    assert client.get(url).json()["bounces"] is False  # another organization's member sees nothing of Dana's
    assert client.delete(url).status_code == 204
    assert EmailSuppression.objects.active().count() == 1  # and clears nothing of hers

    client.force_login(dana)
    assert client.delete(url).status_code == 204
    assert not EmailSuppression.objects.active().exists() and client.get(url).json()["bounces"] is False


def test_the_demo_seed_marks_one_address_once():
    from django.core.management import call_command

    make_user("northstar-raider", email="northstar-raider@example.com")
    for _ in range(2):
        call_command("seed_email_demo", stdout=io.StringIO())
    assert list(EmailSuppression.objects.values_list("address", "reason")) == [
        ("northstar-raider@example.com", "bounced")
    ]
