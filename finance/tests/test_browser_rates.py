"""In Chromium, the accountant's story: an invoice taxed at 8.875 % (a fourth decimal is refused in
words, not by a tooltip), with the right totals; then a purchase order over the two-approver
threshold that says who may approve it, and tells the manager who raised it why not them."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import chromium, click_and_wait, logged_in_page
from dragonfly.testing.factories import PASSWORD, Tenant
from finance import services
from finance.models import Invoice

from .helpers import make_budget, make_vendor
from .test_browser import Shots, named, restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accountant_enters_8_875_percent_tax_and_sees_who_may_approve_a_large_order(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    accountant = named(tenant.user(Role.AVIATOR), "Alex", "Moreau")
    manager = named(tenant.user(Role.GLADIATOR), "Sam", "Okafor")
    named(tenant.user(Role.PHANTOM), "Priya", "Shah")
    budget = make_budget(tenant, plan={"Technical": "20000"})
    vendor = make_vendor(tenant, "Empire Staging")
    technical = budget.lines.get(category="Technical")
    ws = tenant.workspace
    shot = Shots(artifacts_dir)
    base = live_server.url

    with chromium() as browser:
        page = logged_in_page(browser, base, accountant, PASSWORD)

        # --- an invoice with New York's 8.875 %: a fourth decimal is refused in words -------------
        page.goto(f"{base}/finance/w/{ws.organization.slug}/{ws.slug}/invoices/new/")
        page.select_option("select[name=direction]", "payable")
        page.select_option("select[name=company]", str(vendor.pk))
        page.fill("input[name=number]", "ES-2041")
        page.select_option("select[name=budget_line]", str(technical.pk))
        page.fill("input[name=lines-0-description]", "Stage and rigging")
        page.fill("input[name=lines-0-quantity]", "1")
        page.fill("input[name=lines-0-unit_price]", "1000.00")
        page.fill("input[name=lines-0-tax_rate]", "8.8751")
        click_and_wait(page, page.get_by_role("button", name="Save draft"))
        assert "takes at most 3 decimals, such as 8.875 (you entered 8.8751)" in page.inner_text("main")
        assert not Invoice.objects.exists()
        shot(page, "invoice-tax-four-decimals-refused")

        page.fill("input[name=lines-0-tax_rate]", "8.875")
        click_and_wait(page, page.get_by_role("button", name="Save draft"))
        invoice = Invoice.objects.get()
        assert page.url.endswith(f"/finance/invoice/{invoice.pk}/")
        main = page.inner_text("main")
        assert "8.875" in main and "88.75" in main and "USD 1,088.75" in main
        shot(page, "invoice-8-875-percent")

        # --- an order over the threshold: who may approve, and why not the manager ------------------
        po = services.create_purchase_order(
            actor=manager,
            workspace=ws,
            vendor=vendor,
            production=budget.production,
            budget_line=technical,
            lines=[{"description": "Line array", "quantity": 2, "unit_price": "4000"}],
        )
        services.submit_purchase_order(po, actor=manager)
        page.goto(f"{base}/finance/purchase-order/{po.pk}/")
        note = page.locator("[data-testid=approval-note]").inner_text()
        assert "Two different approvers are needed" in note
        assert "Alex Moreau" in note and "Priya Shah" in note and "Sam Okafor" not in note
        assert page.get_by_role("button", name="Approve (1st of 2)").is_visible()
        shot(page, "po-accountant-may-approve")

        theirs = logged_in_page(browser, base, manager, PASSWORD)
        theirs.goto(f"{base}/finance/purchase-order/{po.pk}/")
        note = theirs.locator("[data-testid=approval-note]").inner_text()
        assert "Your role (Gladiator) does not approve purchase orders." in note
        assert "Alex Moreau" in note
        assert theirs.locator("[data-action=approve]").count() == 0
        shot(theirs, "po-manager-told-why-not")
