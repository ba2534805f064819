"""An org admin adds the senders that may post to /hooks/in/<source>/, hands out the URL and the signing
secret, reads what each posted (accepted, or refused with the reason) and pauses a sender; nobody else
does, and another organization's sources are not found."""

import json

import pytest
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from dragonfly.webhooks.models import IncomingSource

from .test_incoming import _signed

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_source_and_reads_what_it_posted(tenant_a, login, client):
    login(tenant_a.user(Role.PHANTOM))
    assert reverse("webhooks:sources") in client.get(reverse("webhooks:endpoints")).content.decode()
    response = client.post(reverse("webhooks:sources"), {"name": "Ticketing", "slug": "tix", "handler": "generic"})
    source = IncomingSource.objects.get(slug="tix")
    assert response.status_code == 302 and response["Location"] == reverse("webhooks:source", args=[source.pk])
    assert source.organization == tenant_a.org
    page = client.get(response["Location"]).content.decode()
    assert "http://testserver/hooks/in/tix/" in page and source.secret in page and "Nothing received yet." in page

    body = json.dumps({"type": "order.paid"}).encode()
    hook = "/hooks/in/tix/"
    assert client.post(hook, body, content_type="application/json", **_signed(source.secret, body)).status_code == 200
    assert client.post(hook, body, content_type="application/json").status_code == 401
    log = client.get(reverse("webhooks:source", args=[source.pk])).content.decode()
    assert "order.paid" in log and "published webhook.received" in log
    assert "unsigned" in log  # the refusal, with its reason


def test_a_taken_name_or_an_unknown_handler_is_refused_and_nothing_is_added(tenant_a, tenant_b, login, client):
    IncomingSource.objects.create(organization=tenant_b.org, slug="tix", name="B's ticketing")
    login(tenant_a.user(Role.PHANTOM))
    response = client.post(reverse("webhooks:sources"), {"name": "Ticketing", "slug": "tix", "handler": "generic"})
    assert response.status_code == 400 and "is taken" in response.content.decode()
    response = client.post(reverse("webhooks:sources"), {"name": "Odd", "slug": "odd", "handler": "nope"})
    assert response.status_code == 400
    assert not IncomingSource.objects.filter(organization=tenant_a.org).exists()
    assert "B&#x27;s ticketing" not in client.get(reverse("webhooks:sources")).content.decode()


def test_a_paused_source_is_not_found_until_resumed(tenant_a, login, client):
    source = IncomingSource.objects.create(organization=tenant_a.org, slug="tix", name="Ticketing")
    login(tenant_a.user(Role.PHANTOM))
    client.post(reverse("webhooks:source_toggle", args=[source.pk]))
    body = b"{}"
    assert (
        client.post("/hooks/in/tix/", body, content_type="application/json", **_signed(source.secret, body)).status_code
        == 404
    )
    assert ActivityEntry.objects.filter(verb="webhook_source.paused").exists()
    client.post(reverse("webhooks:source_toggle", args=[source.pk]))
    assert IncomingSource.objects.get(pk=source.pk).active


def test_nobody_else_manages_sources(tenant_a, tenant_b, login, client):
    source = IncomingSource.objects.create(organization=tenant_a.org, slug="tix", name="Ticketing")
    login(tenant_a.user(Role.GLADIATOR))
    assert client.get(reverse("webhooks:sources")).status_code == 403
    assert client.get(reverse("webhooks:source", args=[source.pk])).status_code == 403
    assert client.post(reverse("webhooks:source_toggle", args=[source.pk])).status_code == 403
    login(tenant_b.user(Role.PHANTOM))
    assert client.get(reverse("webhooks:source", args=[source.pk])).status_code == 404
    assert client.post(reverse("webhooks:source_toggle", args=[source.pk])).status_code == 404
    assert IncomingSource.objects.get(pk=source.pk).active
