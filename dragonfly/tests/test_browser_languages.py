"""German reads longer than English: the shell and the shared pages still fit a phone."""

import os

import pytest

from dragonfly.accounts.models import Profile
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switches_the_sign_in_page_to_german_and_a_german_member_reads_german_on_a_phone(
    live_server, artifacts_dir, tenant_a
):
    phantom = tenant_a.user(Role.PHANTOM)
    Profile.objects.update_or_create(user=phantom, defaults={"language": "de"})
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE, locale="en-US")
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("h1").inner_text() == "Log in"
        with page.expect_navigation():
            page.click("[data-testid=language-switch] button[value=de]")
        assert page.locator("h1").inner_text() == "Anmelden"
        assert no_horizontal_scroll(page)
        screenshot(page, os.path.join(artifacts_dir, "languages-login-de-phone.png"))
        page.close()

        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = logged_in_page(browser, live_server.url, phantom, PASSWORD, viewport=viewport)
            assert page.locator("html").get_attribute("lang") == "de"
            assert "Abmelden" in page.content()
            assert no_horizontal_scroll(page), f"the German home page scrolls sideways on {name}"
            screenshot(page, os.path.join(artifacts_dir, f"languages-home-de-{name}.png"))
            page.goto(f"{live_server.url}/me/profile/")
            assert page.locator("h1").inner_text() == "Ihr Profil"
            assert no_horizontal_scroll(page), f"the German profile scrolls sideways on {name}"
            screenshot(page, os.path.join(artifacts_dir, f"languages-profile-de-{name}.png"))
            page.close()
