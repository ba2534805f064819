"""The calendar pages' arithmetic: which days a view covers, and which events fall on each day.

Days are the events' own local days (a 19:00 show in Berlin is on its Berlin date, whatever
the reader's timezone). The database is asked for one bounded range of starts, widened by a
day on each side so every timezone's local day is covered, then events are bucketed here.
"""

import calendar as stdcal
import datetime
from dataclasses import dataclass, field

from .models import MAX_EVENT_DURATION
from .recurrence import place

VIEWS = ("month", "week", "day", "agenda")
AGENDA_DAYS = 31
MAX_PER_CELL = 3


@dataclass
class Day:
    date: datetime.date
    in_month: bool = True
    is_today: bool = False
    events: list = field(default_factory=list)

    @property
    def more(self):
        return max(len(self.events) - MAX_PER_CELL, 0)

    @property
    def shown(self):
        return self.events[:MAX_PER_CELL]


def parse_date(text, default):
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return default


def span(view, anchor):
    """The first and last day (inclusive) a view shows around `anchor`."""
    if view == "month":
        first = anchor.replace(day=1)
        last = first.replace(day=stdcal.monthrange(first.year, first.month)[1])
        return first - datetime.timedelta(days=first.weekday()), last + datetime.timedelta(days=6 - last.weekday())
    if view == "week":
        first = anchor - datetime.timedelta(days=anchor.weekday())
        return first, first + datetime.timedelta(days=6)
    if view == "day":
        return anchor, anchor
    return anchor, anchor + datetime.timedelta(days=AGENDA_DAYS - 1)


def step(view, anchor, direction):
    """The anchor of the previous (-1) or next (+1) page of a view."""
    if view == "month":
        month = anchor.month - 1 + direction
        year = anchor.year + month // 12
        return datetime.date(year, month % 12 + 1, 1)
    days = {"week": 7, "day": 1}.get(view, AGENDA_DAYS)
    return anchor + datetime.timedelta(days=days * direction)


def query_range(first, last, tz):
    """Instants to ask the database for: the span in `tz`, a day wider on each side."""
    start = place(datetime.datetime.combine(first - datetime.timedelta(days=1), datetime.time.min), tz)
    end = place(datetime.datetime.combine(last + datetime.timedelta(days=2), datetime.time.min), tz)
    return start, end


def in_range(queryset, start, end):
    """Events overlapping [start, end): a bounded range over starts_at (see MAX_EVENT_DURATION)."""
    return queryset.filter(starts_at__lt=end, ends_at__gt=start, starts_at__gt=start - MAX_EVENT_DURATION)


def local_days(event):
    """Every local day the event covers (an event ending at midnight does not cover the next day)."""
    start, end = event.local_start, event.local_end
    last = end.date() if end.time() != datetime.time.min else end.date() - datetime.timedelta(days=1)
    last = max(last, start.date())
    day = start.date()
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def bucket(events, first, last, *, month=None, today=None):
    """Days from first to last with the events that fall on each."""
    days = {}
    current = first
    while current <= last:
        days[current] = Day(current, in_month=month is None or current.month == month, is_today=current == today)
        current += datetime.timedelta(days=1)
    for event in events:
        for day in local_days(event):
            if day in days:
                days[day].events.append(event)
    return list(days.values())


def weeks(days):
    return [days[i : i + 7] for i in range(0, len(days), 7)]
