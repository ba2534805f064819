"""In a real browser on a 375 px phone: a Navigator opens a grant, starts an application, uploads its
budget and submits it; the pages never scroll sideways."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from resources.models import GrantApplication

from .helpers import make_grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BUDGET = b"%PDF-1.4\n%budget\n"


def test_a_navigator_applies_for_a_grant_on_a_phone(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    grant = make_grant(tenant, "Touring support fund with a rather long name for a small screen")
    nav = tenant.user(Role.NAVIGATOR)
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, nav, PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/resources/w/{tenant.org.slug}/{tenant.workspace.slug}/grants/")
        assert "Touring support fund" in phone.content() and no_horizontal_scroll(phone)
        phone.goto(f"{live_server.url}/resources/grant/{grant.pk}/")
        assert no_horizontal_scroll(phone)
        phone.fill("input[name=requested_amount]", "20000")
        click_and_wait(phone, "[data-testid=apply]")
        phone.set_input_files(
            "input[name=upload]", files=[{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": BUDGET}]
        )
        click_and_wait(phone, "form[action$='/document/'] button[type=submit]")
        assert "budget.pdf" in phone.content() and no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "resources-grant-application-phone.png"))
        click_and_wait(phone, "[data-testid=move-submitted]")
        assert phone.locator("[data-testid=application-status]").inner_text() == "Submitted"
        assert no_horizontal_scroll(phone)
    assert GrantApplication.objects.get(grant=grant, applicant=nav).status == "submitted"
