"""In Chromium, at a phone's and a laptop's width: the templates list, a template, starting an advance from
it with one line dropped, and a roll-over's summary. Screenshots go to the artifacts directory."""

from decimal import Decimal

import pytest

from advancing import templating
from advancing.models import Advance, ProductionType
from advancing.rollover import request_rollover, run_rollover
from advancing.tests.helpers import catalog_item, make_advance
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, logged_in_page
from dragonfly.testing.factories import PASSWORD, Tenant, make_member
from finance.tests.test_browser import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_crew_member_starts_an_advance_from_a_template_on_a_phone_and_a_laptop(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    manager, crew = tenant.user(Role.GLADIATOR), tenant.user(Role.RAIDER)
    make_member(Role.GLADIATOR, tenant.org, tenant.other_workspace, user=manager)
    pa = catalog_item("ZZB-1001", "Line Array PA System with a long name that wraps on a phone")
    hands = catalog_item("ZZB-1002", "Stagehands", unit="Per Person")
    spot = catalog_item("ZZB-1003", "Follow spot")
    lines = [
        {"catalog_item": pa, "quantity": Decimal("2"), "notes": "Left and right hangs, delay towers at 40 m"},
        {"catalog_item": hands, "quantity": Decimal("24")},
        {"catalog_item": spot, "quantity": Decimal("2")},
    ]
    template = templating.save_template(
        actor=manager,
        organization=tenant.org,
        workspace=tenant.workspace,
        name="Arena show, standard rider",
        production_type=ProductionType.ARENA_SHOW,
        lines=lines,
    )
    spot.enabled = False
    spot.save()
    make_advance(tenant, activation="Opening night")
    rollover = request_rollover(tenant.workspace, actor=manager, target_workspace=tenant.other_workspace)
    run_rollover(rollover.pk)
    base = live_server.url

    with chromium() as browser:
        for width, viewport in (("375", PHONE), ("1280", DESKTOP)):
            page = logged_in_page(browser, base, crew, PASSWORD, viewport=viewport)
            page.goto(f"{base}/advancing/templates/")
            assert "Arena show, standard rider" in page.inner_text("main")
            page.screenshot(path=f"{artifacts_dir}/templates-list-{width}.png", full_page=True)
            page.goto(f"{base}/advancing/templates/{template.pk}/")
            page.screenshot(path=f"{artifacts_dir}/templates-detail-{width}.png", full_page=True)
            page.goto(f"{base}/advancing/templates/{template.pk}/start/")
            assert "Follow spot" in page.locator("[data-testid=unavailable]").inner_text()
            page.fill("#id_activation_name", f"Arena night {width}")
            hands_line = template.lines.get(catalog_item=hands)
            page.fill(f"#id_qty_{hands_line.pk}", "0")
            page.screenshot(path=f"{artifacts_dir}/templates-start-{width}.png", full_page=True)
            click_and_wait(page, page.get_by_role("button", name="Start the draft"))
            assert "/advancing/" in page.url and "Draft #" in page.inner_text("body")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            page.screenshot(path=f"{artifacts_dir}/templates-started-{width}.png", full_page=True)
            page.close()

            page = logged_in_page(browser, base, manager, PASSWORD, viewport=viewport)
            page.goto(f"{base}/advancing/w/{tenant.org.slug}/{tenant.workspace.slug}/rollover/")
            page.screenshot(path=f"{artifacts_dir}/rollover-form-{width}.png", full_page=True)
            page.goto(f"{base}/advancing/rollovers/{rollover.pk}/")
            assert page.locator("[data-testid=copied]").inner_text() == "1"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            page.screenshot(path=f"{artifacts_dir}/rollover-result-{width}.png", full_page=True)
            page.close()

    made = Advance.objects.filter(activation_name__startswith="Arena night")
    assert made.count() == 2
    assert all([i.name for i in a.items.all()] == [pa.name] for a in made)
