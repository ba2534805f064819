"""An org admin runs webhooks in the browser and the API; another org's admin gets 404, a member who
is not an admin 403."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.webhooks import services
from dragonfly.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

from .helpers import receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True
    return settings


@pytest.fixture
def endpoint(tenant_a, local):
    return services.create_endpoint(
        tenant_a.org, actor=tenant_a.user(Role.PHANTOM), url="http://127.0.0.1:9/hook", event_types=["advance.*"]
    )


def _delivery(endpoint):
    return WebhookDelivery.objects.create(
        organization=endpoint.organization,
        endpoint=endpoint,
        message_id="msg_abc",
        event_type="advance.approved",
        payload={"type": "advance.approved", "timestamp": "2026-01-01T00:00:00Z", "data": {"version": 1}},
        status=DeliveryStatus.FAILED,
    )


def test_an_admin_adds_an_endpoint_in_the_browser_and_sends_a_test(
    tenant_a, login, local, django_capture_on_commit_callbacks
):
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.get("/webhooks/").status_code == 200
    assert client.get("/webhooks/new/").status_code == 200
    with receiver() as (url, received):
        response = client.post("/webhooks/new/", {"url": url, "event_types": ["advance.approved"], "active": "on"})
        endpoint = WebhookEndpoint.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/webhooks/{endpoint.pk}/"
        assert endpoint.organization == tenant_a.org and endpoint.event_types == ["advance.approved"]
        page = client.get(f"/webhooks/{endpoint.pk}/")
        assert endpoint.secret in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/webhooks/{endpoint.pk}/test/").status_code == 302
    assert len(received) == 1 and received[0][1]["webhook-id"].startswith("msg_")
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "webhook.test" in page and "Delivered" in page


def test_the_page_refuses_a_private_url_and_saves_nothing(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post("/webhooks/new/", {"url": "http://169.254.169.254/", "all_events": "on", "active": "on"})
    assert response.status_code == 400
    assert "link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_edits_replays_and_deletes(tenant_a, login, endpoint, django_capture_on_commit_callbacks):
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(
        f"/webhooks/{endpoint.pk}/edit/", {"url": endpoint.url, "all_events": "on", "description": "CRM"}
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.event_types == ["*"] and endpoint.description == "CRM" and not endpoint.active
    services.update_endpoint(endpoint, actor=tenant_a.user(Role.PHANTOM), active=True)
    delivery = _delivery(endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/webhooks/deliveries/{delivery.pk}/replay/").status_code == 302
    assert WebhookDelivery.objects.filter(replay_of=delivery, message_id="msg_abc").exists()
    old_secret = endpoint.secret
    client.post(f"/webhooks/{endpoint.pk}/rotate-secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")
    assert client.post(f"/webhooks/{endpoint.pk}/delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_another_organizations_admin_gets_404_and_a_member_who_is_no_admin_403(tenant_a, tenant_b, client, endpoint):
    delivery = _delivery(endpoint)
    pages = [
        ("get", f"/webhooks/{endpoint.pk}/"),
        ("get", f"/webhooks/{endpoint.pk}/edit/"),
        ("post", f"/webhooks/{endpoint.pk}/test/"),
        ("post", f"/webhooks/{endpoint.pk}/rotate-secret/"),
        ("post", f"/webhooks/{endpoint.pk}/delete/"),
        ("post", f"/webhooks/deliveries/{delivery.pk}/replay/"),
        ("get", f"/api/webhooks/endpoints/{endpoint.pk}/"),
        ("patch", f"/api/webhooks/endpoints/{endpoint.pk}/"),
        ("delete", f"/api/webhooks/endpoints/{endpoint.pk}/"),
        ("post", f"/api/webhooks/endpoints/{endpoint.pk}/test/"),
        ("get", f"/api/webhooks/deliveries/{delivery.pk}/"),
        ("post", f"/api/webhooks/deliveries/{delivery.pk}/replay/"),
    ]
    for who, expected in [(tenant_b.user(Role.PHANTOM), 404), (tenant_a.user(Role.GLADIATOR), 403)]:
        client.force_login(who)
        for method, url in pages:
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code == expected, (who, method, url, response.status_code)
    # Lists: the other admin sees only their own (none); a non-admin is refused.
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert client.get("/api/webhooks/endpoints/").json()["results"] == []
    assert client.get("/api/webhooks/deliveries/").json()["results"] == []
    assert "127.0.0.1:9" not in client.get("/webhooks/").content.decode()
    for role in (Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER):
        client.force_login(tenant_a.user(role))
        assert client.get("/webhooks/").status_code == 403
        assert client.get("/api/webhooks/endpoints/").status_code == 403
        assert (
            client.post(
                "/api/webhooks/endpoints/",
                {"url": "http://127.0.0.1:9/x", "event_types": ["*"]},
                content_type="application/json",
            ).status_code
            == 403
        )
    assert WebhookEndpoint.objects.count() == 1 and WebhookDelivery.objects.count() == 1
    endpoint.refresh_from_db()
    assert endpoint.active


def test_the_api_creates_lists_and_refuses_bad_input(tenant_a, client, local, endpoint):
    client.force_login(tenant_a.user(Role.PHANTOM))
    created = client.post(
        "/api/webhooks/endpoints/",
        {"url": "http://127.0.0.1:9/other", "event_types": ["production.moved"], "description": "ERP"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organization"] == tenant_a.org.pk and body["secret"].startswith("whsec_")
    assert {e["id"] for e in client.get("/api/webhooks/endpoints/").json()["results"]} == {endpoint.pk, body["id"]}
    assert "advance.approved" in client.get("/api/webhooks/endpoints/event-types/").json()["event_types"]

    local.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    refused = client.post(
        "/api/webhooks/endpoints/", {"url": "http://10.0.0.5/x", "event_types": ["*"]}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "unsafe_url"
    unknown = client.post(
        "/api/webhooks/endpoints/",
        {"url": "http://10.0.0.5/x", "event_types": ["no.such"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    patched = client.patch(
        f"/api/webhooks/endpoints/{endpoint.pk}/", {"url": "http://[::1]/x"}, content_type="application/json"
    )
    assert patched.status_code == 400
    endpoint.refresh_from_db()
    assert endpoint.url == "http://127.0.0.1:9/hook"
    assert WebhookEndpoint.objects.count() == 2

    delivery = _delivery(endpoint)
    listed = client.get(f"/api/webhooks/deliveries/?endpoint={endpoint.pk}").json()["results"]
    assert [d["id"] for d in listed] == [delivery.pk] and listed[0]["payload"]["data"]["version"] == 1
    assert client.get("/api/webhooks/deliveries/?endpoint=abc").status_code == 400
