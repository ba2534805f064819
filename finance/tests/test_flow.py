"""Advance to money in one flow: an ops reviewer approves an advance and its cost is committed
to the production's budget; "to buy" lines become draft purchase orders; fulfilment turns the
commitment into actual cost; rejection and cancellation leave nothing behind. Every total is
checked to the cent."""

import pytest

from advancing import services as advancing
from advancing.models import AdvanceStatus
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import OverBudget
from finance.models import PurchaseOrder, PurchaseOrderStatus, SpendingEntry

from .helpers import D, approve, figures, line, make_advance, make_budget, make_vendor, set_policy

pytestmark = pytest.mark.django_db


def test_approval_commits_to_the_matching_lines_and_drafts_purchase_orders_per_vendor(tenant_a):
    budget = make_budget(tenant_a)
    sound = make_vendor(tenant_a, "Stage Sound Ltd", ["Technical"], rating=5)
    make_vendor(tenant_a, "Other Sound", ["Technical"], rating=2)
    crew = make_vendor(tenant_a, "Crew Co", ["Staffing"])
    advance = make_advance(
        tenant_a,
        budget.production,
        [
            line("Technical", 2, "1250.50", procurement="hire"),
            line("Technical", 1, "300.00"),
            line("Staffing", 4, "250.00", procurement="hire"),
        ],
    )
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))

    assert figures(budget) == {
        "Technical": (D("10000.00"), D("2801.00"), D("0")),
        "Staffing": (D("5000.00"), D("1000.00"), D("0")),
    }
    orders = list(PurchaseOrder.objects.filter(advance=advance).order_by("vendor__name"))
    assert [(po.vendor, po.status, po.subtotal) for po in orders] == [
        (crew, PurchaseOrderStatus.DRAFT, D("1000.00")),
        (sound, PurchaseOrderStatus.DRAFT, D("2501.00")),
    ]
    entry = ActivityEntry.objects.for_object(budget).get(verb="budget.committed")
    assert entry.data["committed"] == "3801.00"
    # An order drafted from an advance commits nothing more once approved: the advance already did.
    po = orders[1]
    aviator = tenant_a.user(Role.AVIATOR)
    services.submit_purchase_order(po, actor=tenant_a.user(Role.GLADIATOR))
    services.approve_purchase_order(po, actor=aviator)
    assert figures(budget)["Technical"] == (D("10000.00"), D("2801.00"), D("0"))


def test_partial_then_complete_fulfilment_moves_commitment_to_actual(tenant_a):
    budget = make_budget(tenant_a)
    advance = make_advance(tenant_a, budget.production, [line("Technical", 4, "250.00"), line("Staffing", 3, "333.33")])
    ops = tenant_a.user(Role.GLADIATOR)
    approve(advance, actor=ops)
    tech, staff = advance.items.order_by("position")
    assert figures(budget) == {
        "Technical": (D("10000.00"), D("1000.00"), D("0")),
        "Staffing": (D("5000.00"), D("999.99"), D("0")),
    }

    advancing.record_fulfilment(advance, actor=ops, item_id=tech.pk, quantity_fulfilled=1, actual_cost="240.00")
    assert figures(budget)["Technical"] == (D("10000.00"), D("750.00"), D("240.00"))
    advancing.record_fulfilment(advance, actor=ops, item_id=tech.pk, quantity_fulfilled=1, actual_cost="240.00")
    assert SpendingEntry.objects.count() == 4  # a retried request writes nothing
    advancing.record_fulfilment(advance, actor=ops, item_id=staff.pk, quantity_fulfilled=2)
    assert figures(budget)["Staffing"] == (D("5000.00"), D("333.33"), D("666.66"))
    advancing.record_fulfilment(advance, actor=ops, item_id=tech.pk, quantity_fulfilled=4, actual_cost="1010.10")
    advancing.record_fulfilment(advance, actor=ops, item_id=staff.pk, quantity_fulfilled=3, actual_cost="1000.00")
    advance.refresh_from_db()
    assert advance.status == AdvanceStatus.FULFILLED
    assert figures(budget) == {
        "Technical": (D("10000.00"), D("0.00"), D("1010.10")),
        "Staffing": (D("5000.00"), D("0.00"), D("1000.00")),
    }
    variance = services.get_budget_variance(budget.production)
    assert variance["actual"] == D("2010.10") and variance["remaining"] == D("12989.90")


def test_partial_approval_and_an_approved_cost_cap_commit_what_was_approved(tenant_a):
    budget = make_budget(tenant_a)
    advance = make_advance(
        tenant_a, budget.production, [line("Technical", 10, "100.00"), line("Staffing", 5, "100.00")]
    )
    tech, staff = advance.items.order_by("position")
    approve(advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={tech.pk: 5}, approved_cost="900.00")
    # 5 × 100 and 5 × 100 approved = 1,000; capped at 900, spread in proportion.
    assert figures(budget) == {
        "Technical": (D("10000.00"), D("450.00"), D("0")),
        "Staffing": (D("5000.00"), D("450.00"), D("0")),
    }


def test_rejected_and_cancelled_advances_commit_nothing_and_release_what_they_held(tenant_a):
    budget = make_budget(tenant_a)
    ops = tenant_a.user(Role.GLADIATOR)
    rejected = make_advance(tenant_a, budget.production, [line("Technical", 1, "500.00", procurement="buy")])
    advancing.reject_advance(rejected, actor=ops, note="Use the house PA")
    cancelled = make_advance(tenant_a, budget.production, [line("Technical", 1, "700.00")])
    advancing.cancel_advance(cancelled, actor=tenant_a.user(Role.DEVIATOR))
    assert figures(budget)["Technical"] == (D("10000.00"), D("0"), D("0"))
    assert not PurchaseOrder.objects.exists()

    # Should an approved advance ever be withdrawn, the release undoes its commitment and drafts.
    approved = make_advance(tenant_a, budget.production, [line("Technical", 2, "150.25", procurement="buy")])
    approve(approved, actor=ops)
    assert figures(budget)["Technical"] == (D("10000.00"), D("300.50"), D("0"))
    approved.status = AdvanceStatus.CANCELLED
    services.release_advance(approved, actor=ops)
    assert figures(budget)["Technical"] == (D("10000.00"), D("0.00"), D("0"))
    assert PurchaseOrder.objects.get(advance=approved).status == PurchaseOrderStatus.CANCELLED


def test_an_advance_without_a_budget_commits_nothing_but_purchasing_starts(tenant_a):
    advance = make_advance(
        tenant_a, None, [line("Technical", 1, "100.00", procurement="buy"), line("Staffing", 1, "50.00")]
    )
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))
    advance.refresh_from_db()
    assert advance.status == AdvanceStatus.APPROVED
    assert not SpendingEntry.objects.exists()
    po = PurchaseOrder.objects.get(advance=advance)
    assert po.vendor is None and po.budget_line is None and po.subtotal == D("100.00")


def test_a_category_missing_from_the_budget_gets_an_unbudgeted_line(tenant_a):
    budget = make_budget(tenant_a, plan={"Technical": "1000"})
    advance = make_advance(tenant_a, budget.production, [line("Hospitality", 2, "40")])
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))
    hospitality = budget.lines.get(category="Hospitality")
    assert hospitality.planned_amount == 0 and hospitality.name == "Hospitality (unbudgeted)"
    assert figures(budget)["Hospitality"] == (D("0.00"), D("80.00"), D("0"))


def test_going_over_warns_or_blocks_per_organization(tenant_a):
    budget = make_budget(tenant_a, plan={"Technical": "1000"})
    ops = tenant_a.user(Role.GLADIATOR)
    first = make_advance(tenant_a, budget.production, [line("Technical", 1, "1200")])
    impact = services.budget_impact(first)
    assert [(i.category, i.figures.remaining, i.adds, i.goes_over) for i in impact.lines] == [
        ("Technical", D("1000.00"), D("1200.00"), True)
    ]
    assert not impact.refused
    approve(first, actor=ops)  # warn (the default): approved, and logged
    entry = ActivityEntry.objects.for_object(budget).get(verb="budget.committed")
    assert entry.data["over_budget"] == ["Technical"]

    set_policy(tenant_a, "block")
    second = make_advance(tenant_a, budget.production, [line("Technical", 1, "10")])
    assert services.budget_impact(second).refused
    with pytest.raises(OverBudget, match="Technical has USD -200.00"):
        approve(second, actor=ops)
    second.refresh_from_db()
    assert second.status == AdvanceStatus.SUBMITTED  # nothing changed
    assert figures(budget)["Technical"] == (D("1000.00"), D("1200.00"), D("0"))


def test_the_workspace_budget_takes_advances_without_a_production(tenant_a):
    budget = services.create_budget(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        lines=[{"category": "Technical", "planned_amount": D("500")}],
    )
    advance = make_advance(tenant_a, None, [line("Technical", 1, "125.75")])
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))
    assert figures(budget)["Technical"] == (D("500.00"), D("125.75"), D("0"))


def test_an_advance_in_another_currency_commits_at_the_rate_the_reviewer_entered(tenant_a):
    from finance.errors import FinanceInvalid

    budget = make_budget(tenant_a)
    ops = tenant_a.user(Role.GLADIATOR)
    crew = tenant_a.user(Role.DEVIATOR)
    advance = advancing.create_advance(
        actor=crew,
        workspace=tenant_a.workspace,
        production=budget.production,
        items=[line("Technical", 2, "1000")],
        currency="EUR",
    )
    advancing.submit_advance(advance, actor=crew)
    assert services.budget_impact(advance).rate_missing
    with pytest.raises(FinanceInvalid, match="exchange rate"):
        approve(advance, actor=ops)
    services.set_line_procurement(advance, actor=ops, exchange_rate="1.085")
    approve(advance, actor=ops)
    assert figures(budget)["Technical"] == (D("10000.00"), D("2170.00"), D("0"))


def test_financials_forecast_from_the_burn_rate(tenant_a):
    import datetime

    from finance.models import SpendingEntry

    today = datetime.date(2027, 3, 11)
    budget = make_budget(tenant_a, plan={"Technical": "10000"})
    production = budget.production
    production.start_date, production.end_date = datetime.date(2027, 3, 1), datetime.date(2027, 3, 31)
    production.save()
    line_ = budget.lines.get()
    SpendingEntry.objects.create(line=line_, kind="actual", amount=D("2200.00"), source="expense", source_id=1)
    SpendingEntry.objects.create(line=line_, kind="committed", amount=D("1000.00"), source="expense", source_id=2)
    data = services.get_production_financials(production, today=today)
    # 11 days burnt 2,200: 200 a day; 20 days left at that rate → 2,200 + 4,000 = 6,200.
    assert (data["burn_rate"], data["days_left"], data["forecast_at_completion"]) == (D("200.00"), 20, D("6200.00"))
    assert data["remaining"] == D("6800.00") and data["state"] == "ok"
    early = services.get_production_financials(production, today=datetime.date(2027, 2, 1))
    assert early["forecast_at_completion"] == D("3200.00")  # not started: what is committed and spent


def test_end_to_end_advance_order_invoice_fulfilment_counts_every_cent_once(tenant_a, login):
    """Approve → commitment → purchase order (two approvers) → sent, received → the vendor's
    invoice (from the order's page, lines tied to the order) paid → the crew records delivery:
    the money is committed once and spent once."""
    from django.urls import reverse

    budget = make_budget(tenant_a, plan={"Technical": "10000", "Staffing": "5000"})
    make_vendor(tenant_a, "Stage Sound Ltd", ["Technical"])
    ops, aviator, phantom = (tenant_a.user(r) for r in (Role.GLADIATOR, Role.AVIATOR, Role.PHANTOM))
    advance = make_advance(
        tenant_a,
        budget.production,
        [line("Technical", 2, "3000.00", procurement="hire"), line("Staffing", 5, "200.00")],
    )
    approve(advance, actor=ops)
    assert figures(budget) == {
        "Technical": (D("10000.00"), D("6000.00"), D("0")),
        "Staffing": (D("5000.00"), D("1000.00"), D("0")),
    }
    po = PurchaseOrder.objects.get(advance=advance)
    services.submit_purchase_order(po, actor=ops)
    services.approve_purchase_order(po, actor=aviator)
    services.approve_purchase_order(po, actor=phantom)
    services.send_purchase_order(po, actor=ops)
    services.receive_purchase_order(po, actor=ops, quantities={po.lines.get().pk: 2})

    client = login(ops)
    new_invoice = reverse("finance:new_invoice", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    page = client.get(f"{new_invoice}?purchase_order={po.pk}")
    prefilled = page.context["formset"].initial
    assert prefilled == [
        {
            "description": po.lines.get().description,
            "quantity": D("2.00"),
            "unit_price": D("3000.00"),
            "tax_rate": D("0.00"),
            "purchase_order_line": po.lines.get().pk,
        }
    ]
    form = {
        "direction": "payable",
        "company": po.vendor_id,
        "number": "SSL-4410",
        "issue_date": "2027-01-05",
        "purchase_order": po.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-description": "Line array hire",
        "lines-0-quantity": "2",
        "lines-0-unit_price": "3000.00",
        "lines-0-tax_rate": "20",
        "lines-0-purchase_order_line": str(po.lines.get().pk),
    }
    assert client.post(new_invoice, form).status_code == 302
    from finance.models import Invoice

    invoice = Invoice.objects.get(number="SSL-4410")
    assert invoice.total == D("7200.00") and invoice.budget_line.category == "Technical"
    services.send_invoice(invoice, actor=ops)
    services.record_payment(invoice, actor=ops, amount_paid="7200.00")
    # The advance carries this money: paying the vendor for its order counts nothing twice.
    assert figures(budget)["Technical"] == (D("10000.00"), D("6000.00"), D("0"))

    tech, staff = advance.items.order_by("position")
    advancing.record_fulfilment(advance, actor=ops, item_id=tech.pk, quantity_fulfilled=2)
    advancing.record_fulfilment(advance, actor=ops, item_id=staff.pk, quantity_fulfilled=3, actual_cost="610.50")
    assert figures(budget) == {
        "Technical": (D("10000.00"), D("0.00"), D("6000.00")),
        "Staffing": (D("5000.00"), D("400.00"), D("610.50")),
    }
    advancing.record_fulfilment(advance, actor=ops, item_id=staff.pk, quantity_fulfilled=5, actual_cost="1012.25")
    variance = services.get_budget_variance(budget)
    assert (variance["committed"], variance["actual"], variance["remaining"]) == (D("0.00"), D("7012.25"), D("7987.75"))
    services.close_purchase_order(po, actor=ops)
    assert services.get_budget_variance(budget)["actual"] == D("7012.25")
