"""Invoice pages: the list, a new or draft invoice with its lines, sending, voiding, payments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import selectors, services
from ..filters import InvoiceFilter
from ..forms import InvoiceForm, InvoiceLineFormSet, NoteForm, PaymentForm
from ..models import InvoiceStatus
from ..models.invoices import PAYABLE_STATUSES
from ._common import error_status, filtered_page, finance_context, get_invoice, safe_querystring


def invoice_list(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_invoice", workspace):
        raise PermissionDenied("Your role does not show invoices.")
    page, form, status = filtered_page(
        request, selectors.invoices(request.user).filter(workspace=workspace), InvoiceFilter
    )
    context = finance_context(
        request,
        workspace,
        "invoices",
        page=page,
        filter_form=form,
        querystring=safe_querystring(request),
        today=timezone.localdate(),
        can_create=request.user.has_perm("finance.add_invoice", workspace),
    )
    return render(request, "finance/invoices.html", context, status=status)


def _lines_from(formset):
    return [
        {k: f.cleaned_data.get(k) for k in ("description", "quantity", "unit_price", "tax_rate", "purchase_order_line")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("description")
    ]


def _save_invoice(request, workspace, invoice=None):
    initial = {"issue_date": timezone.localdate()}
    lines_initial = None
    ordered = _order_to_invoice(request, workspace) if invoice is None else None
    if ordered is not None:
        # The vendor's invoice for an order starts as the order: its lines stay tied to the order's,
        # so lines an advance already pays for are not counted twice.
        initial.update(
            {
                "purchase_order": ordered.pk,
                "company": ordered.vendor_id,
                "production": ordered.production_id,
                "currency": ordered.currency,
            }
        )
        if ordered.currency != workspace.organization.currency:
            initial["exchange_rate"] = ordered.exchange_rate
        lines_initial = [
            {
                "description": li.description,
                "quantity": li.quantity,
                "unit_price": li.unit_price,
                "tax_rate": li.tax_rate,
                "purchase_order_line": li.pk,
            }
            for li in ordered.lines.all()
        ]
    if invoice is not None:
        initial = {
            k: getattr(invoice, f"{k}_id" if k in ("company", "production", "purchase_order", "budget_line") else k)
            for k in (
                "direction",
                "company",
                "number",
                "issue_date",
                "due_date",
                "production",
                "purchase_order",
                "budget_line",
                "currency",
                "notes",
            )
        }
        if invoice.currency != workspace.organization.currency:
            initial["exchange_rate"] = invoice.exchange_rate
        lines_initial = [
            {
                "description": li.description,
                "quantity": li.quantity,
                "unit_price": li.unit_price,
                "tax_rate": li.tax_rate,
                "purchase_order_line": li.purchase_order_line_id,
            }
            for li in invoice.lines.all()
        ]
    form = InvoiceForm(request.POST or None, user=request.user, workspace=workspace, initial=initial)
    formset = InvoiceLineFormSet(request.POST or None, initial=lines_initial, prefix="lines")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            try:
                if invoice is None:
                    invoice = services.create_invoice(
                        actor=request.user, workspace=workspace, lines=_lines_from(formset), **data
                    )
                else:
                    invoice = services.update_invoice(invoice, actor=request.user, lines=_lines_from(formset), **data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"Invoice {invoice.number} saved.")
                return redirect("finance:invoice", invoice.pk)
        else:
            status = 400
    context = finance_context(request, workspace, "invoices", form=form, formset=formset, invoice=invoice)
    return render(request, "finance/invoice_form.html", context, status=status)


def _order_to_invoice(request, workspace):
    from ..models import PurchaseOrder

    raw = request.GET.get("purchase_order", "")
    if not raw.isdigit():
        return None
    return PurchaseOrder.objects.visible_to(request.user).filter(workspace=workspace, pk=raw).first()


def new_invoice(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.add_invoice", workspace):
        raise PermissionDenied("Your role does not record invoices here.")
    return _save_invoice(request, workspace)


def edit_invoice(request, pk):
    invoice = get_invoice(request, pk)
    if not request.user.has_perm("finance.change_invoice", invoice):
        raise PermissionDenied("You may not change this invoice.")
    if invoice.status != InvoiceStatus.DRAFT:
        raise Http404("Only draft invoices are edited.")
    return _save_invoice(request, invoice.workspace, invoice)


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
    )
    return render(request, "finance/invoice_detail.html", context, status=status)


ACTIONS = {"send": services.send_invoice, "void": services.void_invoice}


@require_POST
def invoice_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    invoice = get_invoice(request, pk)
    if not request.user.has_perm("finance.change_invoice", invoice):
        raise PermissionDenied("You may not change this invoice.")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ACTIONS[action](invoice, actor=request.user, note=note)
    except DomainError as exc:
        return invoice_detail(request, pk, status=error_status(exc), error=str(exc))
    messages.success(request, f"Invoice {invoice.number} {'sent' if action == 'send' else 'voided'}.")
    return redirect("finance:invoice", pk)


@require_POST
def record_payment(request, pk):
    invoice = get_invoice(request, pk)
    if not request.user.has_perm("finance.add_payment", invoice):
        raise PermissionDenied("Your role does not record payments.")
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return invoice_detail(request, pk, status=400, payment_form=form)
    data = form.cleaned_data
    try:
        services.record_payment(
            invoice,
            actor=request.user,
            amount_paid=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            reference=data["reference"],
        )
    except DomainError as exc:
        return invoice_detail(request, pk, status=error_status(exc), error=str(exc), payment_form=form)
    messages.success(request, f"Payment of {data['amount']} {invoice.currency} recorded.")
    return redirect("finance:invoice", pk)
