"""An org admin on a phone and on a laptop: switches a module off in the settings and sees it leave the
navigation; the role matrix and the audit log fit a 375 px screen; a dark theme reads as dark."""

import os

import pytest

from dragonfly.accounts.services import update_preferences
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import (
    DESKTOP,
    PHONE,
    chromium,
    click_and_wait,
    logged_in_page,
    no_horizontal_scroll,
    screenshot,
)
from dragonfly.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_switches_finance_off_and_it_leaves_the_navigation(live_server, tenant_a, artifacts_dir):
    shots = os.environ.get("SHOTS_DIR", artifacts_dir)
    os.makedirs(shots, exist_ok=True)
    phantom = tenant_a.user(Role.PHANTOM)
    with chromium() as browser:
        page = logged_in_page(browser, live_server.url, phantom, PASSWORD)
        page.goto(f"{live_server.url}/me/organization/")
        screenshot(page, os.path.join(shots, "admin-home-desktop.png"))
        click_and_wait(page, "[data-testid=admin-links] a[href='/me/organization/settings/']")
        assert page.locator("nav.modules >> text=Finance").count() == 1
        page.uncheck("input[name=modules][value=finance]")
        screenshot(page, os.path.join(shots, "org-settings-desktop.png"))
        click_and_wait(page, "main button[type=submit]")
        assert page.locator("nav.modules >> text=Finance").count() == 0
        assert page.locator("nav.modules >> text=Productions").count() == 1

        phone = logged_in_page(browser, live_server.url, phantom, PASSWORD, viewport=PHONE)
        for path, name in [
            ("/me/organization/", "admin-home"),
            ("/me/organization/roles/?app=advancing", "role-matrix"),
            ("/me/organization/audit/", "audit-log"),
            ("/invitations/members/", "members"),
            (f"/me/organization/workspaces/{tenant_a.workspace.pk}/", "workspace-settings"),
        ]:
            phone.goto(f"{live_server.url}{path}")
            screenshot(phone, os.path.join(shots, f"{name}-phone.png"))
            assert no_horizontal_scroll(phone), path
        page.goto(f"{live_server.url}/me/organization/roles/?app=advancing")
        screenshot(page, os.path.join(shots, "role-matrix-desktop.png"))


def test_a_dark_theme_reads_dark(live_server, tenant_a, artifacts_dir):
    raider = tenant_a.user(Role.RAIDER)
    update_preferences(raider, actor=raider, theme="dark")
    with chromium() as browser:
        page = logged_in_page(browser, live_server.url, raider, PASSWORD, viewport=DESKTOP)
        page.goto(f"{live_server.url}/")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(20, 23, 31)"
        screenshot(page, os.path.join(os.environ.get("SHOTS_DIR", artifacts_dir), "home-dark-desktop.png"))
