"""Purchase order pages: the list, drafting, the approval (second approver over the threshold),
sending, receiving, closing, and the PDF that goes to the vendor."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, error_status, initial_from
from dragonfly.tenancy.access import require

from .. import selectors, services
from ..filters import PurchaseOrderFilter
from ..forms import NoteForm, PurchaseOrderForm, PurchaseOrderLineFormSet
from ..models import FinanceSettings, PurchaseOrderStatus
from ..models.procurement import EDITABLE_PO_STATUSES, RECEIVABLE_PO_STATUSES
from ..services.procurement import base_value
from ._common import (
    document_form,
    finance_context,
    finance_workspace,
    get_purchase_order,
    in_currency,
    note_action,
    page_url,
    workspace_list,
)

P = PurchaseOrderStatus
HEADER = ("vendor", "production", "budget_line", "agreement", "expected_on", "delivery_address", "terms", "notes")


def po_list(request, org_slug, ws_slug):
    return workspace_list(request, "purchase_orders", selectors.purchase_orders, PurchaseOrderFilter)


def new_po(request, org_slug, ws_slug):
    workspace = finance_workspace(
        request, "finance.add_purchaseorder", _("Your role does not raise purchase orders here.")
    )
    return _po_form(request, workspace, {}, None)


def edit_po(request, pk):
    po = get_purchase_order(request, pk)
    require(request.user, "finance.change_purchaseorder", po, _("You may not change this purchase order."))
    if po.status not in EDITABLE_PO_STATUSES:
        raise Http404("Only draft orders are edited.")
    initial = {**initial_from(po, HEADER), **in_currency(po, po.workspace)}
    return _po_form(request, po.workspace, initial, PurchaseOrderLineFormSet.initial_of(po.lines.all()), po)


def _po_form(request, workspace, initial, lines, po=None):
    return document_form(
        request,
        PurchaseOrderForm(request.POST or None, user=request.user, workspace=workspace, initial=initial),
        PurchaseOrderLineFormSet(request.POST or None, initial=lines, prefix="lines"),
        workspace=workspace,
        document=po,
        create=services.create_purchase_order,
        update=services.update_purchase_order,
        template="finance/purchase_order_form.html",
        tab="purchase_orders",
        key="po",
        success=lambda saved: _("%(number)s saved as a draft.") % {"number": saved.number},
    )


def actions_for(user, po):
    """The buttons: every move the table allows from here that the user's permissions allow."""
    change = user.has_perm("finance.change_purchaseorder", po)
    approve = user.has_perm("finance.approve_purchaseorder", po)
    moves = po.allowed_moves()
    approved_by_me = any(a.approver_id == user.pk for a in po.approvals.all())
    actions = []
    if change and P.PENDING_APPROVAL in moves:
        actions.append(("submit", _("Send for approval"), "primary"))
    if approve and po.status == P.PENDING_APPROVAL and not approved_by_me:
        given = len(po.approvals.all())
        if po.approvals_required == 1:
            label = _("Approve")
        else:
            label = _("Approve (1st of 2)") if given == 0 else _("Approve (2nd of 2)")
        actions.append(("approve", label, "ok"))
    if approve and po.status == P.PENDING_APPROVAL:
        actions.append(("return", _("Return to draft"), ""))
    if change and P.SENT in moves:
        actions.append(("send", _("Mark as sent to vendor"), "primary"))
    if change and P.CLOSED in moves:
        actions.append(("close", _("Close"), ""))
    if change and P.CANCELLED in moves:
        actions.append(("cancel", _("Cancel order"), "danger"))
    return actions


def po_detail(request, pk, *, status=200, error=None):
    po = get_purchase_order(request, pk)
    user = request.user
    settings = FinanceSettings.for_organization(po.organization)
    # Prefetched the ORM's way (a queryset in the cache), so `po.approvals.all()` below and in
    # actions_for() reads them without a query, and N+1 detection sees an ordinary prefetch.
    approvals_with_approver = po.approvals.model.objects.select_related("approver")
    prefetch_related_objects([po], Prefetch("approvals", queryset=approvals_with_approver))
    approvals = list(po.approvals.all())
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
        approval_note=selectors.approval_note(po, user),
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
    "submit": (services.submit_purchase_order, gettext_lazy("%(number)s sent for approval.")),
    "approve": (services.approve_purchase_order, gettext_lazy("%(number)s approved.")),
    "return": (services.return_purchase_order, gettext_lazy("%(number)s returned to draft.")),
    "send": (services.send_purchase_order, gettext_lazy("%(number)s marked as sent.")),
    "close": (services.close_purchase_order, gettext_lazy("%(number)s closed.")),
    "cancel": (services.cancel_purchase_order, gettext_lazy("%(number)s cancelled.")),
}


@require_POST
def po_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    po = get_purchase_order(request, pk)
    perm = "finance.approve_purchaseorder" if action in ("approve", "return") else "finance.change_purchaseorder"
    require(request.user, perm, po, _("Your role does not let you do this to purchase orders."))
    service, done = ACTIONS[action]

    def said(moved):
        if action == "approve" and moved.status == P.PENDING_APPROVAL:
            return _("%(number)s: your approval is recorded; a second approver completes it.") % {"number": po.number}
        return done % {"number": po.number}

    return note_action(request, po, service, page=po_detail, success=said)


@require_POST
def receive(request, pk):
    po = get_purchase_order(request, pk)
    require(request.user, "finance.change_purchaseorder", po, _("You may not record deliveries on this order."))
    quantities = {
        key.removeprefix("received-"): value
        for key, value in request.POST.items()
        if key.startswith("received-") and value.strip() != ""
    }
    return action_page(
        request,
        lambda: services.receive_purchase_order(
            po, actor=request.user, quantities=quantities, note=request.POST.get("note", "")
        ),
        redirect_to=page_url(po),
        success=_("Delivery recorded."),
        on_refusal=lambda exc: po_detail(request, pk, status=error_status(exc), error=str(exc)),
    )


def po_pdf(request, pk):
    from ..pdf import purchase_order_pdf

    po = get_purchase_order(request, pk)
    response = HttpResponse(purchase_order_pdf(po), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{po.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
