"""Vendor routing pages (issue 22): the preferred vendors of a workspace (rules per catalog category,
narrowed to a venue or a region), and the procurement reviewer's page of an approved advance: its
routed draft orders, the lines still without a vendor, confirming an order (its own workflow:
sent for approval) and moving a line to another vendor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advancing.models import Advance
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import clean_query, error_status, form_page, initial_from, list_page, visible_or_404
from dragonfly.tenancy.access import require

from .. import services
from ..forms_routing import PreferredVendorFilter, PreferredVendorForm, RerouteForm
from ..models import PreferredVendor, PurchaseOrder
from ..services import routing
from ._common import finance_context, finance_workspace

VIEW_PERM = "finance.view_preferredvendor"


def _list_url(workspace):
    return reverse("finance:preferred_vendors", args=[workspace.organization.slug, workspace.slug])


def preferred_vendor_list(request, org_slug, ws_slug):
    workspace = finance_workspace(request, VIEW_PERM, _("Your role does not open preferred vendors here."))
    rows = (
        PreferredVendor.objects.visible_to(request.user)
        .filter(workspace=workspace)
        .select_related("vendor", "venue", "workspace__organization")
        .order_by("category", "priority", "id")
    )
    return list_page(
        request,
        rows,
        PreferredVendorFilter,
        template="finance/preferred_vendors.html",
        context=finance_context(
            request,
            workspace,
            "preferred_vendors",
            can_create=request.user.has_perm("finance.add_preferredvendor", workspace),
            can_change=request.user.has_perm("finance.change_preferredvendor", workspace),
        ),
        data=clean_query(request, drop=("page", "workspace")),
        hide=("workspace",),
    )


def new_preferred_vendor(request, org_slug, ws_slug):
    workspace = finance_workspace(
        request, "finance.add_preferredvendor", _("Your role does not let you set preferred vendors here.")
    )
    return _form(
        request,
        workspace,
        None,
        {"priority": 1, "active": True},
        lambda data: routing.create_preferred_vendor(actor=request.user, workspace=workspace, **data),
    )


def edit_preferred_vendor(request, pk):
    preference = visible_or_404(PreferredVendor, request.user, pk, "workspace__organization", "vendor")
    require(request.user, "finance.change_preferredvendor", preference, _("You may not change this preferred vendor."))
    return _form(
        request,
        preference.workspace,
        preference,
        initial_from(preference, routing.FIELDS),
        lambda data: routing.update_preferred_vendor(preference, actor=request.user, **data),
    )


@require_POST
def delete_preferred_vendor(request, pk):
    preference = visible_or_404(PreferredVendor, request.user, pk, "workspace__organization", "vendor")
    workspace = preference.workspace
    try:
        routing.delete_preferred_vendor(preference, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Preferred vendor removed."))
    return redirect(_list_url(workspace))


def _form(request, workspace, preference, initial, save):
    form = PreferredVendorForm(request.POST or None, initial=initial, user=request.user, workspace=workspace)
    return form_page(
        request,
        form,
        save=save,
        template="finance/preferred_vendor_form.html",
        context=finance_context(request, workspace, "preferred_vendors", preference=preference),
        redirect_to=lambda saved: _list_url(saved.workspace),
        success=lambda saved: (
            _("Preferred vendor saved: %(vendor)s for %(category)s.")
            % {"vendor": saved.vendor.name, "category": saved.category}
        ),
        versioned=preference,
    )


# --- the procurement reviewer's page of an advance -----------------------------------------------
def _advance(request, pk):
    """An advance the user sees (else 404) whose workspace's purchase orders they may read (else 403)."""
    advance = get_object_or_404(
        Advance.objects.visible_to(request.user).select_related(
            "workspace__organization", "organization", "production__venue"
        ),
        pk=pk,
    )
    if not request.user.has_perm("finance.view_purchaseorder", advance.workspace):
        raise PermissionDenied(_("Your role does not let you review purchasing here."))
    return advance


def advance_routing(request, pk, *, status=200, error=None):
    advance = _advance(request, pk)
    data = routing.advance_routing(advance, request.user)
    can_route = request.user.has_perm("finance.change_purchaseorder", advance.workspace)
    context = finance_context(
        request,
        advance.workspace,
        "purchase_orders",
        advance=advance,
        routing=data,
        can_route=can_route,
        error=error,
        vendors=data.vendors,
    )
    return render(request, "finance/advance_routing.html", context, status=status)


@require_POST
def reroute(request, pk):
    advance = _advance(request, pk)
    form = RerouteForm(request.POST, user=request.user, workspace=advance.workspace)
    if not form.is_valid():
        return advance_routing(request, pk, status=400, error=_("Pick a line and a vendor of this workspace."))
    item = advance.items.filter(pk=form.cleaned_data["item"]).first()
    if item is None:
        return advance_routing(request, pk, status=400, error=_("That line is not part of this advance."))
    try:
        po = routing.reroute_item(item, vendor=form.cleaned_data["vendor"], actor=request.user)
    except DomainError as exc:
        return advance_routing(request, pk, status=error_status(exc), error=str(exc))
    messages.success(request, _("%(line)s moved to %(number)s.") % {"line": item.name, "number": po.number})
    return redirect("finance:advance_routing", advance.pk)


@require_POST
def confirm(request, pk):
    advance = _advance(request, pk)
    raw = str(request.POST.get("purchase_order", ""))
    pk = int(raw) if raw.isdigit() and int(raw) < 2**31 else None
    po = get_object_or_404(PurchaseOrder.objects.visible_to(request.user).filter(advance=advance, pk=pk))
    try:
        services.submit_purchase_order(po, actor=request.user, note=_("Routing confirmed."))
    except DomainError as exc:
        return advance_routing(request, pk, status=error_status(exc), error=str(exc))
    messages.success(request, _("%(number)s sent for approval.") % {"number": po.number})
    return redirect("finance:advance_routing", advance.pk)
