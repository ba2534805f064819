"""Read side of finance: the lists pages, exports and the API share (visible_to + related rows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from advancing.models import Advance

from .models import (
    Agreement,
    Bid,
    Budget,
    BudgetLine,
    Company,
    Contact,
    Expense,
    Invoice,
    Payment,
    PurchaseOrder,
    PurchaseOrderLine,
    RequestForQuote,
)
from .money import ZERO
from .services.spending import Figures, with_spending

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db import models
    from django.db.models import QuerySet

    from dragonfly.activity.models import ActivityEntry
    from dragonfly.tenancy.querysets import TenantQuerySet

    from .models.companies import CompanyQuerySet
    from .models.invoices import InvoiceQuerySet
    from .models.procurement import PurchaseOrderQuerySet

    # Whoever is asking: a page's request.user may be anonymous (visible_to then finds nothing).
    Viewer = User | AnonymousUser


def budgets(user: Viewer) -> TenantQuerySet[Budget]:
    return (
        Budget.objects.visible_to(user)
        .select_related("workspace__organization", "production", "owner")
        .order_by("name", "id")
    )


def with_glance(budgets: Iterable[Budget]) -> list[Budget]:
    """Give each listed budget its totals (`figures`), how many lines are amber or red, and its
    `state` — the worse of its total and its worst line. One query for the whole page: the
    budgets' lines with their sums, which the database computes from the ledger."""
    budgets = list(budgets)
    per_budget: defaultdict[int, list[Figures]] = defaultdict(list)
    if budgets:
        rows = with_spending(BudgetLine.objects.filter(budget_id__in=[b.pk for b in budgets])).values_list(
            "budget_id", "planned_amount", "committed", "actual"
        )
        for budget_id, planned, committed, actual in rows:
            per_budget[budget_id].append(Figures(planned, committed, actual))
    for budget in budgets:
        lines = per_budget[budget.pk]
        totals = Figures(
            sum((f.planned for f in lines), ZERO),
            sum((f.committed for f in lines), ZERO),
            sum((f.actual for f in lines), ZERO),
        )
        for key, value in glance(totals, lines).items():
            setattr(budget, key, value)
    return budgets


def glance(totals: Figures, lines: list[Figures]) -> dict[str, Any]:
    """A budget at a glance: its `figures`, how many lines are red and amber, and its `state` — the
    worse of its total and its worst line."""
    states = [str(f.state) for f in lines]
    every = {str(totals.state), *states}
    return {
        "figures": totals,
        "lines_red": states.count("red"),
        "lines_amber": states.count("amber"),
        "state": "red" if "red" in every else "amber" if "amber" in every else "ok",
    }


def budget_lines(user: Viewer) -> TenantQuerySet[BudgetLine]:
    return BudgetLine.objects.visible_to(user).select_related("budget", "owner").order_by("budget_id", "position", "id")


def expenses(user: Viewer) -> TenantQuerySet[Expense]:
    return (
        Expense.objects.visible_to(user)
        .select_related("workspace__organization", "production", "budget_line", "spent_by", "receipt")
        .order_by("-spent_on", "-id")
    )


def invoices(user: Viewer) -> InvoiceQuerySet[Invoice]:
    return (
        Invoice.objects.visible_to(user)
        .select_related("workspace__organization", "company", "payee", "production", "purchase_order", "budget_line")
        .order_by("-issue_date", "-id")
    )


def payments(user: Viewer) -> TenantQuerySet[Payment]:
    return Payment.objects.visible_to(user).select_related("invoice", "recorded_by").order_by("-paid_on", "-id")


def purchase_orders(user: Viewer) -> PurchaseOrderQuerySet[PurchaseOrder]:
    lines = (
        PurchaseOrderLine.objects.filter(purchase_order=OuterRef("pk"))
        .order_by()
        .values("purchase_order")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        PurchaseOrder.objects.visible_to(user)
        .select_related("workspace__organization", "vendor", "production", "budget_line", "advance", "created_by")
        .annotate(line_count=Coalesce(Subquery(lines, output_field=IntegerField()), Value(0)))
        .order_by("-created_at", "-id")
    )


def companies(user: Viewer) -> CompanyQuerySet[Company]:
    contacts = Contact.objects.filter(company=OuterRef("pk")).order_by().values("company").annotate(n=Count("pk"))
    return (
        Company.objects.visible_to(user)
        .select_related("workspace__organization")
        .annotate(contact_count=Coalesce(Subquery(contacts.values("n"), output_field=IntegerField()), Value(0)))
        .order_by("name", "id")
    )


def contacts(user: Viewer) -> TenantQuerySet[Contact]:
    return Contact.objects.visible_to(user).select_related("company", "user").order_by("company__name", "name", "id")


def rfqs(user: Viewer) -> TenantQuerySet[RequestForQuote]:
    """Requests for quote with how many bids stand on each (of those the user may see)."""
    standing = (
        Bid.objects.visible_to(user)
        .filter(rfq=OuterRef("pk"))
        .exclude(status="withdrawn")
        .order_by()
        .values("rfq")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        RequestForQuote.objects.visible_to(user)
        .select_related("workspace__organization", "production", "purchase_order")
        .annotate(bid_count=Coalesce(Subquery(standing, output_field=IntegerField()), Value(0)))
        .order_by("-created_at", "-id")
    )


def bids(user: Viewer) -> TenantQuerySet[Bid]:
    return (
        Bid.objects.visible_to(user)
        .select_related("rfq__workspace__organization", "company", "submitted_by")
        .order_by("-created_at", "-id")
    )


def agreements(user: Viewer) -> TenantQuerySet[Agreement]:
    return (
        Agreement.objects.visible_to(user)
        .select_related("workspace__organization", "vendor", "signed_document")
        .order_by("valid_to", "id")
    )


def advance_to_check(user: Viewer, pk: int, *, missing: str = "No advance with this id is visible to you.") -> Advance:
    """An advance whose budget check the user may open: one they see and may review; otherwise a 404."""
    advance = get_object_or_404(
        Advance.objects.visible_to(user).select_related("workspace__organization", "organization", "production"),
        pk=pk,
    )
    if not any(user.has_perm(perm, advance) for perm in advance.review_perms):
        raise Http404(missing)
    return advance


def history(obj: models.Model) -> QuerySet[ActivityEntry]:
    from dragonfly.activity.models import ActivityEntry

    return ActivityEntry.objects.for_object(obj).order_by("-created_at", "-id")


def approval_note(po: PurchaseOrder, user: User) -> str:
    """What the approval panel says to `user` about an order waiting for approval: how many
    approvers it needs, who may give the approvals still missing, and why not `user` (if so)."""
    from dragonfly.core.formatting import money
    from dragonfly.tenancy.access import display_name, role_in_workspace, users_with_perm

    from .models import FinanceSettings, PurchaseOrderStatus

    if po.status != PurchaseOrderStatus.PENDING_APPROVAL:
        return ""
    given = {a.approver_id for a in po.approvals.all()}
    needed = po.approvals_required - len(given)
    if po.approvals_required > 1:
        threshold = money(FinanceSettings.for_organization(po.organization).second_approval_threshold)
        worth = {"currency": po.organization.currency, "threshold": threshold, "needed": needed}
        if needed < po.approvals_required:
            head = (
                _(
                    "Two different approvers are needed (the order is worth more than %(currency)s %(threshold)s); "
                    "%(needed)s more to go."
                )
                % worth
            )
        else:
            head = (
                _("Two different approvers are needed (the order is worth more than %(currency)s %(threshold)s).")
                % worth
            )
    else:
        head = _("One approval is needed.")
    others = [display_name(u) for u in users_with_perm("finance.approve_purchaseorder", po) if u.pk not in given]
    who = (
        " " + _("Who may approve: %(names)s.") % {"names": ", ".join(others)}
        if others
        else " " + _("Nobody in this workspace may approve it yet; ask an admin.")
    )
    if user.pk in given:
        why = " " + _("You have given your approval; the other must come from someone else.")
    elif not user.has_perm("finance.approve_purchaseorder", po):
        role = role_in_workspace(user, po.workspace)
        why = " " + (
            _("Your role (%(role)s) does not approve purchase orders.") % {"role": role.label}
            if role is not None
            else _("Your role does not approve purchase orders.")
        )
    else:
        why = ""
    return head + who + why
