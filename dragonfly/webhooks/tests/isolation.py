"""Webhooks for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py): named
"Zebra Secret …", so any page or API answer of another organization that shows one is caught."""

from django.test import override_settings

from dragonfly.webhooks.models import (
    DeliveryStatus,
    IncomingDelivery,
    IncomingSource,
    IncomingStatus,
    WebhookDelivery,
    WebhookEndpoint,
)


def make_secret_objects(tenant):
    with override_settings(WEBHOOKS_ALLOW_PRIVATE_URLS=True):
        endpoint = WebhookEndpoint.objects.create(
            organization=tenant.org,
            url="http://127.0.0.1:9/zebra-secret-hook",
            description="Zebra Secret Receiver",
            event_types=["*"],
        )
    delivery = WebhookDelivery.objects.create(
        organization=tenant.org,
        endpoint=endpoint,
        message_id="msg_zebrasecret",
        event_type="advance.approved",
        payload={"type": "advance.approved", "data": {"version": 1, "note": "Zebra Secret Payload"}},
        status=DeliveryStatus.SUCCEEDED,
        response_excerpt="Zebra Secret Answer",
    )
    source = IncomingSource.objects.create(organization=tenant.org, slug="zebra-secret-source", name="Zebra Secret CRM")
    received = IncomingDelivery.objects.create(
        organization=tenant.org,
        source=source,
        delivery_id="Zebra Secret Delivery",
        status=IncomingStatus.ACCEPTED,
        payload={"note": "Zebra Secret Incoming"},
    )
    return {"endpoint": endpoint, "delivery": delivery, "source": source, "received": received}
