"""Expenses and invoices as accounts payable runs them: receipts in the receipts bucket, approval
by someone else, actual cost on the right line; invoices sent, paid in parts, overdue at night."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import FinanceInvalid, InvalidTransition
from finance.models import Expense, ExpenseStatus, Invoice, InvoiceStatus
from finance.tasks import mark_overdue_invoices

from .helpers import D, figures, make_budget, make_vendor

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expense(tenant, budget, **kwargs):
    gladiator = tenant.user(Role.GLADIATOR)
    values = {
        "spent_by": gladiator,
        "spent_on": TODAY,
        "description": "Taxi to the venue",
        "amount_net": "42.10",
        "tax": "8.42",
        "category": "Travel",
        "production": budget.production,
    }
    values.update(kwargs)
    return services.create_expense(actor=gladiator, workspace=tenant.workspace, **values)


def test_an_expense_with_its_receipt_is_approved_by_someone_else_and_becomes_actual(tenant_a):
    budget = make_budget(tenant_a, plan={"Travel": "500"})
    receipt = SimpleUploadedFile("taxi.pdf", PDF, content_type="application/pdf")
    spent = expense(tenant_a, budget, receipt=receipt)
    assert spent.receipt.bucket == "receipts" and spent.receipt.content_object == spent
    assert spent.status == ExpenseStatus.SUBMITTED and figures(budget)["Travel"][2] == 0
    with pytest.raises(FinanceInvalid, match="so someone else must approve it"):
        services.approve_expense(spent, actor=tenant_a.user(Role.GLADIATOR))
    services.approve_expense(spent, actor=tenant_a.user(Role.AVIATOR))
    spent.refresh_from_db()
    assert spent.status == ExpenseStatus.APPROVED and spent.budget_line.category == "Travel"
    assert figures(budget)["Travel"] == (D("500.00"), D("0"), D("42.10"))
    services.reimburse_expense(spent, actor=tenant_a.user(Role.AVIATOR))
    assert figures(budget)["Travel"] == (D("500.00"), D("0"), D("42.10"))  # still spent, once
    with pytest.raises(InvalidTransition):
        services.reject_expense(spent, actor=tenant_a.user(Role.AVIATOR), note="late")


def test_a_receipt_that_is_not_a_pdf_or_image_is_refused(tenant_a):
    from django.core.exceptions import ValidationError

    budget = make_budget(tenant_a)
    with pytest.raises(ValidationError):
        expense(tenant_a, budget, receipt=SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 100))
    assert not Expense.objects.exists()


def test_foreign_currency_expenses_keep_their_currency_and_the_rate(tenant_a):
    budget = make_budget(tenant_a, plan={"Travel": "500"})
    spent = expense(tenant_a, budget, amount_net="100.00", currency="EUR", exchange_rate="1.0835")
    assert (spent.currency, spent.amount, spent.base_amount) == ("EUR", D("100.00"), D("108.35"))
    services.approve_expense(spent, actor=tenant_a.user(Role.AVIATOR))
    assert figures(budget)["Travel"][2] == D("108.35")
    with pytest.raises(FinanceInvalid, match="exchange rate"):
        expense(tenant_a, budget, currency="GBP")


def test_rejecting_needs_a_reason_and_spends_nothing(tenant_a):
    budget = make_budget(tenant_a, plan={"Travel": "500"})
    spent = expense(tenant_a, budget)
    with pytest.raises(FinanceInvalid):
        services.reject_expense(spent, actor=tenant_a.user(Role.AVIATOR), note="")
    services.reject_expense(spent, actor=tenant_a.user(Role.AVIATOR), note="Personal trip")
    assert figures(budget)["Travel"] == (D("500.00"), D("0"), D("0"))


def test_invoice_payments_move_its_status_and_actual_cost(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a, payment_terms_days=14)
    gladiator = tenant_a.user(Role.GLADIATOR)
    line = budget.lines.get(category="Technical")
    invoice = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="A-1",
        budget_line=line,
        issue_date=TODAY,
        lines=[{"description": "Lights", "quantity": 3, "unit_price": "333.33", "tax_rate": "10"}],
    )
    assert (invoice.subtotal, invoice.tax_amount, invoice.total) == (D("999.99"), D("100.00"), D("1099.99"))
    assert invoice.due_date == TODAY + datetime.timedelta(days=14)
    with pytest.raises(InvalidTransition, match="is a draft; it can't be paid"):
        services.record_payment(invoice, actor=gladiator, amount_paid="1")
    services.send_invoice(invoice, actor=gladiator)
    services.record_payment(invoice, actor=gladiator, amount_paid="100.00")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    assert figures(budget)["Technical"][2] == D("90.91")  # 999.99 × 100 / 1,099.99
    with pytest.raises(FinanceInvalid, match="left to pay"):
        services.record_payment(invoice, actor=gladiator, amount_paid="1000.00")
    services.record_payment(invoice, actor=gladiator, amount_paid="999.99")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.balance == 0
    assert figures(budget)["Technical"][2] == D("999.99")
    with pytest.raises(InvalidTransition):
        services.void_invoice(invoice, actor=gladiator, note="oops")


def test_client_invoices_are_numbered_and_count_as_revenue_not_spending(tenant_a):
    budget = make_budget(tenant_a)
    client = services.create_company(
        actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, name="Festival Ltd", kind="client"
    )
    invoice = services.create_invoice(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        company=client,
        direction="receivable",
        production=budget.production,
        lines=[{"description": "Production fee", "unit_price": "25000"}],
    )
    assert invoice.number == f"INV-{TODAY.year}-0001"
    services.send_invoice(invoice, actor=tenant_a.user(Role.GLADIATOR))
    services.record_payment(invoice, actor=tenant_a.user(Role.GLADIATOR), amount_paid="10000")
    financials = services.get_production_financials(budget.production)
    assert (financials["revenue_invoiced"], financials["revenue_received"]) == (D("25000.00"), D("10000.00"))
    assert financials["actual"] == 0


def test_the_nightly_task_flags_overdue_invoices_once(tenant_a):
    vendor = make_vendor(tenant_a)
    gladiator = tenant_a.user(Role.GLADIATOR)
    late = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="L-1",
        issue_date=TODAY - datetime.timedelta(days=40),
        due_date=TODAY - datetime.timedelta(days=10),
        lines=[{"description": "x", "unit_price": "10"}],
    )
    fresh = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="F-1",
        lines=[{"description": "x", "unit_price": "10"}],
    )
    draft = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="D-1",
        issue_date=TODAY - datetime.timedelta(days=40),
        due_date=TODAY - datetime.timedelta(days=10),
        lines=[{"description": "x", "unit_price": "10"}],
    )
    for invoice in (late, fresh):
        services.send_invoice(invoice, actor=gladiator)
    assert mark_overdue_invoices.delay().get() == 1
    assert mark_overdue_invoices.delay().get() == 0
    statuses = dict(Invoice.objects.values_list("number", "status"))
    assert statuses == {"L-1": "overdue", "F-1": "sent", "D-1": "draft"}
    services.record_payment(Invoice.objects.get(pk=late.pk), actor=gladiator, amount_paid="5")
    assert Invoice.objects.get(pk=late.pk).status == InvoiceStatus.OVERDUE  # still late, still unpaid
    with pytest.raises(FinanceInvalid, match="Payments were recorded"):
        services.void_invoice(late, actor=gladiator, note="Duplicate")
    assert draft.status == InvoiceStatus.DRAFT


def test_the_schedule_runs_the_overdue_check_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["finance-mark-overdue-invoices"]
    assert entry["task"] == "finance.tasks.mark_overdue_invoices"


def test_a_refund_takes_a_paid_invoice_back_and_its_actual_cost_down(tenant_a):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    gladiator = tenant_a.user(Role.GLADIATOR)
    invoice = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="R-1",
        budget_line=budget.lines.get(category="Technical"),
        lines=[{"description": "Lights", "unit_price": "1000.00"}],
    )
    services.send_invoice(invoice, actor=gladiator)
    payment = services.record_payment(invoice, actor=gladiator, amount_paid="1000.00")
    services.record_refund(payment, actor=gladiator, amount_refunded="400.00", reference="credit note")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance, invoice.paid_at) == (InvoiceStatus.PARTIALLY_PAID, D("400.00"), None)
    assert figures(budget)["Technical"][2] == D("600.00")
    with pytest.raises(FinanceInvalid, match="left to refund"):
        services.record_refund(payment, actor=gladiator, amount_refunded="600.01")
    services.record_refund(payment, actor=gladiator, amount_refunded="600.00")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.SENT, 0)
    assert figures(budget)["Technical"][2] == 0
