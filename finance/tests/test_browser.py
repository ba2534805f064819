"""In Chromium: the production accountant checks an advance against the budget, approves it and
sees the budget line go amber; then approves a purchase order over the threshold as its second
approver. Screenshots of every screen go to the artifacts directory (`ARTIFACTS_DIR`)."""

import os
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission

from advancing import services as advancing
from advancing.catalog import load_catalog
from advancing.models import Advance, AdvanceStatus
from dragonfly.tenancy.roles import Role, role_grants
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from finance import services
from finance.models import PurchaseOrder, PurchaseOrderStatus
from productions.models import Production

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def restore_migration_data():
    """The role groups' default permissions and the catalog, which a transactional test's flush removed."""
    permissions = list(Permission.objects.select_related("content_type"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.add(
            *[p for p in permissions if role_grants(role, f"{p.content_type.app_label}.{p.codename}")]
        )
    load_catalog()


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


class Shots:
    def __init__(self, directory):
        self.directory, self.n = directory, 0

    def __call__(self, page, name):
        self.n += 1
        page.screenshot(path=os.path.join(self.directory, f"finance-{self.n:02d}-{name}.png"), full_page=True)


def test_accountant_sees_amber_after_approval_and_approves_a_po_as_second_approver(live_server, artifacts_dir):
    restore_migration_data()
    from advancing.models import CatalogItem

    tenant = Tenant("Acme")
    accountant = named(tenant.user(Role.AVIATOR), "Alex", "Moreau")
    ops = named(tenant.user(Role.GLADIATOR), "Sam", "Okafor")
    named(tenant.user(Role.PHANTOM), "Priya", "Shah")
    crew = named(tenant.user(Role.DEVIATOR), "Riley", "Chen")
    production = Production.objects.create(workspace=tenant.workspace, name="Aurora — Arena Tour")
    budget = services.create_budget(
        actor=ops,
        workspace=tenant.workspace,
        production=production,
        owner=accountant,
        lines=[
            {"category": "Technical", "planned_amount": Decimal("10000")},
            {"category": "Staffing", "planned_amount": Decimal("6000")},
            {"category": "Hospitality", "planned_amount": Decimal("2500")},
        ],
    )
    services.create_company(
        actor=ops,
        workspace=tenant.workspace,
        name="Stage Sound Ltd",
        kind="vendor",
        preferred_categories=["Technical"],
        rating=5,
    )
    pa = CatalogItem.objects.filter(category="Technical").order_by("item_id").first()
    advance = advancing.create_advance(
        actor=crew,
        workspace=tenant.workspace,
        production=production,
        activation_name="Opening night",
        items=[
            {
                "catalog_item": pa,
                "name": "Line array PA",
                "quantity": Decimal("1"),
                "unit": pa.standard_unit,
                "unit_cost": Decimal("8500"),
                "procurement": "hire",
            }
        ],
    )
    advancing.submit_advance(advance, actor=crew)
    shot = Shots(artifacts_dir)
    base = live_server.url

    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(10_000)
        log_in(page, base, accountant.username, PASSWORD)

        # --- the budget before: on track -------------------------------------------------------
        page.goto(f"{base}/finance/budget/{budget.pk}/")
        technical = page.locator("[data-testid=line-Technical]")
        assert technical.locator("[data-state]").get_attribute("data-state") == "ok"
        shot(page, "budget-on-track")

        # --- the budget check of the advance: what is left, and after -----------------------------
        page.goto(f"{base}/finance/advance/{advance.pk}/budget/")
        impact = page.locator("[data-testid=budget-impact]")
        assert "10,000.00" in impact.inner_text() and "USD 1,500.00" in impact.inner_text()
        shot(page, "advance-budget-check")

        # --- approves the advance on its page ---------------------------------------------------
        page.goto(f"{base}/advancing/{advance.pk}/")
        click_and_wait(page, page.locator("#approve-form button[type=submit]"))
        assert Advance.objects.get(pk=advance.pk).status == AdvanceStatus.APPROVED
        shot(page, "advance-approved")

        # --- the budget after: amber -----------------------------------------------------------
        page.goto(f"{base}/finance/budget/{budget.pk}/")
        state = page.locator("[data-testid=line-Technical] [data-state]")
        assert state.get_attribute("data-state") == "amber"
        assert "85.0 %" in state.inner_text()
        assert "8,500.00" in page.locator("[data-testid=line-Technical]").inner_text()
        assert page.locator(".page-head [data-state]").first.get_attribute("data-state") == "amber"
        shot(page, "budget-amber")
        page.goto(f"{base}/finance/")
        page.wait_for_url(re.compile(r"/finance/w/.+/"))
        assert page.locator(f"[data-testid=budget-{budget.pk}] [data-state]").get_attribute("data-state") == "amber"
        shot(page, "finance-home-amber")

        # --- the drafted order goes for approval; a colleague approves first -----------------------
        po = PurchaseOrder.objects.get(advance=advance)
        services.submit_purchase_order(po, actor=ops)
        services.approve_purchase_order(po, actor=tenant.user(Role.PHANTOM), note="Quote checked")
        page.goto(f"{base}/finance/purchase-order/{po.pk}/")
        assert "two approvers" in page.locator(".badges").inner_text()
        assert "Priya Shah" in page.locator("#approval").inner_text()
        shot(page, "po-waiting-second-approval")
        click_and_wait(page, page.get_by_role("button", name="Approve (2nd of 2)"))
        assert page.locator("[data-testid=po-status]").inner_text() == "Approved"
        assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.APPROVED
        assert page.locator("#approval li").count() == 2
        shot(page, "po-approved-by-second-approver")

        # --- the same budget on a phone: readable, no sideways scrolling ---------------------------
        phone = browser.new_page(viewport=PHONE)
        phone.set_default_timeout(10_000)
        log_in(phone, base, accountant.username, PASSWORD)
        for name, url in [
            ("budget-phone", f"/finance/budget/{budget.pk}/"),
            ("po-phone", f"/finance/purchase-order/{po.pk}/"),
            ("home-phone", "/finance/"),
        ]:
            phone.goto(f"{base}{url}")
            shot(phone, name)
            wide = phone.evaluate("""[...document.querySelectorAll('body *')].filter(e =>
                e.getBoundingClientRect().right > window.innerWidth + 1
                && !e.closest('.modules, .subnav, .table-wrap')).slice(0, 8)
                .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
            assert no_horizontal_scroll(phone), (name, wide)
