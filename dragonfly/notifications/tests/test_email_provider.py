"""Email leaves through the provider EMAIL_PROVIDER names; a provider without its key stops start-up,
and a notification really arrives at an SMTP server, in its reader's language."""

import importlib.util

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.urls import reverse

from advancing import services
from advancing.tests.helpers import make_advance
from dragonfly.accounts.models import profile_for
from dragonfly.notifications.checks import check_email_provider
from dragonfly.notifications.models import Notification
from dragonfly.notifications.tasks import message_id
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def ids(settings):
    return [e.id for e in check_email_provider()]


def test_the_first_run_needs_nothing(settings):
    settings.EMAIL_PROVIDER, settings.ANYMAIL, settings.EMAIL_INBOUND_DOMAIN = "console", {}, ""
    assert ids(settings) == []


@pytest.mark.parametrize(
    ("provider", "keys", "missing"),
    [
        ("sendgrid", {}, "SENDGRID_API_KEY"),
        ("resend", {}, "RESEND_API_KEY"),
        ("postmark", {"SENDGRID_API_KEY": "x"}, "POSTMARK_SERVER_TOKEN"),
    ],
)
def test_a_provider_without_its_key_is_refused_naming_the_variable(settings, provider, keys, missing):
    settings.EMAIL_PROVIDER, settings.ANYMAIL, settings.EMAIL_INBOUND_DOMAIN = provider, keys, ""
    (error,) = check_email_provider()
    assert error.id == "dragonfly.E102" and missing in error.msg


def test_a_provider_with_its_key_passes(settings):
    settings.EMAIL_PROVIDER, settings.ANYMAIL, settings.EMAIL_INBOUND_DOMAIN = (
        "postmark",
        {"POSTMARK_SERVER_TOKEN": "t"},
        "",
    )
    assert check_email_provider() == []


def test_an_unknown_provider_and_an_open_inbound_route_stop_manage_py_check(settings):
    settings.EMAIL_PROVIDER = "mailchimp"
    with pytest.raises(SystemCheckError, match="mailchimp"):
        call_command("check")
    settings.EMAIL_PROVIDER, settings.ANYMAIL, settings.EMAIL_INBOUND_DOMAIN = "smtp", {}, "in.example.com"
    assert ids(settings) == ["dragonfly.E105"]  # replies without a webhook secret could never arrive
    settings.EMAIL_PROVIDER, settings.EMAIL_INBOUND_DOMAIN = "amazon_ses", ""
    # SES talks through boto3, an optional package: its absence is named at start, not at the first send.
    assert ids(settings) == ([] if importlib.util.find_spec("boto3") else ["dragonfly.E104"])


def test_an_approved_advance_reaches_the_submitter_through_a_real_smtp_server_in_german(
    tenant_a, smtp_server, tasks_inline, django_capture_on_commit_callbacks
):
    crew, ops = tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.GLADIATOR)
    crew.email = "crew@acme.test"
    crew.save(update_fields=["email"])
    profile = profile_for(crew)
    profile.language = "de"
    profile.save()
    clear_access(crew)
    advance = make_advance(tenant_a, "submitted", submitter=crew, activation="Premiere")
    smtp_server.messages.clear()  # the reviewers' mails about the submission
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.approve_advance(advance, actor=ops)

    note = Notification.objects.get(recipient=crew, kind="advance.decided")
    ((sender, recipients, message),) = smtp_server.messages
    assert recipients == ["crew@acme.test"] and "noreply@dragonfly.local" in sender
    assert message["To"] == "crew@acme.test"
    assert message["Subject"] == note.title and "freigegeben" in message["Subject"]  # German for a German reader
    assert message["Message-ID"] == message_id("notification", note.pk)
    assert message["X-Dragonfly-Key"] == message_id("notification", note.pk)
    assert message["Reply-To"] is None  # advances take no comments, so no reply address
    assert f"/advancing/{advance.pk}/" in message.get_content()
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_a_platform_admin_sends_a_test_email_and_reads_the_servers_answer(client, smtp_server):
    from dragonfly.testing.factories import make_user

    root = make_user("root", is_staff=True, is_superuser=True, email="root@dragonfly.test")
    client.force_login(root)
    url = reverse("notifications:email_status")
    assert url in client.get(reverse("notifications:list")).content.decode()  # reached from the notifications
    page = client.get(url).content.decode()
    assert "django.core.mail.backends.smtp.EmailBackend" in page

    response = client.post(url, {"address": "ops@acme.test"})
    assert response.status_code == 200 and "accepted the test email to ops@acme.test" in response.content.decode()
    ((_sender, recipients, message),) = smtp_server.messages
    assert recipients == ["ops@acme.test"] and message["Subject"] == "Dragonfly test email"

    smtp_server.unknown.add("nobody@acme.test")
    page = client.post(url, {"address": "nobody@acme.test"}).content.decode()
    assert "refused the test email to nobody@acme.test" in page and "User unknown" in page
    assert len(smtp_server.messages) == 1

    response = client.post(url, {"address": "not an address"})
    assert response.status_code == 400 and len(smtp_server.messages) == 1


def test_only_platform_admins_see_the_email_status(client, tenant_a, smtp_server):
    url = reverse("notifications:email_status")
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(tenant_a.user(Role.PHANTOM))  # an organization's admin, staff in its own org
    assert url not in client.get(reverse("notifications:list")).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"address": "ops@acme.test"}).status_code == 403
    assert smtp_server.messages == []


def test_with_postmark_a_notification_goes_through_its_api_and_a_refusal_is_reported(
    client, settings, tenant_a, postmark, tasks_inline, django_capture_on_commit_callbacks
):
    from dragonfly.notifications.services import notify
    from dragonfly.testing.factories import make_user

    crew = tenant_a.user(Role.DEVIATOR)
    crew.email = "crew@acme.test"
    crew.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notify([crew], kind="general", title="Doors at six", dedupe_key="doors")
    ((path, headers, body),) = postmark.requests
    assert path == "/email" and headers["X-Postmark-Server-Token"] == "server-token-1"
    assert (body["To"], body["Subject"]) == ("crew@acme.test", "Doors at six")
    assert {"Name": "Message-ID", "Value": message_id("notification", note.pk)} in body["Headers"]

    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    postmark.inactive.add("gone@acme.test")
    page = client.post(reverse("notifications:email_status"), {"address": "gone@acme.test"}).content.decode()
    assert "refused the test email to gone@acme.test" in page and "AnymailRecipientsRefused" in page
    assert "Off: set ANYMAIL_WEBHOOK_SECRET." in page
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "postmark:s3cret"}
    page = client.get(reverse("notifications:email_status")).content.decode()
    assert "anymail.backends.postmark.EmailBackend" in page and "/hooks/email/postmark/tracking/" in page


def test_a_temporary_refusal_asks_for_a_retry_and_the_retry_delivers_once(
    tenant_a, smtp_server, tasks_inline, django_capture_on_commit_callbacks
):
    import smtplib

    from celery.exceptions import Retry

    from dragonfly.notifications.services import notify
    from dragonfly.notifications.tasks import email_notification, temporary

    crew = tenant_a.user(Role.DEVIATOR)
    crew.email = "crew@acme.test"
    crew.save(update_fields=["email"])
    smtp_server.busy = 1  # greylisted once
    # In-process (no broker) the retry surfaces as Celery's Retry; a worker re-runs the task after the back-off.
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        notify([crew], kind="general", title="Doors at six", dedupe_key="doors")
    note = Notification.objects.get(recipient=crew, dedupe_key="doors")
    assert smtp_server.messages == [] and note.emailed_at is None and note.claim_token == ""  # claim released

    assert email_notification.apply(args=[note.pk]).get() is True  # the retry
    assert email_notification.apply(args=[note.pk]).get() is False  # and a repeat sends nothing
    assert [m["Subject"] for _s, _r, m in smtp_server.messages] == ["Doors at six"]
    assert not temporary(smtplib.SMTPDataError(550, b"5.7.1 Message rejected"))  # a permanent refusal is final
