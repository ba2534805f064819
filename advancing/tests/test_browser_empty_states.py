"""In Chromium on a phone: a crew member's first visit to an empty workspace shows what advancing and
productions are for and the button to start, inside the screen; the button leads to the form."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_visit_on_a_phone_shows_the_next_step(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    manager = tenant.user(Role.GLADIATOR)
    base, ws = live_server.url, f"w/{tenant.org.slug}/{tenant.workspace.slug}/"

    with chromium() as browser:
        page = logged_in_page(browser, base, manager, PASSWORD, viewport=PHONE)
        page.goto(f"{base}/advancing/{ws}")
        card = page.locator(".empty-state")
        assert "You have no advances in this workspace yet" in card.inner_text()
        assert no_horizontal_scroll(page)
        screenshot(page, f"{artifacts_dir}/empty-my-advances-phone.png")
        click_and_wait(page, card.get_by_role("link", name="Start your first advance"))
        assert page.url.endswith(f"/advancing/{ws}new/")

        page.goto(f"{base}/productions/{ws}")
        card = page.locator(".empty-state")
        assert "No productions in this workspace yet" in card.inner_text()
        assert card.get_by_role("link", name="Create the first production").is_visible()
        assert no_horizontal_scroll(page)
        screenshot(page, f"{artifacts_dir}/empty-productions-phone.png")
