import io
import os

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from dragonfly.core.navigation import MODULES
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, log_in, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_user_switches_workspace_and_opens_every_module(live_server, artifacts_dir):
    call_command("seed_demo", stdout=io.StringIO())
    with chromium() as browser:
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = browser.new_page(viewport=viewport)
            log_in(page, live_server.url, "northstar-gladiator", DEMO_PASSWORD)
            screenshot(page, os.path.join(artifacts_dir, f"shell-home-{name}.png"))
            assert no_horizontal_scroll(page), f"home scrolls sideways on {name}"

            # switch to the festival workspace with the header switcher
            with page.expect_navigation():
                page.select_option("#ws-switch", label="Northstar Live — Harbor Lights Festival")
            assert "Harbor Lights Festival" in page.locator("#ws-switch option:checked").inner_text()

            for module in MODULES:
                page.goto(f"{live_server.url}/{module.app_label}/")
                assert page.locator("h1").first.is_visible()
                assert "Not allowed" not in page.content(), module.app_label
                assert f"/{module.app_label}/w/northstar/harbor-fest/" in page.url
                assert no_horizontal_scroll(page), f"{module.app_label} scrolls sideways on {name}"
                screenshot(page, os.path.join(artifacts_dir, f"shell-{module.app_label}-{name}.png"))
            page.close()
