"""In Chromium, the production manager's story: approving 6 of 10 radios shows on the line as
requested 10 / approved 6 with amounts that add up to the header; the production's health card
counts the same overdue tasks the task list marks. Screenshots go to the artifacts directory."""

import datetime

import pytest

from advancing.tests.helpers import S, lines, make_advance
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import chromium, click_and_wait, logged_in_page
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import named, restore_migration_data
from productions.models import Production, Task
from productions.services import refresh_production_health

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, directory, name):
    page.screenshot(path=f"{directory}/manager-{name}.png", full_page=True)


def test_manager_approves_6_of_10_radios_and_the_health_card_counts_what_the_list_marks(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    manager = named(tenant.user(Role.GLADIATOR), "Sam", "Okafor")
    production = Production.objects.create(workspace=tenant.workspace, name="Aurora — Arena Tour")
    advance = make_advance(tenant, S.UNDER_REVIEW, items=lines(("Radios", 10, 25), ("Forklift", 2, 400)))
    radios = advance.items.get(name="Radios")
    yesterday = local_today(tenant.workspace) - datetime.timedelta(days=1)
    Task.objects.create(production=production, title="Book hotel", due_date=yesterday, priority="high")
    Task.objects.create(production=production, title="Order catering", due_date=yesterday)
    Task.objects.create(production=production, title="Send rider", due_date=yesterday, status="done")
    refresh_production_health(production.pk)
    base = live_server.url

    with chromium() as browser:
        page = logged_in_page(browser, base, manager, PASSWORD)

        # --- a partial approval: 6 of 10 radios ----------------------------------------------------
        page.goto(f"{base}/advancing/{advance.pk}/")
        page.fill(f"#id_qty_{radios.pk}", "6")
        click_and_wait(page, page.locator("#approve-form").get_by_role("button", name="Approve"))
        row = page.locator(f"[data-testid=line-{radios.pk}]")
        assert row.locator("[data-label=Requested]").inner_text().strip() == "10"
        assert row.locator("[data-label=Approved]").inner_text().startswith("6")
        assert row.locator("[data-label='Estimated cost']").inner_text().strip() == "250.00"
        assert row.locator("[data-testid=approved-cost]").inner_text().strip() == "150.00"
        header = page.locator(".totals-grid").inner_text()
        assert "USD 1,050.00" in header and "USD 950.00" in header
        assert page.locator("[data-testid=lines-approved-total]").inner_text().strip() == "USD 950.00"
        shot(page, artifacts_dir, "advance-partial-approval")

        # --- the health card and the task list agree on what is overdue ----------------------------
        page.goto(f"{base}/productions/{production.pk}/")
        card = page.locator("[data-testid=health-card]").inner_text()
        assert "2 open tasks past their due date (1 of them high priority)" in card
        assert "No overdue tasks" not in card
        shot(page, artifacts_dir, "health-card")
        page.goto(f"{base}/productions/{production.pk}/tasks/")
        assert page.locator(".task-item .badge.overdue").count() == 2
        shot(page, artifacts_dir, "task-list")
