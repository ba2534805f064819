"""Committed and actual money on budget lines, and the figures read from it.

Every source of spending — an advance line, a purchase order, an expense, a payable
invoice — knows what it should carry right now (`desired_*` below). `post` compares that
with what the ledger (SpendingEntry) holds for it and writes the difference, so a service
can call it after any change, twice, in any order, and the ledger ends up right:

- an approved advance line commits its approved cost; fulfilment moves the fulfilled share
  from committed to actual (its actual cost); a rejected or cancelled advance carries nothing;
- an approved purchase order commits its lines that no advance already committed, less what
  its invoices have turned into actual cost; closing or cancelling it releases the rest;
- an approved expense is actual cost; a payable invoice's payments are actual cost (lines
  that settle an advance's purchase order are left out: the advance carries that money).

Totals are sums the database computes (`line_figures`), so a budget with 50,000 entries
costs the same queries as one with 50.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypedDict, overload

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dragonfly.core.events import publish

from ..models import (
    Budget,
    BudgetLine,
    LineState,
    SpendingEntry,
    SpendingKind,
    SpendingSource,
)
from ..models.budgets import FALLBACK_CATEGORY
from ..models.expenses import EXPENSE_ACTUAL_STATUSES
from ..models.invoices import InvoiceDirection, InvoiceStatus
from ..models.procurement import COMMITTING_PO_STATUSES
from ..models.settings import ALERT_PERCENTAGES
from ..money import HUNDRED, ONE, ZERO, cents, percent, to_base
from ._common import actor_or_none

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations

    from advancing.models import Advance, AdvanceItem
    from dragonfly.tenancy.models import Workspace
    from productions.models import Production

    from ..models import Expense, Invoice, PurchaseOrder


class Spending(TypedDict):
    """What with_spending() annotates on each budget line."""

    committed: Decimal
    actual: Decimal


# What a source of spending carries: {(budget line id, kind): amount}, per source id; and
# one difference `post` writes: (source id, line id, kind, delta).
LineAmounts = dict[tuple[int, str], Decimal]
Desired = dict[int, LineAmounts]
Change = tuple[int, int, str, Decimal]

COMMITTED, ACTUAL = SpendingKind.COMMITTED, SpendingKind.ACTUAL
MONEY = DecimalField(max_digits=16, decimal_places=2)


# --- which budget, which line ------------------------------------------------------------------
def budget_for(*, workspace: Workspace, production: Production | None = None) -> Budget | None:
    """The budget money of a production lands in: the production's, else the workspace's own."""
    if production is not None:
        found = Budget.objects.filter(production=production).first()
        if found is not None:
            return found
    return Budget.objects.filter(workspace=workspace, production__isnull=True).first()


def lock_budget(budget: Budget) -> Budget:
    """Serialise every movement of money on one budget (two approvals at once wait here)."""
    return Budget.objects.select_for_update().get(pk=budget.pk)


@overload
def line_for_category(budget: Budget, category: str | None, *, create: Literal[True] = True) -> BudgetLine: ...
@overload
def line_for_category(budget: Budget, category: str | None, *, create: bool) -> BudgetLine | None: ...
def line_for_category(budget: Budget, category: str | None, *, create: bool = True) -> BudgetLine | None:
    """The budget's line for `category`; a missing one is added with nothing planned, so the
    spending shows as over budget instead of disappearing. Call with the budget locked."""
    category = category or FALLBACK_CATEGORY
    line = BudgetLine.objects.filter(budget=budget, category=category).first()
    if line is None and create:
        position = (
            BudgetLine.objects.filter(budget=budget).order_by("-position").values_list("position", flat=True).first()
            or 0
        ) + 1
        line = BudgetLine.objects.create(
            budget=budget, category=category, name=f"{category} (unbudgeted)", position=position
        )
    return line


# --- the ledger ------------------------------------------------------------------------------
def current_amounts(source: str, source_ids: Iterable[int]) -> dict[int, LineAmounts]:
    """{source_id: {(line_id, kind): amount}} as the ledger holds it now (one query)."""
    held: defaultdict[int, LineAmounts] = defaultdict(dict)
    rows = (
        SpendingEntry.objects.filter(source=source, source_id__in=list(source_ids))
        .values("source_id", "line_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        held[row["source_id"]][(row["line_id"], row["kind"])] = cents(row["total"])
    return held


def deltas(source: str, desired: Desired) -> list[Change]:
    """What `post` would write: [(source_id, line_id, kind, delta)] (nothing is written)."""
    held = current_amounts(source, desired)
    changes = []
    for source_id, wanted in desired.items():
        have = held.get(source_id, {})
        for line_id, kind in sorted(set(have) | set(wanted), key=str):
            delta = cents(wanted.get((line_id, kind), ZERO) - have.get((line_id, kind), ZERO))
            if delta:
                changes.append((source_id, line_id, kind, delta))
    return changes


def post(
    source: str, desired: Desired, *, actor: User | None = None, memo: str = "", changes: list[Change] | None = None
) -> list[SpendingEntry]:
    """Bring each source in `desired` ({source_id: {(line_id, kind): amount}}) to those amounts
    by writing the differences. Call inside the service's transaction. Returns the entries."""
    changes = deltas(source, desired) if changes is None else changes
    entries = [
        SpendingEntry(
            line_id=line_id,
            kind=kind,
            amount=delta,
            source=source,
            source_id=source_id,
            memo=memo[:200],
            created_by=actor_or_none(actor),
        )
        for source_id, line_id, kind, delta in changes
    ]
    SpendingEntry.objects.bulk_create(entries)
    if entries:
        announce({e.line_id for e in entries}, actor=actor)
    return entries


def announce(line_ids: Iterable[int], *, actor: User | None = None) -> None:
    """Publish `budget.spending_changed` for each budget whose lines moved (the alerts subscribe)."""
    by_budget: defaultdict[Budget, list[int]] = defaultdict(list)
    for line in BudgetLine.objects.filter(pk__in=line_ids).select_related("budget"):
        by_budget[line.budget].append(line.pk)
    for budget, ids in by_budget.items():
        publish(
            "budget.spending_changed", budget, actor=actor, workspace=budget.workspace_id, data={"lines": sorted(ids)}
        )


# --- what each source should carry -------------------------------------------------------------
def allocate(total: Decimal, weights: Iterable[Decimal]) -> list[Decimal]:
    """Split `total` over `weights` in proportion, to the cent, the rounding left on the largest."""
    weights = list(weights)
    whole = sum(weights, ZERO)
    if not weights:
        return []
    if whole == 0:
        return [cents(total)] + [ZERO] * (len(weights) - 1)
    shares = [cents(Decimal(total) * w / whole) for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    shares[largest] += cents(total) - sum(shares, ZERO)
    return shares


def advance_rate(advance: Advance) -> Decimal | None:
    """The rate of an advance in another currency: entered on the budget check before approval."""
    if advance.currency == advance.organization.currency:
        return ONE
    raw = (advance.metadata or {}).get("exchange_rate")
    return Decimal(str(raw)) if raw else None


def advance_item_category(item: AdvanceItem) -> str:
    # catalog_item_id set means catalog_item is a row: the checker does not link the two.
    return item.catalog_item.category if item.catalog_item_id else FALLBACK_CATEGORY  # type: ignore[union-attr]


def advance_item_amounts(
    advance: Advance, items: Sequence[AdvanceItem], *, live: bool | None = None
) -> dict[int, tuple[str, Decimal, Decimal]]:
    """{item id: (category, committed, actual)} in the advance's currency.

    An approved line commits its share of the approved cost (the reviewer's figure, spread
    over the lines in proportion); fulfilment turns the fulfilled share into its actual cost.
    `live=True` answers "as if approved now" (the reviewer's preview)."""
    from advancing.models import AdvanceStatus, FulfilmentStatus

    if live is None:
        live = advance.status in (AdvanceStatus.APPROVED, AdvanceStatus.IN_PROGRESS, AdvanceStatus.FULFILLED)
    approved = [cents(i.quantity_to_fulfil * i.unit_cost) for i in items]
    cap = advance.approved_cost if advance.approved_cost is not None else sum(approved, ZERO)
    result = {}
    for item, share in zip(items, allocate(cap, approved), strict=True):
        if not live:
            result[item.pk] = (advance_item_category(item), ZERO, ZERO)
            continue
        target = item.quantity_to_fulfil
        done = item.fulfilment_status == FulfilmentStatus.COMPLETE or item.quantity_fulfilled >= target
        open_share = ZERO if done or not target else share * (target - item.quantity_fulfilled) / target
        result[item.pk] = (advance_item_category(item), open_share, item.actual_cost or ZERO)
    return result


def desired_for_advance(
    advance: Advance,
    items: Sequence[AdvanceItem],
    lines_by_category: Mapping[str, BudgetLine | None],
    rate: Decimal,
    *,
    live: bool | None = None,
) -> Desired:
    """{item id: {(line id, kind): amount}} for the advance's lines as they stand now."""
    desired: Desired = {}
    for item_id, (category, committed, actual) in advance_item_amounts(advance, items, live=live).items():
        line = lines_by_category.get(category)
        wanted: LineAmounts = {}
        if line is not None:
            committed, actual = to_base(committed, rate), to_base(actual, rate)
            if committed:
                wanted[(line.pk, COMMITTED)] = committed
            if actual:
                wanted[(line.pk, ACTUAL)] = actual
        desired[item_id] = wanted
    return desired


def desired_for_purchase_order(po: PurchaseOrder) -> Desired:
    """An approved order commits its own lines (not those an advance committed), less what its
    invoices already turned into actual cost."""
    if po.budget_line_id is None or po.status not in COMMITTING_PO_STATUSES:
        return {po.pk: {}}
    own = cents(po.lines.filter(advance_item__isnull=True).aggregate(s=Sum("amount"))["s"] or ZERO)
    invoiced = cents(
        SpendingEntry.objects.filter(
            source=SpendingSource.INVOICE, kind=ACTUAL, source_id__in=po.invoices.values("pk")
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    open_amount = max(to_base(own, po.exchange_rate) - invoiced, ZERO)
    return {po.pk: {(po.budget_line_id, COMMITTED): open_amount} if open_amount else {}}


def desired_for_expense(expense: Expense) -> Desired:
    if expense.budget_line_id is None or expense.status not in EXPENSE_ACTUAL_STATUSES:
        return {expense.pk: {}}
    return {expense.pk: {(expense.budget_line_id, ACTUAL): expense.base_amount} if expense.base_amount else {}}


def desired_for_invoice(invoice: Invoice) -> Desired:
    """A payable invoice's payments, in the organization's currency, on its budget line."""
    payable = invoice.direction == InvoiceDirection.PAYABLE and invoice.status != InvoiceStatus.VOID
    if not payable or invoice.budget_line_id is None or not invoice.total or not invoice.amount_paid:
        return {invoice.pk: {}}
    own = cents(
        invoice.lines.filter(
            Q(purchase_order_line__isnull=True) | Q(purchase_order_line__advance_item__isnull=True)
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    share = own if invoice.amount_paid >= invoice.total else own * invoice.amount_paid / invoice.total
    actual = to_base(share, invoice.exchange_rate)
    return {invoice.pk: {(invoice.budget_line_id, ACTUAL): actual} if actual else {}}


def lines_going_over(changes: Iterable[Change]) -> list[tuple[BudgetLine, Decimal]]:
    """[(line with .figures, amount added)] for lines this change takes past their plan."""
    added: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for _source_id, line_id, _kind, delta in changes:
        added[line_id] += delta
    ids = [pk for pk, value in added.items() if value > 0]
    if not ids:
        return []
    over: list[tuple[BudgetLine, Decimal]] = []
    for line in with_spending(BudgetLine.objects.filter(pk__in=ids).order_by("pk")):
        # .figures is read by the refusal messages and pages; not a field, so the checker does not know it.
        line.figures = figures = Figures(line.planned_amount, line.committed, line.actual)  # type: ignore[attr-defined]
        if figures.spent + added[line.pk] > line.planned_amount:
            over.append((line, added[line.pk]))
    return over


# --- reading the figures --------------------------------------------------------------------------
def _sum_of(kind):
    entries = (
        SpendingEntry.objects.filter(line=OuterRef("pk"), kind=kind).order_by().values("line").annotate(s=Sum("amount"))
    )
    return Coalesce(Subquery(entries.values("s"), output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_spending(lines: QuerySet[BudgetLine]) -> QuerySet[WithAnnotations[BudgetLine, Spending]]:
    """Budget lines annotated with `committed` and `actual`: two correlated sums the database
    answers from the (line, kind) index, one query whatever the number of entries."""
    return lines.annotate(committed=_sum_of(COMMITTED), actual=_sum_of(ACTUAL))


def state_for(spent: Decimal, planned: Decimal) -> LineState:
    if planned <= 0:
        return LineState.RED if spent > 0 else LineState.OK
    used = spent * HUNDRED / planned
    if used >= ALERT_PERCENTAGES[1]:
        return LineState.RED
    if used >= ALERT_PERCENTAGES[0]:
        return LineState.AMBER
    return LineState.OK


@dataclass
class Figures:
    """Planned, committed and actual money of a line or a whole budget, and what follows."""

    planned: Decimal
    committed: Decimal
    actual: Decimal
    baseline: Decimal | None = None

    def __post_init__(self):
        # SQLite sums decimals as floats: bring every figure back to the cent.
        self.planned, self.committed, self.actual = cents(self.planned), cents(self.committed), cents(self.actual)

    @property
    def spent(self) -> Decimal:
        return self.committed + self.actual

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def variance(self) -> Decimal:
        """Positive: over budget by this much (committed + actual − planned)."""
        return self.spent - self.planned

    @property
    def variance_percent(self) -> Decimal | None:
        return percent(self.variance, self.planned)

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent, self.planned)

    @property
    def state(self) -> LineState:
        return state_for(self.spent, self.planned)

    def as_dict(self) -> dict[str, Any]:
        return {
            "planned": self.planned,
            "baseline": self.baseline,
            "committed": self.committed,
            "actual": self.actual,
            "spent": self.spent,
            "remaining": self.remaining,
            "variance": self.variance,
            "variance_percent": self.variance_percent,
            "used_percent": self.used_percent,
            "state": str(self.state),
        }


def line_figures(budget: Budget) -> list[WithAnnotations[BudgetLine, Spending]]:
    """The budget's lines, each with `.figures`, in one query."""
    rows = BudgetLine.objects.filter(budget=budget).select_related("owner")
    lines = list(with_spending(rows).order_by("position", "id"))
    for line in lines:
        # .figures is read by the pages, exports and the API; not a field, so the checker does not know it.
        figures = Figures(line.planned_amount, line.committed, line.actual, line.baseline_amount)
        line.figures = figures  # type: ignore[attr-defined]
        line.committed, line.actual = figures.committed, figures.actual
    return lines


def get_budget_variance(target: Budget | Production) -> dict[str, Any]:
    """Variance per line and in total for a Budget or a Production (the platform spec's function).

    `variance` is committed + actual − planned (positive: over budget); `variance_percent` is
    that share of the planned amount — None when there is no budget or nothing is planned."""
    budget = target if isinstance(target, Budget) else Budget.objects.filter(production=target).first()
    if budget is None:
        return {"budget": None, "currency": None, "lines": [], "totals": None, "variance_percent": None}
    lines = line_figures(budget)
    baselines = [line.baseline_amount for line in lines if line.baseline_amount is not None]
    totals = Figures(
        sum((line.planned_amount for line in lines), ZERO),
        sum((line.committed for line in lines), ZERO),
        sum((line.actual for line in lines), ZERO),
        sum(baselines, ZERO) if budget.is_baselined else None,
    )
    return {
        "budget": budget,
        "currency": budget.currency,
        "lines": lines,
        "totals": totals,
        **{k: v for k, v in totals.as_dict().items()},
    }


def get_production_financials(production: Production, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Budget, committed, actual, remaining and the forecast at completion from the burn rate.

    Burn rate: actual cost per day since the production started (or since the budget was made).
    Forecast at completion: what is already committed and spent, or — if spending at that rate
    until the production's end date comes to more — that."""
    from ..models import Invoice

    today = today or timezone.localdate()
    variance = get_budget_variance(production)
    budget, totals = variance["budget"], variance["totals"]
    receivable = (
        Invoice.objects.filter(production=production, direction=InvoiceDirection.RECEIVABLE)
        .exclude(status__in=[InvoiceStatus.VOID, InvoiceStatus.DRAFT])
        .aggregate(invoiced=Sum("total"), received=Sum("amount_paid"))
    )
    result = {
        "production": production,
        "budget": budget,
        "currency": variance["currency"] or production.workspace.organization.currency,
        "lines": variance["lines"],
        "revenue_invoiced": cents(receivable["invoiced"] or ZERO),
        "revenue_received": cents(receivable["received"] or ZERO),
    }
    if budget is None:
        return {
            **result,
            "planned": ZERO,
            "committed": ZERO,
            "actual": ZERO,
            "remaining": ZERO,
            "forecast_at_completion": ZERO,
            "burn_rate": ZERO,
            "forecast_variance": ZERO,
            "state": "ok",
        }
    start = production.start_date or timezone.localdate(budget.created_at)
    end = production.end_date
    elapsed = (today - start).days + 1
    burn = cents(totals.actual / elapsed) if elapsed > 0 else ZERO
    forecast = totals.spent
    if end is not None and elapsed > 0 and today <= end:
        forecast = max(forecast, cents(totals.actual + burn * (end - today).days))
    return {
        **result,
        "planned": totals.planned,
        "baseline": totals.baseline,
        "committed": totals.committed,
        "actual": totals.actual,
        "remaining": totals.remaining,
        "burn_rate": burn,
        "days_elapsed": max(elapsed, 0),
        "days_left": max((end - today).days, 0) if end else None,
        "forecast_at_completion": forecast,
        "forecast_variance": forecast - totals.planned,
        "state": str(state_for(forecast, totals.planned)),
        "variance_percent": totals.variance_percent,
    }


def lines_over(line_ids: Iterable[int]) -> list[tuple[BudgetLine, Decimal, Decimal]]:
    """[(line, spent, planned)] for alerting: the lines with their sums (one query)."""
    lines = with_spending(
        BudgetLine.objects.filter(pk__in=line_ids).select_related(
            "budget", "budget__workspace", "budget__owner", "owner"
        )
    )
    return [(line, cents(line.committed + line.actual), line.planned_amount) for line in lines]


def crossed(spent: Decimal, planned: Decimal) -> list[int]:
    """The alert percentages a line has reached (100 % for any spending on a line with nothing planned)."""
    if planned <= 0:
        return list(ALERT_PERCENTAGES) if spent > 0 else []
    return [p for p in ALERT_PERCENTAGES if spent * HUNDRED >= planned * p]
