"""The installable app: the manifest names Dragonfly with its icons, the service worker is served at
the root to anyone (it controls the sign-in page too) as JavaScript that is never cached stale, and
the offline page is translated; every page links the manifest and loads the outbox script."""

import json
import re

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from dragonfly.core import pwa

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Dragonfly" and data["short_name"] and data["display"] == "standalone"
    assert data["start_url"] == "/" and data["theme_color"] == "#111827" and data["background_color"] == "#f5f6f8"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    assert static("img/icon-512.png") in [icon["src"] for icon in data["icons"]]


def test_the_service_worker_is_served_at_the_root_without_signing_in():
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    precache = json.loads(re.search(r"var PRECACHE = (\[.*\]);", body).group(1))
    assert reverse("offline") in precache and static("js/offline.js") in precache and static("css/app.css") in precache
    _urls, version = pwa._shell()
    assert f'var VERSION = "{version}";' in body
    assert "&quot;" not in body  # the JSON is written as is, not HTML-escaped


def test_a_new_static_hash_gives_a_new_worker_version(monkeypatch):
    pwa._shell.cache_clear()
    _before, version = pwa._shell()
    monkeypatch.setattr(pwa, "SHELL", [*pwa.SHELL, "css/another.css"])
    pwa._shell.cache_clear()
    try:
        assert pwa._shell()[1] != version
    finally:
        monkeypatch.undo()
        pwa._shell.cache_clear()


def test_the_offline_page_is_translated_and_names_no_one():
    english = Client().get("/offline/")
    assert english.status_code == 200 and "You are offline" in english.content.decode()
    german = Client(headers={"accept-language": "de"}).get("/offline/")
    assert "Sie sind offline" in german.content.decode()


def test_every_page_links_the_manifest_and_the_outbox(tenant_a, login):
    page = login(tenant_a.user(7)).get("/", follow=True).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest" data-sw="/sw.js"' in page
    assert '<meta name="theme-color" content="#111827">' in page
    assert static("js/offline.js") in page and "data-offline-queue" in page


def test_pages_that_say_no_store_are_never_kept_by_the_service_worker(tenant_a, login):
    """A token's secret and a two-factor setup key are shown once: their pages say no-store, and the
    service worker keeps no page that says so (a copy would outlive the moment on the phone's disk)."""
    from dragonfly.tenancy.roles import Role

    body = Client().get("/sw.js").content.decode()
    assert 'indexOf("no-store") === -1' in body
    client = login(tenant_a.user(Role.RAIDER))
    client.post(reverse("accounts:security_start"))
    setup = client.get(reverse("accounts:security"))
    assert setup.status_code == 200 and "no-store" in setup["Cache-Control"]
