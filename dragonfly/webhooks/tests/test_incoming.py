"""A source posts signed deliveries to /hooks/in/<source>/: accepted once, refused (401) otherwise."""

import datetime
import json

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from dragonfly.core.events import capture
from dragonfly.webhooks.incoming import HANDLERS, register_handler
from dragonfly.webhooks.models import IncomingDelivery, IncomingSource, IncomingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(tenant_a):
    return IncomingSource.objects.create(organization=tenant_a.org, slug="ticketing", name="Ticketing")


def _signed(secret, body, *, msg_id="msg_1", moment=None):
    moment = moment or timezone.now()
    return {
        "HTTP_WEBHOOK_ID": msg_id,
        "HTTP_WEBHOOK_TIMESTAMP": str(int(moment.timestamp())),
        "HTTP_WEBHOOK_SIGNATURE": Webhook(secret).sign(msg_id, moment, body),
    }


def _post(client, body, **headers):
    return client.post("/hooks/in/ticketing/", data=body, content_type="application/json", **headers)


def test_a_signed_delivery_is_accepted_once_and_published(client, source, django_capture_on_commit_callbacks):
    body = json.dumps({"type": "order.paid", "data": {"order": 42}}).encode()
    with capture() as events:
        response = _post(client, body, **_signed(source.secret, body))
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    row = IncomingDelivery.objects.get()
    assert row.status == IncomingStatus.ACCEPTED and row.delivery_id == "msg_1"
    assert row.event_type == "order.paid" and row.payload["data"] == {"order": 42}
    assert [e.name for e in events] == ["webhook.received"]
    assert events[0].data == {"source": "ticketing", "type": "order.paid", "delivery_id": "msg_1"}

    # The same delivery again (a replay, even freshly signed): refused and logged, not handled twice.
    again = _post(client, body, **_signed(source.secret, body))
    assert again.status_code == 401 and again.json()["code"] == "not_authenticated"
    assert IncomingDelivery.objects.filter(status=IncomingStatus.ACCEPTED).count() == 1
    refused = IncomingDelivery.objects.get(status=IncomingStatus.REFUSED)
    assert refused.reason.startswith("replayed")


def test_unsigned_and_badly_signed_deliveries_are_refused_and_logged(client, source):
    body = b'{"type": "order.paid"}'
    assert _post(client, body).status_code == 401
    assert _post(client, body, **_signed("whsec_" + "A" * 44, body)).status_code == 401  # another secret
    tampered = _signed(source.secret, body)
    assert _post(client, b'{"type": "order.refunded"}', **tampered).status_code == 401
    reasons = list(IncomingDelivery.objects.order_by("id").values_list("status", "reason"))
    assert [s for s, _ in reasons] == ["refused"] * 3
    assert reasons[0][1] == "unsigned" and reasons[1][1].startswith("signature")


def test_a_delivery_signed_long_ago_is_refused_as_a_replay(client, source):
    body = b'{"type": "order.paid"}'
    old = timezone.now() - datetime.timedelta(minutes=10)
    response = _post(client, body, **_signed(source.secret, body, msg_id="msg_old", moment=old))
    assert response.status_code == 401
    assert IncomingDelivery.objects.get().status == IncomingStatus.REFUSED


def test_an_unknown_source_is_404_and_a_get_is_405(client, source):
    assert client.post("/hooks/in/nobody/", data=b"{}", content_type="application/json").status_code == 404
    assert client.get("/hooks/in/ticketing/").status_code == 405


def test_a_module_registers_its_own_handler(client, source):
    seen = []

    @register_handler("test.tickets", "Tickets")
    def tickets(delivery):
        seen.append(delivery.payload["data"]["order"])
        return "1 order updated"

    try:
        source.handler = "test.tickets"
        source.save()
        body = b'{"type": "order.paid", "data": {"order": 7}}'
        assert _post(client, body, **_signed(source.secret, body, msg_id="msg_7")).status_code == 200
    finally:
        HANDLERS.pop("test.tickets")
    assert seen == [7]
    assert IncomingDelivery.objects.get().result == "1 order updated"
