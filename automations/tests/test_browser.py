"""In Chromium, on a 375 px phone: an organization admin builds a rule (advances over 5,000 → tell the
Aviators), tests it on a sample, and finds it in the list; a submission then shows its run in the
usage log. Screenshots go to the artifacts directory (and AUTOMATIONS_SHOTS, when set)."""

import os

import pytest

from advancing import services as advancing
from advancing.tests.helpers import lines, make_advance
from automations.models import AutomationRule, UsageLog
from dragonfly.tenancy.roles import Role
from dragonfly.testing.a11y import FAILING_IMPACTS, axe_result
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_builds_and_tests_a_rule_on_a_phone(live_server, artifacts_dir, tenant_a):
    from axe_playwright_python.sync_playwright import Axe

    shots = os.environ.get("AUTOMATIONS_SHOTS") or artifacts_dir
    os.makedirs(shots, exist_ok=True)
    admin = tenant_a.user(Role.PHANTOM)
    dear = make_advance(tenant_a, items=lines(("Main stage", 1, "9000")), activation="Main stage")
    advancing.submit_advance(dear, actor=tenant_a.user(Role.DEVIATOR))
    axe = Axe()

    with chromium() as browser:
        phone = browser.new_page(viewport=PHONE)
        phone.set_default_timeout(10_000)
        log_in(phone, live_server.url, admin.username, PASSWORD)
        phone.goto(f"{live_server.url}/automations/new/")
        assert no_horizontal_scroll(phone)
        phone.fill("#id_name", "Big advances to the Aviators")
        phone.select_option("#id_trigger", label="Advance submitted · compvss.advance.submitted")
        phone.fill("#id_condition_1_field", "estimated_cost")
        phone.select_option("#id_condition_1_op", "gt")
        phone.fill("#id_condition_1_value", "5000")
        phone.select_option("#id_action_1", "notify.users")
        phone.fill("#id_action_1_message", "Big advance: {object}")
        phone.check(f"input[name=action_1_roles][value='{int(Role.AVIATOR)}']")
        screenshot(phone, os.path.join(shots, "automations-builder-375.png"))
        click_and_wait(phone, "[data-testid=rule-form] button[type=submit]")
        assert "Big advances to the Aviators" in phone.locator("[data-testid=rules]").inner_text()
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(shots, "automations-rules-375.png"))

        rule = AutomationRule.objects.get()
        phone.goto(f"{live_server.url}/automations/{rule.pk}/test/")
        click_and_wait(phone, "form.filters button[type=submit]")
        result = phone.locator("[data-testid=test-result]").inner_text()
        assert "The rule would run" in result and "Would notify" in result
        screenshot(phone, os.path.join(shots, "automations-test-375.png"))
        assert not UsageLog.objects.exists()  # a dry run

        desk = browser.new_page(viewport=DESKTOP)
        desk.set_default_timeout(10_000)
        log_in(desk, live_server.url, admin.username, PASSWORD)
        for name, path in (
            ("rules", "/automations/"),
            ("builder", f"/automations/{rule.pk}/"),
            ("test", f"/automations/{rule.pk}/test/?object={dear.pk}"),
            ("log", "/automations/log/"),
        ):
            desk.goto(live_server.url + path)
            screenshot(desk, os.path.join(shots, f"automations-{name}-1280.png"))
            phone.goto(live_server.url + path)
            assert no_horizontal_scroll(phone), name
            for width, shown in ((375, phone), (1280, desk)):
                found = axe_result(axe, shown, "phantom", path, width)
                serious = [v for v in found.violations if v[0] in FAILING_IMPACTS]
                assert not serious, (name, width, serious)
