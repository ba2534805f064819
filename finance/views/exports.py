"""CSV exports: budget vs actual of one budget, and the (filtered) expenses of a workspace.
Permission-checked like the pages; cells that a spreadsheet would run as formulas are neutralized."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dragonfly.core.csv_export import stream_csv
from dragonfly.core.workspace_views import require_module

from .. import selectors, services
from ..filters import ExpenseFilter
from ._common import get_budget

BUDGET_HEADER = [
    "category",
    "line",
    "owner",
    "baseline",
    "planned",
    "committed",
    "actual",
    "spent",
    "remaining",
    "variance",
    "variance_percent",
    "state",
    "currency",
]


def export_budget(request, pk):
    budget = get_budget(request, pk)
    variance = services.get_budget_variance(budget)

    def rows():
        for line in variance["lines"]:
            f = line.figures
            yield [
                line.category,
                line.label,
                line.owner.get_username() if line.owner else "",
                line.baseline_amount if line.baseline_amount is not None else "",
                f.planned,
                f.committed,
                f.actual,
                f.spent,
                f.remaining,
                f.variance,
                f.variance_percent if f.variance_percent is not None else "",
                f.state.label,
                budget.currency,
            ]
        t = variance["totals"]
        yield [
            "TOTAL",
            budget.name,
            "",
            t.baseline if t.baseline is not None else "",
            t.planned,
            t.committed,
            t.actual,
            t.spent,
            t.remaining,
            t.variance,
            t.variance_percent if t.variance_percent is not None else "",
            t.state.label,
            budget.currency,
        ]

    return stream_csv(f"budget-{budget.pk}-vs-actual.csv", BUDGET_HEADER, rows())


EXPENSE_HEADER = [
    "id",
    "date",
    "status",
    "spent_by",
    "description",
    "paid_to",
    "category",
    "production",
    "budget_line",
    "amount",
    "tax",
    "currency",
    "exchange_rate",
    "amount_in_org_currency",
    "receipt",
]


def export_expenses(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_expense", workspace):
        raise PermissionDenied(_("Your role does not show expenses."))
    data = request.GET.copy()
    data.pop("workspace", None)
    filterset = ExpenseFilter(
        data, queryset=selectors.expenses(request.user).filter(workspace=workspace), request=request
    )
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def lines():
        for e in rows.iterator(chunk_size=500):
            yield [
                e.pk,
                e.spent_on.isoformat(),
                e.get_status_display(),
                e.spent_by.get_username(),
                e.description,
                e.merchant_name,
                e.category,
                e.production.name if e.production_id else "",
                e.budget_line.label if e.budget_line_id else "",
                e.amount,
                e.tax,
                e.currency,
                e.exchange_rate,
                e.base_amount,
                "yes" if e.receipt_id else "no",
            ]

    return stream_csv(f"expenses-{workspace.slug}.csv", EXPENSE_HEADER, lines())
