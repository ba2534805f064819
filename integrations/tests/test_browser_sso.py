"""Single sign-on in a real browser: the sign-in page's "Sign in with SSO", the provider's
authorize page (the local OIDC stub approves at once), back to Dragonfly signed in and a member."""

import os

import pytest

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, chromium, click_and_wait
from dragonfly.testing.factories import Tenant
from integrations.sso import services

from . import oidc_stub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_signs_in_with_sso_and_lands_in_the_organization(live_server, artifacts_dir):
    stub = oidc_stub.start()
    try:
        tenant = Tenant("Acme")
        services.save_config(
            tenant.org,
            actor=tenant.user(Role.PHANTOM),
            values={
                "issuer": stub.url,
                "client_id": oidc_stub.CLIENT_ID,
                "client_secret": oidc_stub.CLIENT_SECRET,
                "domains": "acme.test",
                "default_role": Role.PASSENGER,
            },
        )
        with chromium() as browser:
            page = browser.new_page(viewport=DESKTOP)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#sso-email", "dana@acme.test")
            click_and_wait(page, "[data-testid=sso-form] button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            page.screenshot(path=os.path.join(artifacts_dir, "sso-signed-in.png"), full_page=True)
            assert "/accounts/login/" not in page.url
        membership = Membership.objects.get(user__email="dana@acme.test")
        assert membership.organization_id == tenant.org.pk and membership.role == Role.PASSENGER
    finally:
        stub.shutdown()
        stub.server_close()
