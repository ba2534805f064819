"""In Chromium: a crew member logs in, adds a widget to their dashboard (htmx, no reload), makes it
wide, and finds it so after a reload; the dashboard fits a 375 px phone. A production manager's full
dashboard is photographed at both widths (`ARTIFACTS_DIR`, or /tmp/shots/dash)."""

import os

import pytest

from dashboard import services
from dragonfly.tenancy.roles import Role
from dragonfly.testing.a11y import axe_result
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, log_in, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import restore_migration_data

from .helpers import dashboard_url, fill_workspace

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_crew_member_adds_a_widget_and_finds_it_after_a_reload(live_server, artifacts_dir):
    restore_migration_data()  # a transactional test's flush removed the roles' permissions
    tenant = Tenant("Acme")
    fill_workspace(tenant, n=2)
    crew = tenant.user(Role.RAIDER)
    services.remove_widget(tenant.workspace, actor=crew, key="upcoming")  # so there is one to add
    shots = os.environ.get("SHOTS_DIR") or artifacts_dir
    url = live_server.url + dashboard_url(tenant)

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, crew.username, PASSWORD)
        page.goto(url)
        assert page.locator('[data-widget="upcoming"]').count() == 0
        page.select_option("#dash-add-key", "upcoming")
        page.select_option("#dash-add-size", "small")
        page.click('[data-testid="add-widget"]')  # htmx swaps the grid in place
        page.wait_for_selector('[data-widget="upcoming"].small')
        assert page.url == url
        page.click('[data-testid="resize-upcoming"]')
        page.wait_for_selector('[data-widget="upcoming"].wide')
        page.reload()
        widget = page.locator('[data-widget="upcoming"]')
        assert widget.count() == 1 and "wide" in (widget.get_attribute("class") or "")
        assert "Show 0" in widget.inner_text()
        assert no_horizontal_scroll(page)
        screenshot(page, os.path.join(shots, "dashboard-crew-375.png"))
        page.close()

        manager, admin = tenant.user(Role.GLADIATOR), tenant.user(Role.PHANTOM)
        for name, viewport in (("375", PHONE), ("1280", DESKTOP)):
            page = browser.new_page(viewport=viewport)
            log_in(page, live_server.url, manager.username, PASSWORD)
            page.goto(url)
            assert page.locator('[data-widget="budget_burn"] svg[role="img"] title').count() == 1
            assert no_horizontal_scroll(page)
            assert_no_serious_axe_violation(page, "dashboard")
            screenshot(page, os.path.join(shots, f"dashboard-manager-{name}.png"))
            page.goto(live_server.url + "/")
            screenshot(page, os.path.join(shots, f"home-manager-{name}.png"))
            page.close()
            page = browser.new_page(viewport=viewport)
            log_in(page, live_server.url, admin.username, PASSWORD)
            page.goto(live_server.url + dashboard_url(tenant, "defaults/?role=7"))
            assert no_horizontal_scroll(page)
            assert_no_serious_axe_violation(page, "defaults")
            screenshot(page, os.path.join(shots, f"defaults-admin-{name}.png"))
            page.close()


def assert_no_serious_axe_violation(page, where):
    from axe_playwright_python.sync_playwright import Axe

    result = axe_result(Axe(), page, "", where, page.viewport_size["width"])
    bad = [v for v in result.violations if v[0] in ("serious", "critical")]
    assert not bad, f"{where}: {bad}"
