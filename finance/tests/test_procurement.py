"""Purchase orders as procurement runs them: a draft, approval (a second, different approver above
the organization's threshold), sending, receiving quantities, invoices and payments turning the
commitment into actual cost, closing and cancelling releasing what is left."""

import pytest

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import Conflict, FinanceInvalid, InvalidTransition, OverBudget
from finance.models import PO_TRANSITIONS, PurchaseOrderStatus
from finance.services.procurement import approvers_of

from .helpers import D, figures, make_budget, make_vendor, set_policy

pytestmark = pytest.mark.django_db
P = PurchaseOrderStatus


def order(tenant, budget, vendor, *lines, **kwargs):
    lines = lines or ({"description": "PA hire", "quantity": 1, "unit_price": "4000.00", "tax_rate": "20"},)
    return services.create_purchase_order(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        vendor=vendor,
        production=budget.production,
        budget_line=budget.lines.get(category="Technical"),
        lines=lines,
        **kwargs,
    )


def test_a_small_order_needs_one_approver_and_commits_its_net_value(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    po = order(tenant_a, budget, vendor)
    assert po.number == "PO-00001" and (po.subtotal, po.tax_amount, po.total) == (
        D("4000.00"),
        D("800.00"),
        D("4800.00"),
    )
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    po.refresh_from_db()
    assert po.status == P.PENDING_APPROVAL and po.approvals_required == 1
    assert figures(budget)["Technical"] == (D("10000.00"), D("0"), D("0"))
    services.approve_purchase_order(po, actor=tenant_a.user(Role.AVIATOR), note="Fine")
    po.refresh_from_db()
    assert po.status == P.APPROVED
    assert figures(budget)["Technical"] == (D("10000.00"), D("4000.00"), D("0"))


def test_over_the_threshold_a_second_different_approver_is_needed(tenant_a):
    budget, vendor = make_budget(tenant_a, plan={"Technical": "20000"}), make_vendor(tenant_a)
    po = order(tenant_a, budget, vendor, {"description": "Line array", "quantity": 2, "unit_price": "2500.01"})
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    po.refresh_from_db()
    assert po.approvals_required == 2  # 5,000.02 is above the default 5,000
    aviator = tenant_a.user(Role.AVIATOR)
    services.approve_purchase_order(po, actor=aviator)
    po.refresh_from_db()
    assert po.status == P.PENDING_APPROVAL and figures(budget)["Technical"][1] == 0
    with pytest.raises(Conflict, match="second, different approver"):
        services.approve_purchase_order(po, actor=aviator)
    services.approve_purchase_order(po, actor=tenant_a.user(Role.PHANTOM))
    po.refresh_from_db()
    assert po.status == P.APPROVED and po.approvals.count() == 2
    assert figures(budget)["Technical"] == (D("20000.00"), D("5000.02"), D("0"))
    verbs = list(ActivityEntry.objects.for_object(po).order_by("id").values_list("verb", flat=True))
    assert verbs == [
        "purchase_order.created",
        "purchase_order.submitted",
        "purchase_order.first_approval",
        "purchase_order.approved",
    ]


def test_the_threshold_is_the_organizations_and_counts_in_its_currency(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    set_policy(tenant_a, threshold="1000.00")
    po = order(
        tenant_a,
        budget,
        vendor,
        {"description": "Truss", "quantity": 1, "unit_price": "900"},
        currency="EUR",
        exchange_rate="1.2",
    )
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    po.refresh_from_db()
    assert po.approvals_required == 2  # EUR 900 × 1.2 = 1,080 > 1,000
    with pytest.raises(FinanceInvalid, match="exchange rate"):
        order(tenant_a, budget, vendor, currency="EUR")


def test_returning_to_draft_clears_approvals_and_needs_a_reason(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    po = order(tenant_a, budget, vendor, {"description": "Big", "quantity": 1, "unit_price": "9000"})
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    services.approve_purchase_order(po, actor=tenant_a.user(Role.AVIATOR))
    with pytest.raises(FinanceInvalid):
        services.return_purchase_order(po, actor=tenant_a.user(Role.PHANTOM), note=" ")
    services.return_purchase_order(po, actor=tenant_a.user(Role.PHANTOM), note="Get a second quote")
    po.refresh_from_db()
    assert po.status == P.DRAFT and not po.approvals.exists()


def test_submitting_needs_a_vendor_and_lines(tenant_a):
    budget = make_budget(tenant_a)
    po = services.create_purchase_order(actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace)
    with pytest.raises(FinanceInvalid, match="vendor"):
        services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    services.update_purchase_order(
        po, actor=tenant_a.user(Role.GLADIATOR), vendor=make_vendor(tenant_a), production=budget.production
    )
    with pytest.raises(FinanceInvalid, match="line"):
        services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))


def test_an_order_without_a_line_lands_on_its_budgets_other_line_at_submission(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    po = services.create_purchase_order(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        vendor=vendor,
        production=budget.production,
        lines=[{"description": "Misc", "quantity": 1, "unit_price": "10"}],
    )
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    po.refresh_from_db()
    assert po.budget_line.category == "Other"


def test_receiving_records_quantities_then_the_vendor_invoice_turns_commitment_into_actual(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    gladiator = tenant_a.user(Role.GLADIATOR)
    po = order(
        tenant_a,
        budget,
        vendor,
        {"description": "Mics", "quantity": 10, "unit_price": "120.50"},
        {"description": "Stands", "quantity": 10, "unit_price": "15.00"},
    )
    services.submit_purchase_order(po, actor=gladiator)
    services.approve_purchase_order(po, actor=tenant_a.user(Role.AVIATOR))
    with pytest.raises(InvalidTransition):
        services.receive_purchase_order(po, actor=gladiator, quantities={})
    services.send_purchase_order(po, actor=gladiator)
    mics, stands = po.lines.order_by("position")
    services.receive_purchase_order(po, actor=gladiator, quantities={mics.pk: 6})
    po.refresh_from_db()
    assert po.status == P.PARTIALLY_RECEIVED
    with pytest.raises(FinanceInvalid, match="more"):
        services.receive_purchase_order(po, actor=gladiator, quantities={stands.pk: 11})
    with pytest.raises(FinanceInvalid, match="already recorded"):
        services.receive_purchase_order(po, actor=gladiator, quantities={mics.pk: 5})
    services.receive_purchase_order(po, actor=gladiator, quantities={mics.pk: 10, stands.pk: 10})
    po.refresh_from_db()
    assert po.status == P.RECEIVED
    assert figures(budget)["Technical"] == (D("10000.00"), D("1355.00"), D("0"))

    invoice = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="V-77",
        purchase_order=po,
        lines=[
            {"description": "Mics", "quantity": 10, "unit_price": "120.50", "tax_rate": "20"},
            {"description": "Stands", "quantity": 10, "unit_price": "15.00", "tax_rate": "20"},
        ],
    )
    assert invoice.total == D("1626.00") and invoice.budget_line == po.budget_line
    services.send_invoice(invoice, actor=gladiator)
    services.record_payment(invoice, actor=gladiator, amount_paid="813.00")  # half
    assert figures(budget)["Technical"] == (D("10000.00"), D("677.50"), D("677.50"))
    services.record_payment(invoice, actor=gladiator, amount_paid="813.00")
    assert figures(budget)["Technical"] == (D("10000.00"), D("0.00"), D("1355.00"))
    services.close_purchase_order(po, actor=gladiator)
    assert figures(budget)["Technical"] == (D("10000.00"), D("0.00"), D("1355.00"))


def test_closing_or_cancelling_releases_the_open_commitment(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    gladiator, aviator = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.AVIATOR)
    short = order(tenant_a, budget, vendor, {"description": "Cable", "quantity": 4, "unit_price": "100"})
    services.submit_purchase_order(short, actor=gladiator)
    services.approve_purchase_order(short, actor=aviator)
    services.send_purchase_order(short, actor=gladiator)
    services.receive_purchase_order(short, actor=gladiator, quantities={short.lines.get().pk: 1})
    services.close_purchase_order(short, actor=gladiator, note="Short-closed")
    cancelled = order(tenant_a, budget, vendor, {"description": "Haze", "quantity": 1, "unit_price": "300"})
    services.submit_purchase_order(cancelled, actor=gladiator)
    services.approve_purchase_order(cancelled, actor=aviator)
    assert figures(budget)["Technical"][1] == D("300.00")
    with pytest.raises(FinanceInvalid, match="Say why"):
        services.cancel_purchase_order(cancelled, actor=gladiator)
    services.cancel_purchase_order(cancelled, actor=gladiator, note="Show cancelled")
    assert figures(budget)["Technical"] == (D("10000.00"), D("0.00"), D("0"))
    with pytest.raises(InvalidTransition):
        services.send_purchase_order(cancelled, actor=gladiator)


def test_an_organization_that_blocks_refuses_an_order_over_budget(tenant_a):
    budget, vendor = make_budget(tenant_a, plan={"Technical": "1000"}), make_vendor(tenant_a)
    set_policy(tenant_a, "block")
    po = order(tenant_a, budget, vendor, {"description": "Desk", "quantity": 1, "unit_price": "1000.01"})
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    with pytest.raises(OverBudget):
        services.approve_purchase_order(po, actor=tenant_a.user(Role.AVIATOR))
    po.refresh_from_db()
    assert po.status == P.PENDING_APPROVAL and not po.approvals.exists()


def test_approvers_are_told_once_after_submission(tenant_a, django_capture_on_commit_callbacks):
    from dragonfly.notifications.models import Notification

    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    po = order(tenant_a, budget, vendor)
    assert {u.pk for u in approvers_of(po)} == {tenant_a.user(Role.AVIATOR).pk, tenant_a.user(Role.PHANTOM).pk}
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    assert Notification.objects.filter(kind="purchase_order.approval").count() == 2
    from finance.notifications import notify_approvers

    notify_approvers(po.pk)  # a second run delivers nothing new
    assert Notification.objects.filter(kind="purchase_order.approval").count() == 2


def test_po_numbers_count_per_organization(tenant_a, tenant_b):
    budget_a, budget_b = make_budget(tenant_a), make_budget(tenant_b)
    first = order(tenant_a, budget_a, make_vendor(tenant_a))
    second = order(tenant_a, budget_a, first.vendor)
    other = order(tenant_b, budget_b, make_vendor(tenant_b))
    assert (first.number, second.number, other.number) == ("PO-00001", "PO-00002", "PO-00001")


def test_the_transition_table_is_what_the_issue_names():
    assert PO_TRANSITIONS[P.DRAFT] == {P.PENDING_APPROVAL, P.CANCELLED}
    assert PO_TRANSITIONS[P.SENT] == {P.PARTIALLY_RECEIVED, P.RECEIVED, P.CANCELLED}
    assert PO_TRANSITIONS[P.CLOSED] == PO_TRANSITIONS[P.CANCELLED] == set()


def test_other_organizations_vendors_are_refused(tenant_a, tenant_b):
    budget = make_budget(tenant_a)
    foreign = make_vendor(tenant_b)
    with pytest.raises(FinanceInvalid, match="vendor"):
        order(tenant_a, budget, foreign)
    with pytest.raises(FinanceInvalid, match="company"):
        services.create_invoice(
            actor=tenant_a.user(Role.GLADIATOR),
            workspace=tenant_a.workspace,
            company=foreign,
            number="x",
            lines=[{"description": "x", "unit_price": 1}],
        )
