"""Fatigue rules: long shifts, short rests, too many days in a row.

Pure functions over shifts, so the assignment service (warning on a new shift) and the
crew schedule (flagging every shift on the grid) read the same rules and cost no queries.
Edges: a shift of exactly the maximum is fine, so is a rest of exactly the minimum. Days are
counted in the organization's time zone (dragonfly.tenancy.access.org_timezone).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from .models import WorkRules


@dataclass(frozen=True)
class Shift:
    key: object  # an assignment pk, or "new" for the one being made
    start: datetime.datetime
    end: datetime.datetime

    @property
    def hours(self) -> Decimal:
        return Decimal((self.end - self.start).total_seconds()) / Decimal(3600)


# The long-shift warning, named so a caller can tell it apart from the others in any language.
LONG_SHIFT = gettext_lazy("Shift of %(hours)s is longer than %(limit)s.")


def is_long_shift(text: str) -> bool:
    """Whether a warning is the long-shift one: it starts as the (translated) template does."""
    return text.startswith(str(LONG_SHIFT).split("%(", 1)[0])


def fmt_hours(value: Decimal | float) -> str:
    """Hours as people say them: 12 → "12 h", 9.9833 → "9 h 59 min"."""
    minutes = int((Decimal(value) * 60).to_integral_value(rounding="ROUND_FLOOR"))
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def fatigue_warnings(
    shifts: Iterable[Shift], rules: WorkRules, zone: datetime.tzinfo | None = None
) -> dict[object, list[str]]:
    """{shift key: [warning, ...]} for every shift that breaks a rule (keys without warnings are absent)."""
    zone = zone or datetime.UTC
    shifts = sorted(shifts, key=lambda s: (s.start, s.end))
    warnings: dict[object, list[str]] = {}

    def warn(shift: Shift, text: str) -> None:
        warnings.setdefault(shift.key, [])
        if text not in warnings[shift.key]:
            warnings[shift.key].append(text)

    max_shift = Decimal(rules.max_shift_hours)
    min_rest = Decimal(rules.min_rest_hours)
    for shift in shifts:
        if shift.hours > max_shift:
            warn(shift, LONG_SHIFT % {"hours": fmt_hours(shift.hours), "limit": fmt_hours(max_shift)})
    for before, after in zip(shifts, shifts[1:], strict=False):
        rest = Decimal((after.start - before.end).total_seconds()) / Decimal(3600)
        if Decimal(0) <= rest < min_rest:
            text = _("Only %(rest)s rest between shifts (minimum %(minimum)s).") % {
                "rest": fmt_hours(rest),
                "minimum": fmt_hours(min_rest),
            }
            warn(before, text)
            warn(after, text)
    for run in _runs_of_days(shifts, zone):
        if len(run) > rules.max_consecutive_days:
            text = _("%(count)s days in a row (more than %(limit)s).") % {
                "count": len(run),
                "limit": rules.max_consecutive_days,
            }
            days = set(run)
            for shift in shifts:
                if shift.start.astimezone(zone).date() in days:
                    warn(shift, text)
    return warnings


def _runs_of_days(shifts, zone):
    days = sorted({s.start.astimezone(zone).date() for s in shifts})
    runs, current = [], []
    for day in days:
        if current and day - current[-1] == datetime.timedelta(days=1):
            current.append(day)
        else:
            if current:
                runs.append(current)
            current = [day]
    if current:
        runs.append(current)
    return runs


# How far around a new shift the service looks for neighbours that matter to the rules.
def context_window(
    start: datetime.datetime, end: datetime.datetime, rules: WorkRules
) -> tuple[datetime.datetime, datetime.datetime]:
    days = max(int(rules.max_consecutive_days), 1) + 1
    return start - datetime.timedelta(days=days), end + datetime.timedelta(days=days)
