"""The budget check of an advance: what approving it commits, line by line, and the reviewer's
preparation of its purchasing (lines to buy or hire, the exchange rate of another currency)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from advancing.models import AdvanceStatus, Procurement
from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import selectors, services
from ..models import PurchaseOrder
from ._common import error_status, finance_context

PREPARABLE = (AdvanceStatus.DRAFT, AdvanceStatus.SUBMITTED, AdvanceStatus.UNDER_REVIEW)


def advance_budget(request, pk):
    advance = selectors.advance_to_check(request.user, pk, missing=_("No budget check for you here."))
    status, error = 200, None
    items = list(advance.items.select_related("catalog_item").order_by("position", "id"))
    can_prepare = advance.status in PREPARABLE
    if request.method == "POST":
        if not can_prepare:
            status = 409
            error = _("Purchasing can only be prepared before the advance is approved; this one is %(status)s.") % {
                "status": advance.get_status_display().lower()
            }
        else:
            choices = {str(i.pk): request.POST.get(f"procurement-{i.pk}", i.procurement) for i in items}
            try:
                services.set_line_procurement(
                    advance,
                    actor=request.user,
                    procurement=choices,
                    exchange_rate=request.POST.get("exchange_rate") or None,
                )
            except DomainError as exc:
                status, error = error_status(exc), str(exc)
            else:
                messages.success(request, _("Purchasing prepared."))
                return redirect("finance:advance_budget", advance.pk)
    try:
        require_module(request, "finance")
        finance_open = True
    except PermissionDenied:
        finance_open = False
    context = finance_context(
        request,
        advance.workspace,
        "budgets",
        advance=advance,
        items=items,
        impact=services.budget_impact(advance),
        can_prepare=can_prepare,
        error=error,
        procurement_choices=Procurement.choices,
        finance_open=finance_open,
        foreign=advance.currency != advance.organization.currency,
        orders=PurchaseOrder.objects.visible_to(request.user).filter(advance=advance).select_related("vendor"),
    )
    return render(request, "finance/advance_budget.html", context, status=status)
