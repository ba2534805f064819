"""An org admin connects Twilio; a crew member opts in to SMS alerts; urgent notifications (an urgent
broadcast, a critical incident, a call changed on its day) reach their phone, nothing else does;
Twilio's signed callbacks report delivery and a STOP is honoured. Against a local Twilio stub."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dragonfly.broadcasts.services import send_broadcast
from dragonfly.notifications.services import notify
from dragonfly.tenancy.roles import Role
from events.services import report_incident
from events.services.crew import update_crew_call
from integrations.models import Connection, Kind, SmsMessage, SmsOptIn, SmsOptOut, SmsStatus
from productions.tests.helpers import book, make_event, make_production

from .twilio_stub import ACCOUNT_SID, AUTH_TOKEN, SENDER, UNSUBSCRIBED, signature

pytestmark = pytest.mark.django_db
PHONE = "+447700900123"


@pytest.fixture
def connect_twilio(committed, login):
    def post(tenant, sid=ACCOUNT_SID, token=AUTH_TOKEN, sender=SENDER):
        client = login(tenant.user(Role.PHANTOM))
        body = {"account_sid": sid, "auth_token": token, "sender": sender}
        return committed(client.post, reverse("integrations:sms_connect"), body)

    return post


@pytest.fixture
def opted_in(login):
    def opt(user, phone=PHONE):
        assert login(user).post(reverse("integrations:sms_alerts"), {"phone": phone}).status_code == 302
        return user

    return opt


def test_an_admin_connects_twilio_and_the_token_is_stored_encrypted(
    tenant_a, login, twilio_api, connect_twilio, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    page = client.get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="sms-connection"' in page and "Connect Twilio" in page

    assert connect_twilio(tenant_a).status_code == 302
    connection = Connection.objects.get(organization=tenant_a.org, kind=Kind.SMS)
    assert connection.is_connected and connection.provider == "twilio" and connection.key_hint == AUTH_TOKEN[-4:]
    assert AUTH_TOKEN not in connection.secrets and ACCOUNT_SID not in connection.secrets
    # The test ran in Celery (in-process here): the SDK fetched the account from the stub.
    assert ("GET", f"/2010-04-01/Accounts/{ACCOUNT_SID}.json", {}) in twilio_api.requests
    assert connection.last_success_at is not None and connection.last_error == ""

    body = client.get(reverse("integrations:connections")).content.decode()
    assert AUTH_TOKEN not in body
    assert reverse("integrations:twilio_inbound", args=[connection.webhook_token]) in body
    # "Test connection" is the page's own, for SMS as for payments.
    twilio_api.requests.clear()
    committed(client.post, reverse("integrations:check", args=[connection.pk]))
    assert [r[1] for r in twilio_api.requests] == [f"/2010-04-01/Accounts/{ACCOUNT_SID}.json"]


def test_refused_credentials_show_twilios_message(tenant_a, login, twilio_api, connect_twilio):
    connect_twilio(tenant_a, token="f" * 32)
    connection = Connection.objects.get(kind=Kind.SMS)
    assert connection.last_success_at is None
    assert "Twilio refused the credentials" in connection.last_error and "20003" in connection.last_error
    page = login(tenant_a.user(Role.PHANTOM)).get(reverse("integrations:connections")).content.decode()
    assert "Twilio refused the credentials" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("sid", "AC123", "Account SID is AC followed by 32"),
        ("token", "not-a-token", "Auth Token is 32 hexadecimal"),
        ("sender", "07700 900123", "international form"),
    ],
)
def test_bad_credentials_are_refused_and_change_nothing(tenant_a, connect_twilio, field, value, message):
    response = connect_twilio(tenant_a, **{field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Connection.objects.exists()


def test_a_messaging_service_can_send(tenant_a, twilio_api, connect_twilio, opted_in, committed):
    connect_twilio(tenant_a, sender="MG" + "b2" * 16)
    opted_in(tenant_a.user(Role.RAIDER))
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Evacuate", urgent=True)
    sent = twilio_api.sent()
    assert sent and sent[0]["MessagingServiceSid"] == "MG" + "b2" * 16 and "From" not in sent[0]


def test_only_the_org_admin_manages_sms(tenant_a, tenant_b, login, twilio_api, connect_twilio):
    connect_twilio(tenant_a)
    connection = Connection.objects.get()
    client = login(tenant_a.user(Role.GLADIATOR))
    body = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "sender": SENDER}
    assert client.post(reverse("integrations:sms_connect"), body).status_code == 403
    assert client.post(reverse("integrations:disconnect", args=[connection.pk])).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    assert other.post(reverse("integrations:check", args=[connection.pk])).status_code == 404
    assert other.post(reverse("integrations:disconnect", args=[connection.pk])).status_code == 404
    assert "sms-log" not in other.get(reverse("integrations:connections")).content.decode()
    assert Connection.objects.get().is_connected


def test_opting_in_needs_an_international_mobile_number(tenant_a, login):
    user = tenant_a.user(Role.RAIDER)
    client = login(user)
    assert client.get(reverse("integrations:sms_alerts")).status_code == 200
    response = client.post(reverse("integrations:sms_alerts"), {"phone": "07700 900123"})
    assert response.status_code == 400 and "international form" in response.content.decode()
    assert not SmsOptIn.objects.exists()
    assert client.post(reverse("integrations:sms_alerts"), {"phone": "+44 7700 900-123"}).status_code == 302
    assert SmsOptIn.objects.get(user=user).phone == PHONE
    assert client.post(reverse("integrations:sms_alerts"), {"stop": "1"}).status_code == 302
    assert not SmsOptIn.objects.exists()


def test_an_urgent_broadcast_is_texted_to_who_opted_in_and_nothing_else_is(
    tenant_a, twilio_api, connect_twilio, opted_in, committed
):
    connect_twilio(tenant_a)
    raider = opted_in(tenant_a.user(Role.RAIDER))
    ops = tenant_a.user(Role.GLADIATOR)
    committed(send_broadcast, tenant_a.workspace, actor=ops, message="Doors delayed 15 min")
    assert twilio_api.sent() == [] and not SmsMessage.objects.exists()

    committed(send_broadcast, tenant_a.workspace, actor=ops, message="Storm: clear the stage", urgent=True)
    [sent] = twilio_api.sent()
    connection = Connection.objects.get(kind=Kind.SMS)
    assert sent["To"] == PHONE and sent["From"] == SENDER and "Storm: clear the stage" in sent["Body"]
    assert sent["StatusCallback"] == "http://testserver" + reverse(
        "integrations:twilio_status", args=[connection.webhook_token]
    )
    message = SmsMessage.objects.get()
    assert (message.user, message.status, message.provider_sid) == (raider, SmsStatus.QUEUED, f"SM{1:032x}")


def test_a_critical_incident_and_a_call_changed_today_are_texted(
    tenant_a, twilio_api, connect_twilio, opted_in, committed
):
    connect_twilio(tenant_a)
    manager = opted_in(tenant_a.user(Role.GLADIATOR))
    event = make_event(tenant_a, "Aurora", production=make_production(tenant_a, production_manager=manager))
    committed(
        report_incident,
        event,
        actor=tenant_a.user(Role.DEVIATOR),
        title="Crowd crush",
        description="Medics on site",
        severity="critical",
        category="medical",
    )
    assert "Crowd crush" in twilio_api.sent()[-1]["Body"]

    crew = opted_in(tenant_a.user(Role.RAIDER), "+15005550010")
    today = make_event(tenant_a, "Tonight", start=timezone.now() + datetime.timedelta(minutes=30))
    call = book(today, crew)
    committed(update_crew_call, call, actor=manager, call_time=timezone.now())
    assert twilio_api.sent()[-1]["To"] == "+15005550010" and "Tonight" in twilio_api.sent()[-1]["Body"]
    # A call changed days ahead is no emergency: no notification, no text.
    later = book(make_event(tenant_a, "Next week", start=timezone.now() + datetime.timedelta(days=7)), crew)
    committed(update_crew_call, later, actor=manager, call_time=later.call_time - datetime.timedelta(hours=1))
    assert SmsMessage.objects.count() == 2


def test_no_text_to_an_opted_out_number_nor_outside_the_organization(
    tenant_a, tenant_b, twilio_api, connect_twilio, opted_in, committed
):
    connect_twilio(tenant_a)
    raider = opted_in(tenant_a.user(Role.RAIDER))
    SmsOptOut.objects.create(organization=tenant_a.org, phone=PHONE, reason="stop")
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Now", urgent=True)
    assert twilio_api.sent() == [] and not SmsMessage.objects.filter(user=raider).exists()

    # Someone of another organization, told of something in A's workspace: A's sender never texts them.
    outsider = opted_in(tenant_b.user(Role.RAIDER), "+15005550011")
    committed(
        notify,
        [outsider],
        kind="broadcast",
        title="Hello",
        workspace=tenant_a.workspace,
        trigger="broadcast.urgent",
        dedupe_key="t:1",
    )
    # B has no SMS connection: its urgent broadcast texts no one, A's connection notwithstanding.
    committed(send_broadcast, tenant_b.workspace, actor=tenant_b.user(Role.GLADIATOR), message="B", urgent=True)
    assert twilio_api.sent() == [] and not SmsMessage.objects.exists()


def test_twilios_unsubscribed_error_marks_the_opt_out(tenant_a, twilio_api, connect_twilio, opted_in, committed):
    connect_twilio(tenant_a)
    opted_in(tenant_a.user(Role.RAIDER), UNSUBSCRIBED)
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Now", urgent=True)
    message = SmsMessage.objects.get()
    assert message.status == SmsStatus.FAILED and "unsubscribed" in message.error
    assert SmsOptOut.objects.filter(organization=tenant_a.org, phone=UNSUBSCRIBED, reason="unsubscribed").exists()


def _post_signed(client, url, params, token=AUTH_TOKEN):
    return client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature("http://testserver" + url, params, token))


def test_status_callbacks_are_verified(tenant_a, client, twilio_api, connect_twilio, opted_in, committed):
    connect_twilio(tenant_a)
    opted_in(tenant_a.user(Role.RAIDER))
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Now", urgent=True)
    message = SmsMessage.objects.get()
    url = reverse("integrations:twilio_status", args=[Connection.objects.get(kind=Kind.SMS).webhook_token])
    params = {"MessageSid": message.provider_sid, "MessageStatus": "delivered", "AccountSid": ACCOUNT_SID}

    client.logout()
    assert _post_signed(client, url, params, token="e" * 32).status_code == 403
    assert client.post(url, params).status_code == 403
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED

    assert _post_signed(client, url, params).status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED
    # A late "sent" never takes a delivered message back.
    assert _post_signed(client, url, {**params, "MessageStatus": "sent"}).status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED
    assert client.post(reverse("integrations:twilio_status", args=["nope"]), params).status_code == 404


def test_stop_opts_the_number_out_and_start_back_in(tenant_a, client, twilio_api, connect_twilio, opted_in, committed):
    connect_twilio(tenant_a)
    raider = opted_in(tenant_a.user(Role.RAIDER))
    url = reverse("integrations:twilio_inbound", args=[Connection.objects.get(kind=Kind.SMS).webhook_token])
    stop = {"From": PHONE, "To": SENDER, "Body": " stop ", "AccountSid": ACCOUNT_SID, "MessageSid": "SMin1"}
    client.logout()
    assert client.post(url, stop, HTTP_X_TWILIO_SIGNATURE="forged").status_code == 403
    assert not SmsOptOut.objects.exists()

    assert _post_signed(client, url, stop).status_code == 200
    assert SmsOptOut.objects.filter(organization=tenant_a.org, phone=PHONE).exists()
    page = client.get(reverse("integrations:sms_alerts"))  # logged out: the sign-in page
    assert page.status_code == 302
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Now", urgent=True)
    assert twilio_api.sent() == []

    assert _post_signed(client, url, {**stop, "Body": "START"}).status_code == 200
    assert not SmsOptOut.objects.exists()
    committed(send_broadcast, tenant_a.workspace, actor=tenant_a.user(Role.GLADIATOR), message="Again", urgent=True)
    assert [s["To"] for s in twilio_api.sent()] == [PHONE] and SmsMessage.objects.get().user == raider


def test_a_person_switches_off_the_texts_of_one_urgent_kind(
    tenant_a, login, twilio_api, connect_twilio, opted_in, committed
):
    connect_twilio(tenant_a)
    raider = opted_in(tenant_a.user(Role.RAIDER))
    client = login(raider)
    assert client.get("/api/preferences/").json()["sms_kinds"] == [
        "incident.critical",
        "broadcast",
        "crew_call.changed",
    ]
    response = client.patch("/api/preferences/", {"sms_kinds": ["incident.critical"]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["sms_kinds"] == ["incident.critical"]
    assert (
        client.patch("/api/preferences/", {"sms_kinds": ["general"]}, content_type="application/json").status_code
        == 400
    )
    ops = tenant_a.user(Role.GLADIATOR)
    committed(send_broadcast, tenant_a.workspace, actor=ops, message="Storm: clear the stage", urgent=True)
    assert twilio_api.sent() == [] and not SmsMessage.objects.exists()
    # the profile page ticks what arrives by SMS and saves it back
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="sms_kinds" value="incident.critical"' in page and "How each kind of notification reaches you" in page


def test_an_urgent_broadcast_to_a_big_crew_costs_the_same_queries_for_3_or_12_opted_in(
    tenant_a, twilio_api, connect_twilio, committed
):
    """Who gets a text is read for the whole crew at once (opt-ins, kinds, memberships, STOPs), and the
    texts are written in one insert: the queries don't grow with the crew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dragonfly.testing.factories import make_member
    from integrations.models import SmsOptIn
    from integrations.sms.services import text_urgent

    connect_twilio(tenant_a)

    def crew_told(count, start):
        people = [make_member(Role.RAIDER, tenant_a.org, tenant_a.workspace) for _ in range(count)]
        SmsOptIn.objects.bulk_create(SmsOptIn(user=p, phone=f"+4477009{start + i:05d}") for i, p in enumerate(people))
        return notify(
            people,
            kind="broadcast",
            title="Storm",
            workspace=tenant_a.workspace,
            trigger="broadcast.urgent",
            dedupe_key=f"storm:{start}",
        )

    few, many = crew_told(3, 0), crew_told(12, 100)
    SmsMessage.objects.all().delete()
    with CaptureQueriesContext(connection) as small:
        assert len(text_urgent(few)) == 3
    with CaptureQueriesContext(connection) as large:
        assert len(text_urgent(many)) == 12
    assert len(large) == len(small)
    assert SmsMessage.objects.count() == 15
