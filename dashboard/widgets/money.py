"""Widgets of money (finance roles only): budget burn and variance, spend by category."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.core.formatting import money
from dragonfly.tenancy.access import org_timezone
from finance.models import BudgetLine, SpendingEntry
from finance.money import ZERO, cents
from finance.services.spending import Figures, with_spending

from ..charts import bar_chart, line_chart
from ..models import WidgetSize
from ..registry import Widget, register
from ._common import today, ws_url


def _lines(user, workspace):
    """(category, planned, committed, actual) of every budget line here the user may see: one query."""
    return list(
        with_spending(BudgetLine.objects.visible_to(user).in_workspace(workspace)).values_list(
            "category", "planned_amount", "committed", "actual"
        )
    )


def _totals(lines) -> Figures:
    return Figures(
        sum((row[1] for row in lines), ZERO),
        sum((row[2] or ZERO for row in lines), ZERO),
        sum((row[3] or ZERO for row in lines), ZERO),
    )


def _plain(figures: Figures) -> dict[str, str | None]:
    return {k: (None if v is None else str(v)) for k, v in figures.as_dict().items() if k != "baseline"}


@register
class BudgetBurn(Widget):
    key = "budget_burn"
    title = gettext_lazy("Budget burn and variance")
    description = gettext_lazy("Planned, committed and actual money across this workspace's budgets.")
    perm = "finance.view_budget"
    template = "dashboard/widgets/budget.html"
    size = WidgetSize.WIDE
    DAYS = 30

    def figures(self, user, workspace):
        totals = _totals(_lines(user, workspace))
        return {"currency": workspace.organization.currency, **_plain(totals)}

    def _remaining_by_day(self, user, workspace, planned: Decimal):
        """What remains of the planned money at the end of each of the last DAYS days."""
        last = today(workspace)
        first = last - datetime.timedelta(days=self.DAYS - 1)
        zone = org_timezone(workspace)
        entries = SpendingEntry.objects.visible_to(user).in_workspace(workspace).order_by()
        start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
        before = entries.filter(created_at__lt=start).aggregate(total=Sum("amount"))["total"] or ZERO
        per_day: defaultdict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
        rows = (
            entries.filter(created_at__gte=start)
            .annotate(day=TruncDate("created_at", tzinfo=zone))
            .values("day")
            .annotate(total=Sum("amount"))
        )
        for row in rows:
            per_day[row["day"]] += Decimal(row["total"] or 0)
        spent, series = cents(Decimal(before)), []
        for i in range(self.DAYS):
            day = first + datetime.timedelta(days=i)
            spent += cents(per_day[day])
            series.append((day, planned - spent))
        return series

    def context(self, user, workspace):
        totals = _totals(_lines(user, workspace))
        currency = workspace.organization.currency
        series = [
            (date_format(day, "j M"), left, money(left, currency))
            for day, left in self._remaining_by_day(user, workspace, totals.planned)
        ]
        chart = line_chart(
            self.key,
            _("Burn-down"),
            _("What remains of %(planned)s planned, day by day over the last %(days)s days: %(left)s today.")
            % {
                "planned": money(totals.planned, currency),
                "days": self.DAYS,
                "left": money(totals.remaining, currency),
            },
            series,
            (_("Day"), _("Remaining")),
            reference=totals.planned,
        )
        return {
            "figures": self.figures(user, workspace),
            "totals": totals,
            "currency": currency,
            "chart": chart,
            "url": ws_url("finance:budgets", workspace),
        }


@register
class SpendByCategory(Widget):
    key = "spend_by_category"
    title = gettext_lazy("Spend by category")
    description = gettext_lazy("Committed and actual money per budget category, largest first.")
    perm = "finance.view_budget"
    template = "dashboard/widgets/chart.html"
    LIMIT = 8

    def figures(self, user, workspace):
        spent: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
        for category, _planned, committed, actual in _lines(user, workspace):
            spent[category] += cents(Decimal(committed or 0) + Decimal(actual or 0))
        ranked = sorted(((c, v) for c, v in spent.items() if v), key=lambda cv: (-cv[1], cv[0]))
        return {
            "currency": workspace.organization.currency,
            "categories": [{"category": c, "spent": str(v)} for c, v in ranked],
        }

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        currency = figures["currency"]
        rows = figures["categories"][: self.LIMIT]
        series = [(r["category"], Decimal(r["spent"]), money(r["spent"], currency)) for r in rows]
        chart = bar_chart(
            self.key,
            str(self.title),
            _("Committed and actual money in %(currency)s for the %(count)s categories that spent most.")
            % {"currency": currency, "count": len(rows)},
            series,
            (_("Category"), _("Spent")),
        )
        return {"figures": figures, "chart": chart, "url": ws_url("finance:budgets", workspace)}
