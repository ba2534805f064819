"""An org admin's endpoint hears its organization's events: signed, delivered by Celery, retried,
logged, replayed, and turned off when it keeps failing."""

import datetime
import json
import socket

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.webhooks import services
from dragonfly.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from dragonfly.webhooks.ssrf import UnsafeURL
from productions.models import Production
from productions.services.productions import move_production

from .helpers import receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True  # the receiver runs on 127.0.0.1 in these tests
    return settings


def _endpoint(tenant, url, types=("production.*",)):
    return services.create_endpoint(tenant.org, actor=tenant.user(Role.PHANTOM), url=url, event_types=list(types))


def test_a_production_move_reaches_the_receiver_signed_and_logged(
    tenant_a, tenant_b, local, django_capture_on_commit_callbacks
):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour")
    with receiver(answer=b'{"thanks": "received"}') as (url, received):
        endpoint = _endpoint(tenant_a, url)
        _endpoint(tenant_b, url)  # another organization's endpoint hears nothing of A
        with django_capture_on_commit_callbacks(execute=True):
            move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status="planning")

    assert len(received) == 1
    path, headers, body = received[0]
    assert path == "/hooks/dragonfly"
    # The receiver checks the signature with the standardwebhooks package and the endpoint's secret.
    payload = Webhook(endpoint.secret).verify(body, headers)
    assert payload["type"] == "production.moved"
    assert payload["data"]["version"] == 1
    assert payload["data"]["object"] == {"type": "productions.production", "id": str(production.pk)}
    assert payload["data"]["organization"] == tenant_a.org.pk
    assert payload["data"]["details"] == {"from": "concept", "to": "planning"}
    assert headers["webhook-id"].startswith("msg_")

    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == endpoint
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.response_code == 200 and delivery.attempts == 1
    assert delivery.latency_ms is not None
    assert "received" in delivery.response_excerpt


def test_an_endpoint_hears_only_the_event_types_it_chose(tenant_a, local, django_capture_on_commit_callbacks):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Winter Tour")
    with receiver() as (url, received):
        _endpoint(tenant_a, url, types=["advance.approved"])
        with django_capture_on_commit_callbacks(execute=True):
            move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status="planning")
    assert received == []
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_retried_on_the_back_off_schedule(tenant_a, local, django_capture_on_commit_callbacks):
    with receiver(status=500, answer=b"boom") as (url, received):
        endpoint = _endpoint(tenant_a, url)
        with django_capture_on_commit_callbacks(execute=True):
            delivery = services.send_test(endpoint, actor=tenant_a.user(Role.PHANTOM))
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code == 500
        assert delivery.response_excerpt == "boom" and "500" in delivery.error

        # Each failure waits longer: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day in all).
        waits = []
        for _attempt in range(len(services.RETRY_DELAYS)):
            due = delivery.next_attempt_at
            assert services.attempt_delivery(delivery.pk, now=due - datetime.timedelta(seconds=1)) is None  # not yet
            delivery = services.attempt_delivery(delivery.pk, now=due)
            waits.append(due)
        assert len(received) == 1 + len(services.RETRY_DELAYS)
    gaps = [(b - a).total_seconds() for a, b in zip(waits, waits[1:], strict=False)]
    assert gaps == [d.total_seconds() for d in services.RETRY_DELAYS[1:]]
    assert sum(d.total_seconds() for d in services.RETRY_DELAYS) / 3600 == pytest.approx(27.6, abs=0.1)
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    # Received bodies are the same message each time: one webhook-id, re-signed per attempt.
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 8


def test_the_sweep_sends_due_retries(tenant_a, local, django_capture_on_commit_callbacks):
    with receiver(status=503) as (url, _received):
        endpoint = _endpoint(tenant_a, url)
        with django_capture_on_commit_callbacks(execute=True):
            delivery = services.send_test(endpoint, actor=tenant_a.user(Role.PHANTOM))
    with receiver() as (url, received):
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert services.send_due_deliveries() == 1  # the beat task queues it; eager Celery sends it
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len(received) == 1


def test_an_endpoint_that_keeps_failing_is_disabled_and_the_admins_are_told(
    tenant_a, local, django_capture_on_commit_callbacks
):
    local.WEBHOOKS_DISABLE_AFTER_FAILURES = 3
    phantom = tenant_a.user(Role.PHANTOM)
    with receiver(status=500) as (url, _received):
        endpoint = _endpoint(tenant_a, url)
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                services.send_test(endpoint, actor=phantom)
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at is not None
    assert "3 failed attempts" in endpoint.disabled_reason
    note = Notification.objects.get(kind="webhook.disabled")
    assert note.recipient == phantom and url in note.body
    assert not Notification.objects.filter(kind="webhook.disabled").exclude(recipient=phantom).exists()
    # A disabled endpoint gets nothing more: its open retries end without a request.
    open_one = WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING).first()
    assert services.attempt_delivery(open_one.pk, now=open_one.next_attempt_at).status == DeliveryStatus.FAILED
    # Turned on again, it starts from a clean count.
    endpoint = services.update_endpoint(endpoint, actor=phantom, active=True)
    assert endpoint.active and endpoint.consecutive_failures == 0 and endpoint.disabled_at is None


def test_a_delivery_is_replayed_with_the_same_webhook_id(tenant_a, local, django_capture_on_commit_callbacks):
    with receiver() as (url, received):
        endpoint = _endpoint(tenant_a, url)
        with django_capture_on_commit_callbacks(execute=True):
            first = services.send_test(endpoint, actor=tenant_a.user(Role.PHANTOM))
        with django_capture_on_commit_callbacks(execute=True):
            again = services.replay_delivery(first, actor=tenant_a.user(Role.PHANTOM))
    assert again.replay_of == first and again.message_id == first.message_id
    assert [h["webhook-id"] for _, h, _ in received] == [first.message_id] * 2
    assert json.loads(received[0][2]) == json.loads(received[1][2])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://localhost:8000/hook",  # a host name that resolves to loopback
        "http://192.168.0.10/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_private_loopback_and_link_local_urls_are_refused_at_save(tenant_a, url):
    with pytest.raises(UnsafeURL):
        _endpoint(tenant_a, url)
    assert not WebhookEndpoint.objects.exists()


def test_a_host_that_turns_private_after_the_save_is_refused_at_send_time(
    tenant_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: public)
    endpoint = _endpoint(tenant_a, "https://hooks.example.org/in")  # public when saved
    rebound = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: rebound)  # DNS rebinding
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.send_test(endpoint, actor=tenant_a.user(Role.PHANTOM))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code is None
    assert "private, loopback or link-local" in delivery.error


def test_unknown_event_types_are_refused(tenant_a, local):
    from dragonfly.core.errors import DomainError

    with pytest.raises(DomainError):
        _endpoint(tenant_a, "http://127.0.0.1:9/x", types=["nothing.happened"])
    with pytest.raises(DomainError):
        _endpoint(tenant_a, "http://127.0.0.1:9/x", types=[])
    assert _endpoint(tenant_a, "http://127.0.0.1:9/x", types=["advance.*", "*"]).event_types == ["advance.*", "*"]


def test_deliveries_go_to_the_integrations_queue():
    from dragonfly.celery import app

    route = app.amqp.router.route({}, "dragonfly.webhooks.tasks.deliver_webhook", (1,), {})
    assert route["queue"].name == "integrations"
