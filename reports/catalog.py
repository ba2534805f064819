"""The report templates shipped with the product. Each opens to whoever holds its permission in the
workspace and reads its rows through `visible_to`: a builder spec over the allow-list
(reports/engine.py), or the module's own read-side figures (budgets, hours, utilization)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.tenancy.access import local_today

from .engine import Column, Result, run_spec
from .errors import ReportInvalid
from .registry import DATE, DATETIME, MONEY, NUMBER, SOURCES, TEXT

DEFAULT_PERIOD_DAYS = 30
ADVANCE_GROUPINGS = {
    "status": gettext_lazy("Status"),
    "team": gettext_lazy("Team"),
    "category": gettext_lazy("Catalog category"),
}
TREND_GROUPINGS = {
    "category": gettext_lazy("Catalog category"),
    "production": gettext_lazy("Production"),
    "team": gettext_lazy("Team"),
}
HOURS_GROUPINGS = {
    "person": gettext_lazy("Person"),
    "department": gettext_lazy("Department"),
    "production": gettext_lazy("Production"),
    "week": gettext_lazy("Week"),
}


@dataclass(frozen=True)
class ReportTemplate:
    key: str
    label: Any
    description: Any
    perm: str
    params: tuple[str, ...]  # of "start", "end", "by", "days"
    build: Callable[[Any, Any, dict[str, Any]], Result]
    groupings: dict[str, Any] | None = None
    period_days: int = DEFAULT_PERIOD_DAYS  # the period it opens on, up to today

    def run(self, user: Any, workspace: Any, params: dict[str, Any]) -> Result:
        return self.build(user, workspace, clean_params(self, workspace, params))

    def may_run(self, user: Any, workspace: Any) -> bool:
        return bool(user.has_perm(self.perm, workspace))


def _date(value: Any, default: datetime.date, refusal: str) -> datetime.date:
    if not value:
        return default
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ReportInvalid(refusal) from None


def clean_params(template: ReportTemplate, workspace: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The template's parameters, defaulted (the last 30 days, its first grouping) and checked."""
    today = local_today(workspace)
    clean: dict[str, Any] = {}
    if "start" in template.params:
        start = today - datetime.timedelta(days=template.period_days)
        clean["start"] = _date(params.get("start"), start, _("Give the start as a date (YYYY-MM-DD)."))
        clean["end"] = _date(params.get("end"), today, _("Give the end as a date (YYYY-MM-DD)."))
        if clean["end"] < clean["start"]:
            raise ReportInvalid(_("The period ends before it starts."))
        if (clean["end"] - clean["start"]).days > 366:
            raise ReportInvalid(_("Pick a period of at most a year."))
    if template.groupings:
        by = params.get("by") or next(iter(template.groupings))
        if by not in template.groupings:
            raise ReportInvalid(_("Pick a grouping from the list."))
        clean["by"] = by
    if "days" in template.params:
        try:
            clean["days"] = int(params.get("days") or 60)
        except (TypeError, ValueError):
            raise ReportInvalid(_("Give the number of days as a whole number.")) from None
        if not 0 <= clean["days"] <= 730:
            raise ReportInvalid(_("Look ahead between 0 and 730 days."))
    return clean


def _advances(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    title = _("Advances by %(grouping)s") % {"grouping": ADVANCE_GROUPINGS[params["by"]]}
    if params["by"] == "category":
        spec = {
            "group_by": ["catalog_item__category"],
            "aggregates": [{"fn": "count", "field": ""}, {"fn": "sum", "field": "total_cost"}],
        }
        return run_spec(user, workspace, SOURCES["advance_lines"], spec, title=title)
    group = "status" if params["by"] == "status" else "team_workspace"
    spec = {
        "group_by": [group, "currency"],
        "aggregates": [
            {"fn": "count", "field": ""},
            {"fn": "sum", "field": "estimated_cost"},
            {"fn": "sum", "field": "actual_cost"},
        ],
    }
    return run_spec(user, workspace, SOURCES["advances"], spec, title=title)


def _advancing_trends(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    from advancing.analytics import trends

    found = trends(user, workspace, start=params["start"], end=params["end"], by=params["by"])
    unnamed = {"category": _("Not from the catalog"), "production": _("No production"), "team": _("No team")}
    rows = [
        [
            r.month,
            r.group or unnamed[params["by"]],
            r.currency,
            r.advances,
            r.estimated,
            r.actual,
            r.rejected,
            r.turnaround_hours,
            r.lead_days,
        ]
        for r in found
    ]
    columns = [
        Column("month", _("Month"), DATE),
        Column("group", str(TREND_GROUPINGS[params["by"]]), TEXT),
        Column("currency", _("Currency"), TEXT),
        Column("advances", _("Advances"), NUMBER),
        Column("estimated", _("Estimated cost"), MONEY),
        Column("actual", _("Actual cost"), MONEY),
        Column("rejected", _("Rejected lines") if params["by"] == "category" else _("Rejected"), NUMBER),
        Column("turnaround", _("Turnaround (hours)"), NUMBER),
        Column("lead", _("Lead time (days)"), NUMBER),
    ]
    notes = [
        _("Turnaround: from submission to the decision. Lead time: from submission to fulfilment."),
        _("Each advance counts in the month it was submitted."),
    ]
    if params["by"] == "category":
        notes.append(_("Per category the costs are its lines', and an advance's times count once per line."))
    return Result(_("Advancing trends"), columns, rows, len(rows), notes=notes)


def _rejection_reasons(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    from advancing.analytics import rejection_reasons

    found = rejection_reasons(user, workspace, start=params["start"], end=params["end"])
    rows = [[r.reason or _("(no reason given)"), r.count, r.share, r.last_at] for r in found]
    columns = [
        Column("reason", _("Reviewer's reason"), TEXT),
        Column("count", _("Advances"), NUMBER),
        Column("share", _("Share (%)"), NUMBER),
        Column("last_at", _("Last rejected"), DATETIME),
    ]
    note = _("Reasons written alike (case and spaces aside) count together.")
    return Result(_("Why advances are rejected"), columns, rows, len(rows), notes=[note])


def _budget_vs_actual(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    from finance.selectors import budgets, with_glance

    rows = []
    for budget in with_glance(budgets(user).filter(workspace=workspace)):
        f = budget.figures  # type: ignore[attr-defined]  # set by with_glance
        production = budget.production.name if budget.production else _("Workspace costs")
        rows.append([production, budget.name, budget.currency, f.planned, f.committed, f.actual, f.remaining])
    columns = [
        Column("production", _("Production"), TEXT),
        Column("budget", _("Budget"), TEXT),
        Column("currency", _("Currency"), TEXT),
        Column("planned", _("Planned"), MONEY),
        Column("committed", _("Committed"), MONEY),
        Column("actual", _("Actual"), MONEY),
        Column("remaining", _("Remaining"), MONEY),
    ]
    return Result(_("Budget vs actual per production"), columns, rows, len(rows))


def _crew_hours(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    from people.selectors import get_personnel_hours

    report = get_personnel_hours(
        user=user, workspace=workspace, start=params["start"], end=params["end"], group_by=params["by"]
    )
    rows = [[r.label, r.entries, r.regular, r.overtime, r.total] for r in report.rows]
    columns = [
        Column("label", str(HOURS_GROUPINGS[params["by"]]), TEXT),
        Column("entries", _("Entries"), NUMBER),
        Column("regular", _("Regular hours"), NUMBER),
        Column("overtime", _("Overtime hours"), NUMBER),
        Column("total", _("Total hours"), NUMBER),
    ]
    note = _("Overtime: hours of a day beyond %(hours)s per person.") % {"hours": report.threshold}
    return Result(_("Crew hours and overtime"), columns, rows, len(rows), notes=[note])


def _asset_utilization(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    from assets.selectors import get_asset_utilization

    found = get_asset_utilization(user=user, workspace=workspace, start=params["start"], end=params["end"])
    rows = [[r.label, r.assets, r.booked_days, r.available_days, r.percent] for r in found]
    columns = [
        Column("category", _("Category"), TEXT),
        Column("assets", _("Assets"), NUMBER),
        Column("booked_days", _("Days booked"), NUMBER),
        Column("available_days", _("Days available"), NUMBER),
        Column("percent", _("Utilization (%)"), NUMBER),
    ]
    return Result(_("Asset utilization"), columns, rows, len(rows))


def _incident_log(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    spec = {
        "columns": ["occurred_at", "event__title", "title", "severity", "category", "status"],
        "filters": [
            {"field": "occurred_at", "op": "gte", "value": params["start"].isoformat()},
            {"field": "occurred_at", "op": "lte", "value": params["end"].isoformat()},
        ],
    }
    return run_spec(user, workspace, SOURCES["incidents"], spec, title=_("Incident log"))


def _certification_expiry(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    until = local_today(workspace) + datetime.timedelta(days=params["days"])
    spec = {
        "columns": ["expires_on", "person__first_name", "person__last_name", "kind", "name", "issuer"],
        "filters": [{"field": "expires_on", "op": "lte", "value": until.isoformat()}],
    }
    return run_spec(user, workspace, SOURCES["certifications"], spec, title=_("Certificates expiring"))


def _po_spend(user: Any, workspace: Any, params: dict[str, Any]) -> Result:
    spec = {
        "group_by": ["vendor__name", "currency"],
        "filters": [
            {"field": "status", "op": "ne", "value": "draft"},
            {"field": "status", "op": "ne", "value": "cancelled"},
            {"field": "created_at", "op": "gte", "value": params["start"].isoformat()},
            {"field": "created_at", "op": "lte", "value": params["end"].isoformat()},
        ],
        "aggregates": [{"fn": "count", "field": ""}, {"fn": "sum", "field": "total"}],
    }
    return run_spec(user, workspace, SOURCES["purchase_orders"], spec, title=_("Purchase order spend per vendor"))


TEMPLATES = {
    t.key: t
    for t in [
        ReportTemplate(
            "advances",
            gettext_lazy("Advances by status, category or team"),
            gettext_lazy("How many advances, and what they cost, grouped as you choose."),
            "advancing.view_advance",
            ("by",),
            _advances,
            groupings=ADVANCE_GROUPINGS,
        ),
        ReportTemplate(
            "advancing-trends",
            gettext_lazy("Advancing trends: cost, turnaround and lead time"),
            gettext_lazy(
                "Per month and catalog category, production or team: what was asked for, what it cost, how many"
                " were rejected, how long a decision and a delivery took."
            ),
            "advancing.view_advance",
            ("start", "end", "by"),
            _advancing_trends,
            groupings=TREND_GROUPINGS,
            period_days=365,
        ),
        ReportTemplate(
            "rejection-reasons",
            gettext_lazy("Why advances are rejected"),
            gettext_lazy("The reviewers' reasons for the advances rejected over a period, most frequent first."),
            "advancing.view_advance",
            ("start", "end"),
            _rejection_reasons,
            period_days=90,
        ),
        ReportTemplate(
            "budget-vs-actual",
            gettext_lazy("Budget vs actual per production"),
            gettext_lazy("Planned, committed and actual money of each budget, and what remains."),
            "finance.view_budget",
            (),
            _budget_vs_actual,
        ),
        ReportTemplate(
            "crew-hours",
            gettext_lazy("Crew hours and overtime"),
            gettext_lazy("Logged hours over a period, split into regular and overtime."),
            "people.view_timeentry",
            ("start", "end", "by"),
            _crew_hours,
            groupings=HOURS_GROUPINGS,
        ),
        ReportTemplate(
            "asset-utilization",
            gettext_lazy("Asset utilization"),
            gettext_lazy("Days booked against days available, per asset category."),
            "assets.view_asset",
            ("start", "end"),
            _asset_utilization,
        ),
        ReportTemplate(
            "incident-log",
            gettext_lazy("Incident log"),
            gettext_lazy("Every incident reported over a period, newest first."),
            "events.view_incident",
            ("start", "end"),
            _incident_log,
        ),
        ReportTemplate(
            "certification-expiry",
            gettext_lazy("Certification expiry"),
            gettext_lazy("Certificates expired or expiring within the coming days."),
            "people.view_certification",
            ("days",),
            _certification_expiry,
        ),
        ReportTemplate(
            "po-spend",
            gettext_lazy("Purchase order spend per vendor"),
            gettext_lazy("What was ordered from each vendor over a period (drafts and cancelled orders left out)."),
            "finance.view_purchaseorder",
            ("start", "end"),
            _po_spend,
        ),
    ]
}
