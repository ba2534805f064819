"""Invoice pages: the list, a new or draft invoice with its lines, sending, voiding, payments."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.formatting import money
from dragonfly.core.pages import action_page, error_status, initial_from
from dragonfly.tenancy.access import require

from .. import selectors, services
from ..extensions import invoice_panels
from ..filters import InvoiceFilter
from ..forms import InvoiceForm, InvoiceLineFormSet, NoteForm, PaymentForm
from ..models import Company, InvoiceDirection, InvoiceStatus, PurchaseOrder
from ..models.invoices import PAYABLE_STATUSES
from ._common import (
    document_form,
    finance_context,
    finance_workspace,
    get_invoice,
    in_currency,
    note_action,
    page_url,
    workspace_list,
)

HEADER = (
    "direction",
    "company",
    "payee",
    "number",
    "issue_date",
    "due_date",
    "production",
    "purchase_order",
    "budget_line",
)


def invoice_list(request, org_slug, ws_slug):
    return workspace_list(request, "invoices", selectors.invoices, InvoiceFilter, today=timezone.localdate())


def new_invoice(request, org_slug, ws_slug):
    workspace = finance_workspace(request, "finance.add_invoice", _("Your role does not record invoices here."))
    initial, lines = {"issue_date": timezone.localdate()}, None
    ordered = _order_to_invoice(request, workspace)
    if ordered is not None:
        # The vendor's invoice for an order starts as the order: its lines stay tied to the order's,
        # so lines an advance already pays for are not counted twice.
        initial.update(
            purchase_order=ordered.pk,
            company=ordered.vendor_id,
            production=ordered.production_id,
            **in_currency(ordered, workspace),
        )
        lines = [
            {**initial_from(li, ("description", "quantity", "unit_price", "tax_rate")), "purchase_order_line": li.pk}
            for li in ordered.lines.all()
        ]
    else:
        lines = _agreed_lines(request, workspace, initial)
    return _invoice_form(request, workspace, initial, lines)


def _agreed_lines(request, workspace, initial):
    """`?company=`: the vendor's invoice starts at the terms agreed with it (a signed contract's rate)."""
    raw = request.GET.get("company", "")
    company = (
        Company.objects.visible_to(request.user).filter(workspace=workspace, pk=raw).first() if raw.isdigit() else None
    )
    if company is None:
        return None
    initial.update(company=company.pk, direction=InvoiceDirection.PAYABLE)
    agreed = services.agreed_terms(workspace, company, InvoiceDirection.PAYABLE, initial["issue_date"])
    if agreed is None:
        return None
    initial["currency"] = agreed.currency
    return [agreed.line()]


def edit_invoice(request, pk):
    invoice = get_invoice(request, pk)
    require(request.user, "finance.change_invoice", invoice, _("You may not change this invoice."))
    if invoice.status != InvoiceStatus.DRAFT:
        raise Http404("Only draft invoices are edited.")
    initial = {**initial_from(invoice, (*HEADER, "notes")), **in_currency(invoice, invoice.workspace)}
    return _invoice_form(
        request, invoice.workspace, initial, InvoiceLineFormSet.initial_of(invoice.lines.all()), invoice
    )


def _invoice_form(request, workspace, initial, lines, invoice=None):
    return document_form(
        request,
        InvoiceForm(request.POST or None, user=request.user, workspace=workspace, initial=initial),
        InvoiceLineFormSet(request.POST or None, initial=lines, prefix="lines"),
        workspace=workspace,
        document=invoice,
        create=services.create_invoice,
        update=services.update_invoice,
        template="finance/invoice_form.html",
        tab="invoices",
        key="invoice",
        success=lambda saved: _("Invoice %(number)s saved.") % {"number": saved.number},
    )


def _order_to_invoice(request, workspace):
    raw = request.GET.get("purchase_order", "")
    if not raw.isdigit():
        return None
    return PurchaseOrder.objects.visible_to(request.user).filter(workspace=workspace, pk=raw).first()


def invoice_detail(request, pk, *, status=200, error=None, payment_form=None):
    invoice = get_invoice(request, pk)
    user = request.user
    may_change = user.has_perm("finance.change_invoice", invoice)
    context = finance_context(
        request,
        invoice.workspace,
        "invoices",
        invoice=invoice,
        error=error,
        lines=invoice.lines.select_related("purchase_order_line"),
        payments=invoice.payments.select_related("recorded_by"),
        can_edit=may_change and invoice.status == InvoiceStatus.DRAFT,
        can_send=may_change and InvoiceStatus.SENT in invoice.allowed_moves(),
        can_void=may_change and InvoiceStatus.VOID in invoice.allowed_moves() and not invoice.amount_paid,
        can_pay=user.has_perm("finance.add_payment", invoice) and invoice.status in PAYABLE_STATUSES,
        payment_form=payment_form or PaymentForm(initial={"amount": invoice.balance, "paid_on": timezone.localdate()}),
        note_form=NoteForm(),
        history=selectors.history(invoice)[:10],
        panels=invoice_panels(request, invoice),
    )
    return render(request, "finance/invoice_detail.html", context, status=status)


ACTIONS = {"send": (services.send_invoice, "sent"), "void": (services.void_invoice, "voided")}


@require_POST
def invoice_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    invoice = get_invoice(request, pk)
    require(request.user, "finance.change_invoice", invoice, _("You may not change this invoice."))
    service, done = ACTIONS[action]
    return note_action(request, invoice, service, page=invoice_detail, success=f"Invoice {invoice.number} {done}.")


@require_POST
def record_payment(request, pk):
    invoice = get_invoice(request, pk)
    require(request.user, "finance.add_payment", invoice, _("Your role does not record payments."))
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return invoice_detail(request, pk, status=400, payment_form=form)
    data = form.cleaned_data
    return action_page(
        request,
        lambda: services.record_payment(
            invoice,
            actor=request.user,
            amount_paid=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            reference=data["reference"],
        ),
        redirect_to=page_url(invoice),
        success=_("Payment of %(amount)s recorded.") % {"amount": money(data["amount"], invoice.currency)},
        on_refusal=lambda exc: invoice_detail(request, pk, status=error_status(exc), error=str(exc), payment_form=form),
    )
