"""A production manager shares the rider with a promoter outside the organization: a link that
works until the date they chose, can be revoked, and logs who opened it. The token is in the URL and
only its hash is stored; an expired or revoked link answers 410, an unknown one 404, and neither
logs anything (the URL is the key)."""

import datetime
import logging

import pytest
from django.utils import timezone

from dragonfly.files.models import ShareAccess, ShareLink
from dragonfly.tenancy.roles import Role

from .helpers import body, make_document

pytestmark = pytest.mark.django_db
R = Role


def share(client, document, days=7):
    response = client.post(f"/files/document/{document.pk}/share/", {"days": days})
    assert response.status_code == 201
    return response.context["new_link"]


def test_share_open_log_and_revoke(tenant_a, login, client, caplog):
    rider = make_document(tenant_a)
    manager = login(tenant_a.user(R.GLADIATOR))
    url = share(manager, rider, days=14)
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = ShareLink.objects.get()
    assert token not in link.token_hash and len(link.token_hash) == 64  # only the hash is kept
    assert abs(link.expires_at - (timezone.now() + datetime.timedelta(days=14))) < datetime.timedelta(minutes=1)
    assert token not in manager.get(f"/files/document/{rider.pk}/").content.decode()  # shown once

    manager.logout()  # the promoter has no account
    opened = client.get(url, HTTP_USER_AGENT="PromoterBrowser/1.0", REMOTE_ADDR="203.0.113.9")
    assert opened.status_code == 200 and body(opened).startswith(b"%PDF")
    assert opened["X-Content-Type-Options"] == "nosniff" and opened["Referrer-Policy"] == "no-referrer"
    access = ShareAccess.objects.get()
    assert (access.ip_address, access.user_agent) == ("203.0.113.9", "PromoterBrowser/1.0")

    manager = login(tenant_a.user(R.GLADIATOR))
    page = manager.get(f"/files/document/{rider.pk}/").content.decode()
    assert "203.0.113.9" in page and "PromoterBrowser/1.0" in page  # who opened it
    assert manager.post(f"/files/document/{rider.pk}/share/{link.pk}/revoke/").status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    with caplog.at_level(logging.DEBUG):
        assert client.get(url).status_code == 410
        assert client.get("/files/s/not-a-real-token/").status_code == 404
    assert ShareAccess.objects.count() == 1  # a dead link records nothing
    assert token not in caplog.text and "not-a-real-token" not in caplog.text


def test_an_expired_link_is_gone(tenant_a, login, client):
    url = share(login(tenant_a.user(R.GLADIATOR)), make_document(tenant_a), days=1)
    ShareLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    response = client.get(url)
    assert response.status_code == 410 and b"no longer works" in response.content
    assert not ShareAccess.objects.exists()


def test_who_may_share_and_revoke(tenant_a, tenant_b, login):
    rider = make_document(tenant_a)
    assert login(tenant_a.user(R.NAVIGATOR)).post(f"/files/document/{rider.pk}/share/", {"days": 7}).status_code == 403
    manager = login(tenant_a.user(R.GLADIATOR))
    assert manager.post(f"/files/document/{rider.pk}/share/", {"days": 5}).status_code == 400  # not a choice
    share(manager, rider)
    link = ShareLink.objects.get()
    revoke = f"/files/document/{rider.pk}/share/{link.pk}/revoke/"
    assert login(tenant_b.user(R.PHANTOM)).post(revoke).status_code == 404
    assert login(tenant_a.user(R.NAVIGATOR)).post(revoke).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
