"""Purchase order pages: the list, drafting, the approval (second approver over the threshold),
sending, receiving, closing, and the PDF that goes to the vendor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import selectors, services
from ..filters import PurchaseOrderFilter
from ..forms import NoteForm, PurchaseOrderForm, PurchaseOrderLineFormSet
from ..models import FinanceSettings, PurchaseOrderStatus
from ..models.procurement import EDITABLE_PO_STATUSES, RECEIVABLE_PO_STATUSES
from ..services.procurement import base_value
from ._common import error_status, filtered_page, finance_context, get_purchase_order, safe_querystring

P = PurchaseOrderStatus


def po_list(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_purchaseorder", workspace):
        raise PermissionDenied("Your role does not show purchase orders.")
    page, form, status = filtered_page(
        request, selectors.purchase_orders(request.user).filter(workspace=workspace), PurchaseOrderFilter
    )
    context = finance_context(
        request,
        workspace,
        "purchase_orders",
        page=page,
        filter_form=form,
        querystring=safe_querystring(request),
        can_create=request.user.has_perm("finance.add_purchaseorder", workspace),
    )
    return render(request, "finance/purchase_orders.html", context, status=status)


def _lines_from(formset):
    return [
        {
            k: f.cleaned_data.get(k)
            for k in ("description", "quantity", "unit", "unit_price", "tax_rate", "advance_item_id")
        }
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("description")
    ]


def _save_po(request, workspace, po=None):
    initial, lines_initial = {}, None
    if po is not None:
        initial = {
            "vendor": po.vendor_id,
            "production": po.production_id,
            "budget_line": po.budget_line_id,
            "currency": po.currency,
            "expected_on": po.expected_on,
            "delivery_address": po.delivery_address,
            "terms": po.terms,
            "notes": po.notes,
        }
        if po.currency != workspace.organization.currency:
            initial["exchange_rate"] = po.exchange_rate
        lines_initial = [
            {
                "description": li.description,
                "quantity": li.quantity,
                "unit": li.unit,
                "unit_price": li.unit_price,
                "tax_rate": li.tax_rate,
                "advance_item_id": li.advance_item_id,
            }
            for li in po.lines.all()
        ]
    form = PurchaseOrderForm(request.POST or None, user=request.user, workspace=workspace, initial=initial)
    formset = PurchaseOrderLineFormSet(request.POST or None, initial=lines_initial, prefix="lines")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            try:
                if po is None:
                    po = services.create_purchase_order(
                        actor=request.user, workspace=workspace, lines=_lines_from(formset), **data
                    )
                else:
                    po = services.update_purchase_order(po, actor=request.user, lines=_lines_from(formset), **data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"{po.number} saved as a draft.")
                return redirect("finance:purchase_order", po.pk)
        else:
            status = 400
    context = finance_context(request, workspace, "purchase_orders", form=form, formset=formset, po=po)
    return render(request, "finance/purchase_order_form.html", context, status=status)


def new_po(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.add_purchaseorder", workspace):
        raise PermissionDenied("Your role does not raise purchase orders here.")
    return _save_po(request, workspace)


def edit_po(request, pk):
    po = get_purchase_order(request, pk)
    if not request.user.has_perm("finance.change_purchaseorder", po):
        raise PermissionDenied("You may not change this purchase order.")
    if po.status not in EDITABLE_PO_STATUSES:
        raise Http404("Only draft orders are edited.")
    return _save_po(request, po.workspace, po)


def actions_for(user, po):
    """The buttons: every move the table allows from here that the user's permissions allow."""
    change = user.has_perm("finance.change_purchaseorder", po)
    approve = user.has_perm("finance.approve_purchaseorder", po)
    moves = po.allowed_moves()
    approved_by_me = any(a.approver_id == user.pk for a in po.approvals.all())
    actions = []
    if change and P.PENDING_APPROVAL in moves:
        actions.append(("submit", "Send for approval", "primary"))
    if approve and po.status == P.PENDING_APPROVAL and not approved_by_me:
        given = len(po.approvals.all())
        label = "Approve" if po.approvals_required == 1 else f"Approve ({'1st' if given == 0 else '2nd'} of 2)"
        actions.append(("approve", label, "ok"))
    if approve and po.status == P.PENDING_APPROVAL:
        actions.append(("return", "Return to draft", ""))
    if change and P.SENT in moves:
        actions.append(("send", "Mark as sent to vendor", "primary"))
    if change and P.CLOSED in moves:
        actions.append(("close", "Close", ""))
    if change and P.CANCELLED in moves:
        actions.append(("cancel", "Cancel order", "danger"))
    return actions


def po_detail(request, pk, *, status=200, error=None):
    po = get_purchase_order(request, pk)
    user = request.user
    settings = FinanceSettings.for_organization(po.organization)
    approvals = list(po.approvals.select_related("approver"))
    po._prefetched_objects_cache = {"approvals": approvals}
    lines = list(po.lines.select_related("advance_item__advance", "catalog_item"))
    context = finance_context(
        request,
        po.workspace,
        "purchase_orders",
        po=po,
        lines=lines,
        approvals=approvals,
        error=error,
        actions=actions_for(user, po),
        note_form=NoteForm(),
        value=base_value(po),
        threshold=settings.second_approval_threshold,
        can_edit=po.status in EDITABLE_PO_STATUSES and user.has_perm("finance.change_purchaseorder", po),
        can_receive=po.status in RECEIVABLE_PO_STATUSES and user.has_perm("finance.change_purchaseorder", po),
        can_invoice=po.status not in (P.DRAFT, P.PENDING_APPROVAL, P.CANCELLED)
        and user.has_perm("finance.add_invoice", po.workspace),
        invoices=po.invoices.select_related("company") if user.has_perm("finance.view_invoice", po.workspace) else [],
        history=selectors.history(po)[:12],
    )
    return render(request, "finance/purchase_order_detail.html", context, status=status)


ACTIONS = {
    "submit": (services.submit_purchase_order, "sent for approval"),
    "approve": (services.approve_purchase_order, "approved"),
    "return": (services.return_purchase_order, "returned to draft"),
    "send": (services.send_purchase_order, "marked as sent"),
    "close": (services.close_purchase_order, "closed"),
    "cancel": (services.cancel_purchase_order, "cancelled"),
}


@require_POST
def po_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    po = get_purchase_order(request, pk)
    perm = "finance.approve_purchaseorder" if action in ("approve", "return") else "finance.change_purchaseorder"
    if not request.user.has_perm(perm, po):
        raise PermissionDenied("Your role does not let you do this to purchase orders.")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    service, done = ACTIONS[action]
    try:
        moved = service(po, actor=request.user, note=note)
    except DomainError as exc:
        return po_detail(request, pk, status=error_status(exc), error=str(exc))
    if action == "approve" and moved.status == P.PENDING_APPROVAL:
        messages.success(request, f"{po.number}: your approval is recorded; a second approver completes it.")
    else:
        messages.success(request, f"{po.number} {done}.")
    return redirect("finance:purchase_order", pk)


@require_POST
def receive(request, pk):
    po = get_purchase_order(request, pk)
    if not request.user.has_perm("finance.change_purchaseorder", po):
        raise PermissionDenied("You may not record deliveries on this order.")
    quantities = {
        key.removeprefix("received-"): value
        for key, value in request.POST.items()
        if key.startswith("received-") and value.strip() != ""
    }
    try:
        services.receive_purchase_order(
            po, actor=request.user, quantities=quantities, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        return po_detail(request, pk, status=error_status(exc), error=str(exc))
    messages.success(request, "Delivery recorded.")
    return redirect("finance:purchase_order", pk)


def po_pdf(request, pk):
    from ..pdf import purchase_order_pdf

    po = get_purchase_order(request, pk)
    response = HttpResponse(purchase_order_pdf(po), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{po.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
