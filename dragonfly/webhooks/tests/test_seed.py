"""The demo: an admin finds an (inactive) endpoint and an incoming source whose log shows two accepted
deliveries and a refused replay; seeding twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_org, make_workspace
from dragonfly.webhooks.models import IncomingDelivery, IncomingSource, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_webhooks_once(client, django_capture_on_commit_callbacks):
    org = make_org("Northstar", slug="northstar")
    workspace = make_workspace(org, "Aurora Tour", slug="aurora-tour")
    admin = make_member(Role.PHANTOM, org, None, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_webhooks_demo", stdout=io.StringIO())
        call_command("seed_webhooks_demo", stdout=io.StringIO())
    endpoints = WebhookEndpoint.objects.filter(organization=org)
    assert [e.active for e in endpoints] == [False, False]
    assert WebhookDelivery.objects.filter(endpoint__in=endpoints, status="failed").count() == 2
    source = IncomingSource.objects.get(organization=org)
    assert sorted(IncomingDelivery.objects.filter(source=source).values_list("status", flat=True)) == [
        "accepted",
        "accepted",
        "refused",
    ]
    client.force_login(admin)
    client.post("/workspace/switch/", {"workspace": workspace.pk})
    page = client.get("/webhooks/")
    assert page.status_code == 200 and "ERP" in page.content.decode()
