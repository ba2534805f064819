"""Who may do what with finance, role by role (the role × action matrix), and a Merchant who
sees only their own company's purchase orders and invoices — in lists, pages, the API and PDFs."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix
from finance import services
from finance.errors import FinanceInvalid
from finance.models import (
    FinanceSettings,
    Invoice,
    PurchaseOrder,
    PurchaseOrderApproval,
    SpendingEntry,
)

from .isolation import make_secret_objects

pytestmark = pytest.mark.django_db
R = Role
FINANCE = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
APPROVERS = {R.PHANTOM, R.AVIATOR}  # Gladiators run budgets but do not approve purchase orders


@pytest.fixture
def world(tenant_a):
    return make_secret_objects(tenant_a)


@pytest.fixture
def linked_merchant(tenant_a, world):
    merchant = tenant_a.user(R.MERCHANT)
    services.link_merchant(world["contact"], actor=tenant_a.user(R.GLADIATOR), user=merchant)
    clear_access(merchant)
    return merchant


def crud(model):
    return {a: f"finance.{a}_{model}" for a in ("view", "add", "change", "delete")}


@pytest.mark.parametrize(
    "key,model,extra",
    [
        ("budget", "budget", {"approve": "finance.approve_budget"}),
        ("line", "budgetline", {}),
        ("expense", "expense", {"approve": "finance.approve_expense"}),
        ("entry", "spendingentry", {}),
        ("approval", "purchaseorderapproval", {}),
    ],
)
def test_finance_staff_only(tenant_a, world, key, model, extra):
    expected = {a: FINANCE for a in ("view", "add", "change", "delete", *extra)}
    if key == "expense":  # Navigators record and approve expenses (issue 7); they delete none
        expected.update({a: FINANCE | {R.NAVIGATOR} for a in ("view", "add", "change", "approve")})
    assert_role_matrix(tenant_a, world[key], {**crud(model), **extra}, expected)


def test_a_navigator_approves_an_expense_but_sees_no_budget(tenant_a, world):
    navigator = tenant_a.user(R.NAVIGATOR)
    expense = services.create_expense(
        actor=tenant_a.user(R.GLADIATOR),
        workspace=tenant_a.workspace,
        spent_by=tenant_a.user(R.GLADIATOR),
        spent_on=datetime.date.today(),
        description="Gaffer tape",
        amount_net=Decimal("42.50"),
        category="Other",
    )
    services.approve_expense(expense, actor=navigator, note="Receipt checked")
    expense.refresh_from_db()
    assert expense.status == "approved" and expense.decided_by == navigator
    assert not navigator.has_perm("finance.view_budget", world["budget"])
    with pytest.raises(PermissionDenied):
        services.create_budget(actor=navigator, workspace=tenant_a.workspace, name="x")


@pytest.mark.parametrize(
    "key,model",
    [
        ("company", "company"),
        ("contact", "contact"),
        ("purchase_order", "purchaseorder"),
        ("po_line", "purchaseorderline"),
        ("invoice", "invoice"),
        ("invoice_line", "invoiceline"),
        ("payment", "payment"),
    ],
)
def test_a_linked_merchant_also_reads_their_companys_papers(tenant_a, world, linked_merchant, key, model):
    actions = crud(model)
    expected = {"view": FINANCE | {R.MERCHANT}, "add": FINANCE, "change": FINANCE, "delete": FINANCE}
    if model == "purchaseorder":
        actions["approve"] = "finance.approve_purchaseorder"
        expected["approve"] = APPROVERS
    assert_role_matrix(tenant_a, world[key], actions, expected)


def test_an_unlinked_merchant_sees_no_finance_at_all(tenant_a, world):
    merchant = tenant_a.user(R.MERCHANT)
    for key in ("company", "contact", "purchase_order", "po_line", "invoice", "invoice_line", "payment"):
        obj = world[key]
        assert not type(obj).objects.visible_to(merchant).exists(), key
        assert not merchant.has_perm(f"finance.view_{obj._meta.model_name}", obj), key


def test_a_merchant_sees_only_their_own_company(tenant_a, world, linked_merchant, login):
    gladiator, aviator = tenant_a.user(R.GLADIATOR), tenant_a.user(R.AVIATOR)
    rival = services.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Rival Sound")
    rival_po = services.create_purchase_order(
        actor=gladiator,
        workspace=tenant_a.workspace,
        vendor=rival,
        lines=[{"description": "Rival desks", "quantity": 1, "unit_price": 5}],
    )
    rival_invoice = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=rival,
        number="RIVAL-1",
        lines=[{"description": "Rival desks", "unit_price": 5}],
    )
    own_po, own_invoice = world["purchase_order"], world["invoice"]

    assert list(PurchaseOrder.objects.visible_to(linked_merchant)) == [own_po]
    assert list(Invoice.objects.visible_to(linked_merchant)) == [own_invoice]

    client = login(linked_merchant)
    home = client.get("/")
    assert "finance" in {m.app_label for m in home.context["nav_modules"]}  # the link opens the module
    orders = client.get(reverse("finance:purchase_orders", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert orders.status_code == 200
    assert own_po.number in orders.content.decode() and rival_po.number not in orders.content.decode()
    assert client.get(reverse("finance:purchase_order", args=[own_po.pk])).status_code == 200
    assert client.get(reverse("finance:purchase_order_pdf", args=[own_po.pk])).status_code == 200
    for url in (
        reverse("finance:purchase_order", args=[rival_po.pk]),
        reverse("finance:invoice", args=[rival_invoice.pk]),
        reverse("finance:purchase_order_pdf", args=[rival_po.pk]),
        f"/api/purchase-orders/{rival_po.pk}/",
        f"/api/invoices/{rival_invoice.pk}/",
        reverse("finance:budget", args=[world["budget"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert [row["id"] for row in client.get("/api/purchase-orders/").json()["results"]] == [own_po.pk]
    assert [row["id"] for row in client.get("/api/invoices/").json()["results"]] == [own_invoice.pk]
    assert client.get("/api/budgets/").json()["count"] == 0
    assert client.get(reverse("finance:expenses", args=[tenant_a.org.slug, tenant_a.workspace.slug])).status_code == 403
    assert (
        client.get(reverse("finance:export_expenses", args=[tenant_a.org.slug, tenant_a.workspace.slug])).status_code
        == 403
    )
    # Reading is all: a Merchant approves, pays and edits nothing.
    with pytest.raises(PermissionDenied):
        services.approve_purchase_order(own_po, actor=linked_merchant)
    assert (
        client.post(
            f"/api/invoices/{own_invoice.pk}/pay/", {"amount": "1"}, content_type="application/json"
        ).status_code
        == 403
    )
    # Unlinking closes the door again.
    services.link_merchant(world["contact"], actor=aviator, user=None)
    clear_access(linked_merchant)
    assert not PurchaseOrder.objects.visible_to(linked_merchant).exists()


def test_only_a_merchant_of_the_workspace_represents_a_company_and_only_one(tenant_a, world, linked_merchant):
    gladiator = tenant_a.user(R.GLADIATOR)
    with pytest.raises(FinanceInvalid, match="Only a Merchant"):
        services.link_merchant(world["contact"], actor=gladiator, user=tenant_a.user(R.RAIDER))
    other = services.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Other Co")
    contact = services.save_contact(other, actor=gladiator, name="Somebody")
    with pytest.raises(FinanceInvalid, match="already represents"):
        services.link_merchant(contact, actor=gladiator, user=linked_merchant)
    with pytest.raises(PermissionDenied):
        services.link_merchant(contact, actor=tenant_a.user(R.NAVIGATOR), user=None)


def test_finance_settings_are_changed_by_organization_admins_only(tenant_a):
    for role in (R.AVIATOR, R.GLADIATOR, R.NAVIGATOR, R.MERCHANT):
        with pytest.raises(PermissionDenied):
            services.update_finance_settings(
                tenant_a.org, actor=tenant_a.user(role), second_approval_threshold="1", over_budget_policy="block"
            )
    services.update_finance_settings(
        tenant_a.org,
        actor=tenant_a.user(R.PHANTOM),
        second_approval_threshold="2500",
        over_budget_policy="block",
        po_prefix="AC-",
    )
    settings = FinanceSettings.for_organization(tenant_a.org)
    assert (settings.second_approval_threshold, settings.over_budget_policy, settings.po_prefix) == (
        Decimal("2500.00"),
        "block",
        "AC-",
    )


def test_services_refuse_roles_without_finance(tenant_a, world):
    for role in (R.DEVIATOR, R.RAIDER, R.PASSENGER, R.AMBASSADOR, R.VISITOR):
        user = tenant_a.user(role)
        with pytest.raises(PermissionDenied):
            services.create_budget(actor=user, workspace=tenant_a.workspace, name="x")
        with pytest.raises(PermissionDenied):
            services.create_expense(
                actor=user,
                workspace=tenant_a.workspace,
                spent_by=user,
                spent_on=datetime.date.today(),
                description="x",
                amount_net=1,
                category="Other",
            )
        with pytest.raises(PermissionDenied):
            services.lock_baseline(world["budget"], actor=user)
    with pytest.raises(PermissionDenied):  # a Gladiator runs budgets, but does not approve purchase orders
        services.approve_purchase_order(world["purchase_order"], actor=tenant_a.user(R.GLADIATOR))
    assert PurchaseOrderApproval.objects.count() == 1 and SpendingEntry.objects.exists()
