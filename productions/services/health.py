"""The production health score and summary (the platform spec's calculate_production_health and
get_production_summary).

The score starts at 100 and each factor takes points off, capped so one bad area cannot
hide the others. Every factor is kept with its count and reason, so a page can say why a
production stands at 62 rather than just that it does. Productions scores what it owns
(milestones, tasks, compliance); other modules add their factors (finance: budget variance)
and their summary sections (events: next events; advancing: advances) through
productions.extensions.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..extensions import Factor, health_factors, registered_factor_words, summary_sections
from ..models import (
    ComplianceItem,
    ComplianceStatus,
    Production,
    TaskPriority,
    TaskStatus,
)
from ..selectors import local_today

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# (points per item, most points the factor can take)
WEIGHTS = {
    "overdue_milestones": (10, 30),
    "overdue_tasks": (3, 25),
    "overdue_urgent_tasks": (5, 15),
    "blocked_tasks": (2, 10),
    "compliance_gaps": (8, 30),
}


@dataclass
class HealthReport:
    score: int | None  # None: a completed or cancelled production is not scored
    factors: list[Factor]

    def as_json(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.factors]


def _penalty(key: str, count: int) -> int:
    per_item, cap = WEIGHTS[key]
    return -min(per_item * count, cap)


def _factor(key: str, count: int, **facts: Any) -> Factor:
    label, detail = factor_words(key, count, facts)
    return Factor(key, label, count, _penalty(key, count), detail, facts)


def factor_words(key: str, count: int, facts: dict[str, Any]) -> tuple[str, str]:
    """(label, detail) of one of productions' own factors, in the active language; the page words a
    stored factor again with this (factor_text), the stored English serves the API."""
    if key == "overdue_milestones":
        detail = (
            ngettext("%(n)s milestone past its due date", "%(n)s milestones past their due date", count) % {"n": count}
            if count
            else _("All milestones on time")
        )
        return _("Overdue milestones"), detail
    if key == "overdue_tasks":
        urgent = facts.get("urgent", 0)
        if not count:
            detail = _("No overdue tasks")
        elif urgent:
            detail = ngettext(
                "%(n)s open task past its due date (%(urgent)s of them high priority)",
                "%(n)s open tasks past their due date (%(urgent)s of them high priority)",
                count,
            ) % {"n": count, "urgent": urgent}
        else:
            detail = ngettext("%(n)s open task past its due date", "%(n)s open tasks past their due date", count) % {
                "n": count
            }
        return _("Overdue tasks"), detail
    if key == "overdue_urgent_tasks":
        detail = (
            ngettext(
                "%(n)s of the overdue tasks is urgent or high priority",
                "%(n)s of the overdue tasks are urgent or high priority",
                count,
            )
            % {"n": count}
            if count
            else _("No urgent task overdue")
        )
        return _("Overdue high-priority tasks"), detail
    if key == "blocked_tasks":
        detail = (
            ngettext("%(n)s task blocked", "%(n)s tasks blocked", count) % {"n": count}
            if count
            else _("Nothing blocked")
        )
        return _("Blocked tasks"), detail
    if key == "compliance_gaps":
        if not count:
            return _("Compliance gaps"), _("No compliance gaps")
        expired = facts.get("expired", 0)
        if expired:
            detail = ngettext(
                "%(n)s item missing or expired (%(expired)s expired)",
                "%(n)s items missing or expired (%(expired)s expired)",
                count,
            ) % {"n": count, "expired": expired}
        else:
            detail = ngettext("%(n)s item missing or expired", "%(n)s items missing or expired", count) % {"n": count}
        titles = ", ".join(facts.get("titles", [])) + ("…" if facts.get("more") else "")
        return _("Compliance gaps"), f"{detail}: {titles}"
    raise KeyError(key)


def factor_text(factor: dict[str, Any]) -> dict[str, Any]:
    """A stored factor with its label and detail in the reader's language: productions' own factors,
    and another module's when it registered its `words`; otherwise it reads as it was stored."""
    key, count = factor.get("key", ""), factor.get("count", 0)
    if "facts" not in factor:  # stored before factors kept their facts
        return factor
    if key in WEIGHTS:
        label, detail = factor_words(key, count, factor["facts"])
    elif (words := registered_factor_words(key)) is not None:
        label, detail = words(count, factor["facts"])
    else:
        return factor
    return {**factor, "label": label, "detail": detail}


def calculate_production_health(production: Production, *, today: datetime.date | None = None) -> HealthReport:
    """Score 0–100 from overdue milestones and tasks, compliance gaps and the factors of other
    modules (budget variance)."""
    if production.is_closed:
        # Nothing is late in a finished (or cancelled) show: a score would only be noise.
        return HealthReport(score=None, factors=[])
    today = today or local_today(production.workspace)
    factors = []

    overdue_milestones = production.milestones.overdue(today).count()
    factors.append(_factor("overdue_milestones", overdue_milestones))

    # Every overdue task counts here (TaskQuerySet.overdue, as the lists mark them); the
    # high-priority ones among them take extra points on the next line.
    overdue = production.tasks.overdue(today).aggregate(
        all=Count("pk"), urgent=Count("pk", filter=Q(priority__in=[TaskPriority.URGENT, TaskPriority.HIGH]))
    )
    late, urgent = overdue["all"], overdue["urgent"]
    factors.append(_factor("overdue_tasks", late, urgent=urgent))
    factors.append(_factor("overdue_urgent_tasks", urgent))
    blocked = production.tasks.filter(status=TaskStatus.BLOCKED).count()
    factors.append(_factor("blocked_tasks", blocked))

    items = list(
        ComplianceItem.objects.filter(production=production).only("status", "required_by", "expires_on", "title")
    )
    gaps = [i for i in items if i.is_gap(today)]
    expired = sum(1 for i in gaps if i.status == ComplianceStatus.EXPIRED)
    titles = [i.title for i in gaps[:3]]
    factors.append(_factor("compliance_gaps", len(gaps), expired=expired, titles=titles, more=len(gaps) > 3))

    factors += [compute(production, today) for compute in health_factors()]
    score = max(0, min(100, 100 + sum(f.points for f in factors)))
    return HealthReport(score=score, factors=factors)


def refresh_production_health(production_id: int, *, today: datetime.date | None = None) -> HealthReport | None:
    """Recalculate and store one production's score; safe to run twice (it writes the same thing)."""
    with transaction.atomic():
        production = (
            Production.objects.select_for_update(of=("self",))
            .select_related("workspace__organization")
            .filter(pk=production_id)
            .first()
        )
        if production is None:
            return None
        report = calculate_production_health(production, today=today)
        production.health_score = report.score
        production.health_factors = report.as_json()
        production.health_updated_at = timezone.now()
        # update(), not save(): a health refresh is not an edit and must not touch updated_at.
        Production.objects.filter(pk=production.pk).update(
            health_score=report.score, health_factors=report.as_json(), health_updated_at=production.health_updated_at
        )
    return report


# --- summary --------------------------------------------------------------------------------------
def _count_by_status(model: Any, production: Production, user: User) -> dict[str, int]:
    """{status: rows} of the production's `model` rows the user may see, in one grouped query."""
    rows = model.objects.visible_to(user).filter(production=production).order_by().values_list("status")
    return dict(rows.annotate(n=Count("pk")))


def get_production_summary(production: Production, *, user: User) -> dict[str, Any]:
    """What the overview shows: tasks by status, compliance by status, milestones due, and the
    sections of other modules (next events, advances by status with their totals), each under
    its name. Everything read through visible_to(user)."""
    from ..models import Milestone, Task

    today = local_today(production.workspace)
    tasks = _count_by_status(Task, production, user)
    task_counts = [(s, tasks.get(s.value, 0)) for s in TaskStatus]
    sections = {section.name: section.rows(production, user) for section in summary_sections()}
    compliance = _count_by_status(ComplianceItem, production, user)
    milestones = Milestone.objects.visible_to(user).filter(production=production, done_at__isnull=True)
    return {
        "tasks": task_counts,
        "tasks_total": sum(tasks.values()),
        **sections,
        "compliance": [(s, compliance[s.value]) for s in ComplianceStatus if compliance.get(s.value)],
        "milestones_open": milestones.count(),
        "milestones_overdue": milestones.overdue(today).count(),
        "next_milestone": milestones.filter(due_date__gte=today).order_by("due_date").first(),
    }
