"""Errors as people and API clients meet them in production (DEBUG=0), and /api/ while developing (DEBUG=1).

A page 404 is the branded page that says what to do next; an /api/ 404 is the one JSON error shape,
whatever DEBUG says (Django's debug page is HTML and would break a client parsing the answer).
"""

import pytest

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", ["/api/nothing-here/", "/api/productions/1/nothing/", "/api/no-slash"])
def test_an_unknown_api_url_is_json_with_or_without_debug(tenant_a, client, settings, debug, url):
    settings.DEBUG = debug
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert response.json() == {
        "detail": "No API route or object matches this URL.",
        "errors": {},
        "code": "not_found",
    }


def test_an_unknown_api_url_is_json_for_an_anonymous_client_too(db, client, settings):
    settings.DEBUG = True
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_debug_keeps_the_developer_page_for_an_unknown_page_url(tenant_a, client, settings):
    settings.DEBUG = True
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get("/productions/nothing-here/at-all/")
    assert response.status_code == 404 and b"Page not found at" in response.content


def test_a_signed_in_user_gets_the_branded_404_with_a_way_on(tenant_a, client):
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get("/productions/nothing-here/at-all/")
    page = response.content.decode()
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert "404 · Not found" in page and 'class="topbar"' in page  # the app's shell, not Django's
    assert "/productions/nothing-here/at-all/" in page  # what was asked for
    assert "Check the address" in page  # what to do about it
    assert 'href="/"' in page and 'aria-label="Modules"' in page  # home and the modules to go on from
    assert 'href="/accounts/login/' not in page  # no way to sign in: they are


def test_an_anonymous_visitor_gets_the_branded_404_with_a_sign_in_link(db, client):
    response = client.get("/nothing-here/")
    page = response.content.decode()
    assert response.status_code == 404 and "404 · Not found" in page
    assert 'href="/accounts/login/?next=/nothing-here/"' in page and "Sign in" in page


def test_the_404_does_not_echo_markup_from_the_address(db, client):
    response = client.get("/nothing/<script>alert(1)</script>/")
    assert response.status_code == 404 and b"<script>alert(1)" not in response.content
