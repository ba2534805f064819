"""Widgets of the work in hand: my advances, the review queue, advances per day, my tasks and
milestones, production health."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from advancing.models import REVIEW_PERMS, Advance, AdvanceStatus, Priority, priority_q
from advancing.selectors import reviewable
from dragonfly.core.formatting import money
from dragonfly.tenancy.access import may_any, org_timezone
from productions.models import OPEN_TASK_STATUSES, Milestone, Production, Task

from ..charts import column_chart
from ..models import WidgetSize
from ..registry import Widget, register
from ._common import WEEK, counted, today, with_query, ws_url

STATUS_LABELS = dict(AdvanceStatus.choices)


@register
class MyAdvances(Widget):
    key = "my_advances"
    title = gettext_lazy("My advances")
    description = gettext_lazy("The advances you submitted here, by status.")
    perm = "advancing.submit_advance"
    template = "dashboard/widgets/counts.html"

    def figures(self, user, workspace):
        rows = (
            Advance.objects.visible_to(user)
            .in_workspace(workspace)
            .filter(submitter=user)
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
        )
        by_status = counted(
            rows, "status", STATUS_LABELS, lambda s: ws_url("advancing:workspace_home", workspace, status=s)
        )
        return {"total": sum(row["count"] for row in by_status), "by_status": by_status}

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        return {
            "figures": figures,
            "rows": figures["by_status"],
            "url": ws_url("advancing:workspace_home", workspace),
            "empty": _("You have not submitted an advance here yet."),
        }


@register
class ReviewQueue(Widget):
    key = "review_queue"
    title = gettext_lazy("Review queue")
    description = gettext_lazy("Advances waiting for review, by status, with their cost and priority.")
    perm = "advancing.review_advance"
    template = "dashboard/widgets/review_queue.html"
    size = WidgetSize.WIDE

    def available_to(self, user, workspace):
        return may_any(user, REVIEW_PERMS, workspace)

    def figures(self, user, workspace):
        queue = reviewable(user).filter(workspace=workspace).in_review_queue().order_by()
        priorities = {p.value: Count("pk", filter=priority_q(p.value)) for p in Priority}
        rows = queue.values("status", "currency").annotate(n=Count("pk"), cost=Sum("estimated_cost"), **priorities)
        queue_url = reverse("advancing:review_queue")
        statuses = []
        for row in sorted(rows, key=lambda r: (r["status"] != AdvanceStatus.SUBMITTED, r["currency"])):
            status = row["status"]
            statuses.append(
                {
                    "key": status,
                    "label": str(STATUS_LABELS[status]),
                    "currency": row["currency"],
                    "count": row["n"],
                    "cost": str(Decimal(row["cost"] or 0).quantize(Decimal("0.01"))),
                    "cost_display": money(row["cost"] or 0, row["currency"]),
                    "url": with_query(queue_url, workspace=workspace.pk, status=status),
                    "priorities": [
                        {
                            "key": p.value,
                            "label": str(p.label),
                            "count": row[p.value],
                            "url": with_query(queue_url, workspace=workspace.pk, status=status, priority=p.value),
                        }
                        for p in Priority
                    ],
                }
            )
        return {"waiting": sum(s["count"] for s in statuses), "by_status": statuses}

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        return {"figures": figures, "url": with_query(reverse("advancing:review_queue"), workspace=workspace.pk)}


@register
class AdvancesPerDay(Widget):
    key = "advances_per_day"
    title = gettext_lazy("Advances per day")
    description = gettext_lazy("Advances submitted here each day over the last two weeks.")
    perm = "advancing.view_advance"
    template = "dashboard/widgets/chart.html"
    size = WidgetSize.WIDE
    DAYS = 14

    def figures(self, user, workspace):
        last = today(workspace)
        first = last - datetime.timedelta(days=self.DAYS - 1)
        zone = org_timezone(workspace)
        rows = (
            Advance.objects.visible_to(user)
            .in_workspace(workspace)
            .filter(submitted_at__date__gte=first - datetime.timedelta(days=1))
            .annotate(day=TruncDate("submitted_at", tzinfo=zone))
            .order_by()
            .values("day")
            .annotate(n=Count("pk"))
        )
        per_day = {row["day"]: row["n"] for row in rows}
        days = [first + datetime.timedelta(days=i) for i in range(self.DAYS)]
        return {"from": first.isoformat(), "days": [{"day": d.isoformat(), "count": per_day.get(d, 0)} for d in days]}

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        total = sum(d["count"] for d in figures["days"])
        series = [
            (date_format(datetime.date.fromisoformat(d["day"]), "j M"), d["count"], str(d["count"]))
            for d in figures["days"]
        ]
        chart = column_chart(
            self.key,
            str(self.title),
            ngettext(
                "%(total)s advance submitted in the last %(days)s days.",
                "%(total)s advances submitted in the last %(days)s days.",
                total,
            )
            % {"total": total, "days": self.DAYS},
            series,
            (_("Day"), _("Advances")),
        )
        reviewer = may_any(user, REVIEW_PERMS, workspace)
        url = (
            with_query(reverse("advancing:review_queue"), workspace=workspace.pk, submitted_after=figures["from"])
            if reviewer
            else ws_url("advancing:workspace_home", workspace, submitted_after=figures["from"])
        )
        return {"figures": figures, "chart": chart, "url": url}


@register
class MyWork(Widget):
    key = "my_work"
    title = gettext_lazy("My tasks and milestones")
    description = gettext_lazy("Your open tasks and milestones here, soonest first.")
    perm = "productions.view_task"
    template = "dashboard/widgets/my_work.html"
    LIMIT = 5

    def _tasks(self, user, workspace):
        tasks = Task.objects.visible_to(user).in_workspace(workspace)
        return tasks.filter(assignee=user, status__in=OPEN_TASK_STATUSES)

    def _milestones(self, user, workspace):
        return Milestone.objects.visible_to(user).in_workspace(workspace).filter(owner=user, done_at__isnull=True)

    def figures(self, user, workspace):
        day = today(workspace)
        tasks = self._tasks(user, workspace).aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=day)),
            due_this_week=Count("pk", filter=Q(due_date__gte=day, due_date__lt=day + WEEK)),
        )
        milestones = self._milestones(user, workspace).aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=day))
        )
        return {"tasks": tasks, "milestones": milestones}

    def context(self, user, workspace):
        nulls_last = ("due_date", "id")
        return {
            "figures": self.figures(user, workspace),
            "today": today(workspace),
            "tasks": self._tasks(user, workspace).select_related("production").order_by(*nulls_last)[: self.LIMIT],
            "milestones": self._milestones(user, workspace)
            .select_related("production")
            .order_by(*nulls_last)[: self.LIMIT],
            "url": reverse("productions:my_tasks"),
        }


@register
class ProductionHealth(Widget):
    key = "production_health"
    title = gettext_lazy("Production health")
    description = gettext_lazy("Open productions by health score; the weakest first.")
    perm = "productions.view_production"
    template = "dashboard/widgets/production_health.html"
    LIMIT = 5
    BANDS = {
        "good": (gettext_lazy("Good (80+)"), Q(health_score__gte=80)),
        "fair": (gettext_lazy("Fair (60–79)"), Q(health_score__gte=60, health_score__lt=80)),
        "poor": (gettext_lazy("Poor (below 60)"), Q(health_score__lt=60)),
    }

    def _open(self, user, workspace):
        return Production.objects.visible_to(user).in_workspace(workspace).open()

    def figures(self, user, workspace):
        counts = self._open(user, workspace).aggregate(
            open=Count("pk"), **{band: Count("pk", filter=q) for band, (_label, q) in self.BANDS.items()}
        )
        bands = [
            {
                "key": band,
                "label": str(label),
                "count": counts[band],
                "url": ws_url("productions:workspace_home", workspace, health=band),
            }
            for band, (label, _q) in self.BANDS.items()
        ]
        return {"open": counts["open"], "bands": bands}

    def context(self, user, workspace):
        weakest = self._open(user, workspace).filter(health_score__isnull=False).order_by("health_score", "id")
        return {
            "figures": self.figures(user, workspace),
            "weakest": weakest[: self.LIMIT],
            "url": ws_url("productions:workspace_home", workspace),
        }


@register
class AdvancingTrends(Widget):
    """Advancing analytics at a glance (advancing/analytics.py); the trends report holds the detail."""

    key = "advancing_trends"
    title = gettext_lazy("Advancing trends")
    description = gettext_lazy(
        "The last 30 days against the 30 before: turnaround of decisions, lead time to delivery, rejections."
    )
    perm = "advancing.view_advance"
    template = "dashboard/widgets/trends.html"
    default = False
    DAYS = 30

    def figures(self, user, workspace):
        from advancing.analytics import glance

        g = glance(user, workspace, today=today(workspace), days=self.DAYS)
        return {
            "days": self.DAYS,
            "submitted": g.submitted,
            "turnaround_hours": g.turnaround_hours,
            "turnaround_hours_before": g.before_turnaround_hours,
            "lead_days": g.lead_days,
            "rejection_rate": g.rejection_rate,
            "rejection_rate_before": g.before_rejection_rate,
        }

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        report = reverse("reports:template", args=[workspace.organization.slug, workspace.slug, "advancing-trends"])
        reasons = reverse("reports:template", args=[workspace.organization.slug, workspace.slug, "rejection-reasons"])
        return {"figures": figures, "url": report, "reasons_url": reasons}
