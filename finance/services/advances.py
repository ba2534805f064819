"""Advance to money in one flow: finance hears advancing's domain events inside their transactions.

- `commit_approved_advance`: approving an advance commits each line's approved cost to the
  production budget's line of its category (warning — or refusing, per organization — when
  a line would go over), and queues the vendor routing of the lines marked "to buy" / "to hire"
  (services/routing.py) as an outbox task that runs after the commit: a routing failure
  never refuses the approval;
- `sync_advance_fulfilment`: fulfilment moves the fulfilled share from committed to actual;
- `release_advance`: rejecting or cancelling releases any commitment and cancels the
  purchase orders still in draft.

Advancing never calls finance: `subscribe_to_advances()` (from FinanceConfig.ready) hooks these
on `advance.approved`, `advance.rejected` / `advance.cancelled` and `advance.fulfilment_recorded` /
`advance.fulfilled`, in the transaction, so a refusal here (an organization that blocks going
over budget) undoes the whole move.

`budget_impact` is what the reviewer reads before approving. None of these checks a finance
permission: the advancing service already checked the actor's right to make the move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.core.events import subscribe
from dragonfly.core.formatting import money
from dragonfly.tenancy.access import may_any

from ..errors import FinanceInvalid, OverBudget
from ..models import BudgetLine, FinanceSettings, PurchaseOrder, PurchaseOrderStatus, SpendingSource
from ..models.budgets import FALLBACK_CATEGORY
from ..money import ZERO, cents, to_base
from ..money import rate as parse_rate
from ._common import record
from .spending import (
    Figures,
    advance_item_amounts,
    advance_item_category,
    advance_rate,
    budget_for,
    current_amounts,
    deltas,
    desired_for_advance,
    line_for_category,
    lines_going_over,
    lock_budget,
    post,
    with_spending,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from advancing.models import Advance
    from dragonfly.core.events import DomainEvent

    from ..models import PurchaseOrder, SpendingEntry
    from ..money import Number

SOURCE = SpendingSource.ADVANCE_ITEM
PROCURED = ("buy", "hire")


@dataclass
class LineImpact:
    category: str
    line: BudgetLine | None
    figures: Figures
    adds: Decimal

    @property
    def remaining_after(self) -> Decimal:
        return self.figures.remaining - self.adds

    @property
    def goes_over(self) -> bool:
        return self.adds > 0 and self.remaining_after < 0

    @property
    def label(self) -> str:
        return (
            self.line.label
            if self.line is not None
            else _("%(category)s (not in the budget yet)") % {"category": self.category}
        )


@dataclass
class Impact:
    """What approving an advance does to its budget: per line, the remaining amount before and after."""

    budget: object = None
    currency: str = ""
    lines: list = field(default_factory=list)
    blocks: bool = False
    rate_missing: bool = False

    @property
    def over(self) -> list[LineImpact]:
        return [line for line in self.lines if line.goes_over]

    @property
    def refused(self) -> bool:
        return bool(self.over) and self.blocks

    @property
    def adds(self) -> Decimal:
        return sum((line.adds for line in self.lines), ZERO)


def _items(advance):
    return list(advance.items.select_related("catalog_item").order_by("position", "id"))


def budget_impact(advance: Advance) -> Impact:
    """The reviewer's preview: each budget line this advance would commit to, its remaining
    amount now and after approving, and whether the organization would refuse it."""
    budget = budget_for(workspace=advance.workspace, production=advance.production)
    if budget is None:
        return Impact()
    settings = FinanceSettings.for_organization(advance.organization)
    rate = advance_rate(advance)
    items = _items(advance)
    live = None if advance.status in ("approved", "in_progress", "fulfilled") else True
    per_category: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for category, committed, actual in advance_item_amounts(advance, items, live=live).values():
        per_category[category] += committed + actual
    lines = {
        line.category: line
        for line in with_spending(BudgetLine.objects.filter(budget=budget, category__in=list(per_category)))
    }
    already: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for wanted in current_amounts(SOURCE, [i.pk for i in items]).values():
        for (line_id, _kind), value in wanted.items():
            already[line_id] += value
    impact = Impact(
        budget=budget, currency=budget.currency, blocks=settings.blocks_over_budget, rate_missing=rate is None
    )
    for category in sorted(per_category):
        line = lines.get(category)
        figures = Figures(line.planned_amount, line.committed, line.actual) if line else Figures(ZERO, ZERO, ZERO)
        adds = to_base(per_category[category], rate or 1) - (already[line.pk] if line else ZERO)
        impact.lines.append(LineImpact(category, line, figures, cents(adds)))
    return impact


def commit_approved_advance(advance: Advance, *, actor: User | None) -> dict[str, Any]:
    """Inside approve_advance's transaction (the advance already approved and locked)."""
    budget = budget_for(workspace=advance.workspace, production=advance.production)
    if budget is None:  # nothing to commit to; purchasing still starts
        route_after_commit(advance, actor=actor)
        return {"budget": None, "committed": ZERO, "over": []}
    budget = lock_budget(budget)
    rate = advance_rate(advance)
    if rate is None:
        raise FinanceInvalid(
            _(
                "This advance is in %(currency)s: enter its exchange rate to "
                "%(home)s on the budget check before approving."
            )
            % {"currency": advance.currency, "home": advance.organization.currency}
        )
    items = _items(advance)
    lines = {c: line_for_category(budget, c) for c in {advance_item_category(i) for i in items}}
    desired = desired_for_advance(advance, items, lines, rate)
    changes = deltas(SOURCE, desired)
    over = lines_going_over(changes)
    if over and FinanceSettings.for_organization(advance.organization).blocks_over_budget:
        raise OverBudget(
            _("Approving would take the budget over: %(lines)s. Approve fewer, or raise the plan first.")
            % {
                "lines": "; ".join(
                    _("%(line)s has %(left)s left, this needs %(adds)s")
                    % {
                        "line": line.label,
                        # lines_going_over() set .figures on each line (not a field: the checker does not know it)
                        "left": money(line.figures.remaining, budget.currency),  # type: ignore[attr-defined]
                        "adds": money(adds, budget.currency),
                    }
                    for line, adds in over
                )
            }
        )
    entries = post(SOURCE, desired, actor=actor, memo=f"Advance #{advance.pk} approved", changes=changes)
    route_after_commit(advance, actor=actor)
    total = sum((e.amount for e in entries), ZERO)
    record(
        budget,
        actor=actor,
        verb="budget.committed",
        note=f"Advance #{advance.pk} approved",
        data={
            "advance": advance.pk,
            "committed": str(total),
            "lines": sorted({lines[c].label for c in lines}),
            "over_budget": [line.label for line, _ in over],
        },
    )
    return {"budget": budget, "committed": total, "over": over}


def sync_advance_fulfilment(advance: Advance, *, actor: User | None) -> list[SpendingEntry]:
    """Inside record_fulfilment's transaction: the fulfilled share becomes actual cost."""
    budget = budget_for(workspace=advance.workspace, production=advance.production)
    if budget is None:
        return []
    rate = advance_rate(advance)
    if rate is None:  # a foreign-currency advance approved before its budget existed: nothing to move
        return []
    budget = lock_budget(budget)
    items = _items(advance)
    lines = {c: line_for_category(budget, c) for c in {advance_item_category(i) for i in items}}
    entries = post(
        SOURCE, desired_for_advance(advance, items, lines, rate), actor=actor, memo=f"Advance #{advance.pk} fulfilment"
    )
    if entries:
        moved = {"advance": advance.pk, "changes": [[e.line_id, e.kind, str(e.amount)] for e in entries]}
        record(budget, actor=actor, verb="budget.actualised", note=f"Advance #{advance.pk} fulfilment", data=moved)
    return entries


def release_advance(advance: Advance, *, actor: User | None) -> list[SpendingEntry]:
    """Inside reject_advance / cancel_advance: release what the advance holds, cancel its drafts."""
    item_ids = list(advance.items.values_list("pk", flat=True))
    held = current_amounts(SOURCE, item_ids)
    orders = list(
        PurchaseOrder.objects.select_for_update().filter(
            advance=advance, status__in=[PurchaseOrderStatus.DRAFT, PurchaseOrderStatus.PENDING_APPROVAL]
        )
    )
    entries = []
    if held:
        budget = budget_for(workspace=advance.workspace, production=advance.production)
        if budget is not None:
            lock_budget(budget)
        entries = post(SOURCE, {pk: {} for pk in held}, actor=actor, memo=f"Advance #{advance.pk} {advance.status}")
        if budget is not None:
            record(
                budget,
                actor=actor,
                verb="budget.released",
                note=f"Advance #{advance.pk} {advance.status}",
                data={"advance": advance.pk, "released": str(-sum((e.amount for e in entries), ZERO))},
            )
    for po in orders:
        from .procurement import cancel_for_advance

        cancel_for_advance(po, actor=actor, advance=advance)
    return entries


def route_after_commit(advance: Advance, *, actor: User | None) -> None:
    """Queue the vendor routing of an approved advance's lines to buy or hire (one draft order per
    vendor, services/routing.py) for after the approval's commit: an outbox row written in the
    approval's transaction, so it is neither lost nor able to refuse the approval."""
    if not advance.items.filter(procurement__in=PROCURED).exists():
        return
    from ..tasks import route_advance_purchasing

    route_advance_purchasing.delay_on_commit(advance.pk, actor.pk if actor is not None else None)


# --- the reviewer's preparation ------------------------------------------------------------------
def set_line_procurement(
    advance: Advance,
    *,
    actor: User,
    procurement: Mapping[Any, str | None] | None = None,
    exchange_rate: Number | None = None,
) -> Advance:
    """Before approval, a reviewer marks lines "to buy" / "to hire" and (for an advance in
    another currency) enters its exchange rate. `procurement` is {item id: "" | "buy" | "hire"}."""
    from advancing.models import REVIEW_PERMS, Advance, AdvanceItem, AdvanceStatus

    with transaction.atomic():
        advance = Advance.objects.select_for_update(of=("self",)).select_related("organization").get(pk=advance.pk)
        if not may_any(actor, REVIEW_PERMS, advance):
            raise PermissionDenied(_("Only the advance's reviewers prepare its purchasing."))
        if advance.status not in (AdvanceStatus.DRAFT, AdvanceStatus.SUBMITTED, AdvanceStatus.UNDER_REVIEW):
            raise FinanceInvalid(
                _("Purchasing can only be prepared before the advance is approved; this one is %(status)s.")
                % {"status": advance.get_status_display().lower()}
            )
        changed = []
        items = {i.pk: i for i in advance.items.all()}
        for key, value in (procurement or {}).items():
            item = items.get(int(key)) if str(key).isdigit() else None
            if item is None:
                raise FinanceInvalid(_("Item %(key)s is not a line of this advance.") % {"key": key})
            value = value or ""
            if value not in ("", *PROCURED):
                raise FinanceInvalid(_("Choose to buy, to hire, or from stock."))
            if item.procurement != value:
                item.procurement = value
                changed.append(item)
        AdvanceItem.objects.bulk_update(changed, ["procurement"])
        data: dict[str, Any] = {"lines": {str(i.pk): i.procurement for i in changed}}
        if exchange_rate not in (None, "") and advance.currency != advance.organization.currency:
            rate = parse_rate(exchange_rate)
            advance.metadata = {**(advance.metadata or {}), "exchange_rate": str(rate)}
            advance.save(update_fields=["metadata", "updated_at"])
            data["exchange_rate"] = str(rate)
        if changed or "exchange_rate" in data:
            record(advance, actor=actor, verb="advance.purchasing_prepared", data=data)
    return advance


# --- the advance events (the advancing service's transaction; `event.obj` is the locked advance) ---
# The events subscribed to below are advance.* ones: their obj is an Advance (DomainEvent says Model).
def on_advance_approved(event: DomainEvent) -> None:
    commit_approved_advance(cast("Advance", event.obj), actor=event.actor)


def on_advance_closed_unapproved(event: DomainEvent) -> None:
    release_advance(cast("Advance", event.obj), actor=event.actor)


def on_advance_fulfilment(event: DomainEvent) -> None:
    sync_advance_fulfilment(cast("Advance", event.obj), actor=event.actor)


def subscribe_to_advances() -> None:
    """Called once from FinanceConfig.ready(); subscribing again is a no-op."""
    subscribe("advance.approved", in_transaction=True)(on_advance_approved)
    for name in ("advance.rejected", "advance.cancelled"):
        subscribe(name, in_transaction=True)(on_advance_closed_unapproved)
    for name in ("advance.fulfilment_recorded", "advance.fulfilled"):
        subscribe(name, in_transaction=True)(on_advance_fulfilment)


__all__ = [
    "FALLBACK_CATEGORY",
    "Impact",
    "budget_impact",
    "commit_approved_advance",
    "release_advance",
    "set_line_procurement",
    "subscribe_to_advances",
    "sync_advance_fulfilment",
]
