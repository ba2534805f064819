"""Advancing analytics, read side: cost and lead-time trends per catalog category, production or team,
approval turnaround, and why advances are rejected. Every figure is read through `visible_to`, in a
fixed number of grouped queries whatever the number of advances; reports (reports/catalog.py) and the
dashboard (dashboard/widgets/work.py) show them.

Definitions (the pages say them too):
- *turnaround*: submitted → decided (approved or rejected), for the advances decided;
- *lead time*: submitted → fulfilled, for the advances fulfilled;
- an advance belongs to the month it was submitted in (the organization's calendar).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Lower, Trim, TruncMonth

from dragonfly.tenancy.access import org_timezone

from .models import Advance, AdvanceItem, AdvanceStatus

GROUPINGS = ("category", "production", "team")
DECIDED = (AdvanceStatus.APPROVED, AdvanceStatus.IN_PROGRESS, AdvanceStatus.FULFILLED, AdvanceStatus.REJECTED)


@dataclass(frozen=True)
class TrendRow:
    month: datetime.date
    group: str
    currency: str
    advances: int
    estimated: Decimal
    actual: Decimal | None
    rejected: int  # advances (per category: lines) rejected
    turnaround_hours: float | None
    lead_days: float | None


@dataclass(frozen=True)
class Reason:
    reason: str  # the reviewers' note, in one of the ways it was written (blank: none given)
    count: int
    share: float  # of the rejections in the period, in %
    last_at: datetime.datetime


@dataclass(frozen=True)
class Glance:
    """The dashboard's figures over the last `days` and the `days` before them."""

    submitted: int
    turnaround_hours: float | None
    lead_days: float | None
    rejection_rate: float | None  # % of the decided ones
    before_turnaround_hours: float | None
    before_rejection_rate: float | None


def _span(start_field: str, end_field: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())


def _hours(value: Any) -> float | None:
    """An average duration as hours: PostgreSQL answers a timedelta, SQLite microseconds."""
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else float(value) / 1_000_000
    return round(seconds / 3600, 1)


def _days(value: Any) -> float | None:
    hours = _hours(value)
    return None if hours is None else round(hours / 24, 1)


def submitted_between(user: Any, workspace: Any, start: datetime.date, end: datetime.date) -> Any:
    """The advances `user` may see in `workspace` submitted from `start` to `end` (organization's days)."""
    zone = org_timezone(workspace)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return (
        Advance.objects.visible_to(user).in_workspace(workspace).filter(submitted_at__gte=since, submitted_at__lt=until)
    )


def trends(user: Any, workspace: Any, *, start: datetime.date, end: datetime.date, by: str) -> list[TrendRow]:
    """Per month and group (`by`: category, production or team) and currency: what was asked for and
    what it cost, how many were rejected, the average turnaround and lead time. One query."""
    if by not in GROUPINGS:
        raise ValueError(f"Group by one of {GROUPINGS}")
    zone = org_timezone(workspace)
    advances = submitted_between(user, workspace, start, end)
    if by == "category":
        # Lines of those advances, per catalog category; the durations are their advance's (so an advance
        # with three lines of a category weighs three times in that category's average).
        rows = (
            AdvanceItem.objects.filter(advance__in=advances.values("pk"))
            .annotate(
                month=TruncMonth("advance__submitted_at", tzinfo=zone),
                group=Coalesce("catalog_item__category", Value("")),
                currency=F("advance__currency"),
            )
            .values("month", "group", "currency")
            .annotate(
                advances=Count("advance", distinct=True),
                estimated=Sum("total_cost"),
                actual=Sum("actual_cost"),
                rejected=Count("pk", filter=Q(advance__status=AdvanceStatus.REJECTED)),
                turnaround=Avg(
                    _span("advance__submitted_at", "advance__reviewed_at"), filter=Q(advance__status__in=DECIDED)
                ),
                lead=Avg(
                    _span("advance__submitted_at", "advance__fulfilled_at"),
                    filter=Q(advance__fulfilled_at__isnull=False),
                ),
            )
        )
    else:
        field = "production__name" if by == "production" else "team_workspace"
        rows = (
            advances.annotate(
                month=TruncMonth("submitted_at", tzinfo=zone), group=Coalesce(field, Value("")), cur=F("currency")
            )
            .values("month", "group", "cur")
            .annotate(
                advances=Count("pk"),
                estimated=Sum("estimated_cost"),
                actual=Sum("actual_cost"),
                rejected=Count("pk", filter=Q(status=AdvanceStatus.REJECTED)),
                turnaround=Avg(_span("submitted_at", "reviewed_at"), filter=Q(status__in=DECIDED)),
                lead=Avg(_span("submitted_at", "fulfilled_at"), filter=Q(fulfilled_at__isnull=False)),
            )
        )
    found = [
        TrendRow(
            month=_month(row["month"]),
            group=row["group"] or "",
            currency=str(row.get("currency") or row.get("cur") or ""),
            advances=row["advances"],
            estimated=row["estimated"] or Decimal("0"),
            actual=row["actual"],
            rejected=row["rejected"],
            turnaround_hours=_hours(row["turnaround"]),
            lead_days=_days(row["lead"]),
        )
        for row in rows.order_by()
    ]
    return sorted(found, key=lambda r: (r.month, r.group.lower(), r.currency))


def _month(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def rejection_reasons(user: Any, workspace: Any, *, start: datetime.date, end: datetime.date) -> list[Reason]:
    """The reviewers' notes on the advances rejected in the period, alike ones counted together (case
    and spaces aside), most frequent first. One query."""
    rejected = submitted_between(user, workspace, start, end).filter(status=AdvanceStatus.REJECTED)
    rows = list(
        rejected.annotate(key=Lower(Trim("reviewer_notes")))
        .values("key")
        .annotate(count=Count("pk"), last_at=Max("reviewed_at"), said=Max("reviewer_notes"))
        .order_by("-count", "key")
    )
    total = sum(row["count"] for row in rows)
    return [
        Reason(
            reason=(row["said"] or "").strip(),
            count=row["count"],
            share=round(100 * row["count"] / total, 1) if total else 0.0,
            last_at=row["last_at"],
        )
        for row in rows
    ]


def glance(user: Any, workspace: Any, *, today: datetime.date, days: int = 30) -> Glance:
    """The last `days` against the `days` before: one query."""
    start, before = today - datetime.timedelta(days=days - 1), today - datetime.timedelta(days=2 * days - 1)
    zone = org_timezone(workspace)
    split = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    now, then = Q(submitted_at__gte=split), Q(submitted_at__lt=split)
    decided, rejected = Q(status__in=DECIDED), Q(status=AdvanceStatus.REJECTED)
    figures = submitted_between(user, workspace, before, today).aggregate(
        submitted=Count("pk", filter=now),
        decided=Count("pk", filter=now & decided),
        rejected=Count("pk", filter=now & rejected),
        turnaround=Avg(_span("submitted_at", "reviewed_at"), filter=now & decided),
        lead=Avg(_span("submitted_at", "fulfilled_at"), filter=now & Q(fulfilled_at__isnull=False)),
        decided_before=Count("pk", filter=then & decided),
        rejected_before=Count("pk", filter=then & rejected),
        turnaround_before=Avg(_span("submitted_at", "reviewed_at"), filter=then & decided),
    )

    def rate(rejected: int, decided: int) -> float | None:
        return round(100 * rejected / decided, 1) if decided else None

    return Glance(
        submitted=figures["submitted"],
        turnaround_hours=_hours(figures["turnaround"]),
        lead_days=_days(figures["lead"]),
        rejection_rate=rate(figures["rejected"], figures["decided"]),
        before_turnaround_hours=_hours(figures["turnaround_before"]),
        before_rejection_rate=rate(figures["rejected_before"], figures["decided_before"]),
    )
