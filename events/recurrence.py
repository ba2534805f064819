"""Repeating events: RFC 5545 RRULEs expanded with python-dateutil in the event's own timezone.

The rule runs on local wall-clock times (a weekly 19:00 show stays at 19:00 across daylight
saving changes) and each occurrence is then placed in the timezone with zoneinfo. A local
time that does not exist (the hour skipped in spring) moves forward by the gap; an
ambiguous one (the hour repeated in autumn) takes its first instance.
"""

import datetime
import re

from dateutil.rrule import DAILY, rrulestr
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .errors import EventInvalid

MAX_OCCURRENCES = 366
FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
WEEKDAYS = [
    ("MO", gettext_lazy("Mon")),
    ("TU", gettext_lazy("Tue")),
    ("WE", gettext_lazy("Wed")),
    ("TH", gettext_lazy("Thu")),
    ("FR", gettext_lazy("Fri")),
    ("SA", gettext_lazy("Sat")),
    ("SU", gettext_lazy("Sun")),
]
_UNTIL = re.compile(r"UNTIL=(\d{8})(?:T(\d{6}))?(Z?)", re.IGNORECASE)


def build_rule(frequency, *, interval=1, weekdays=(), until=None, count=None):
    """An RRULE from the form's choices: build_rule("weekly", weekdays=["MO"], count=10)."""
    if frequency not in FREQUENCIES:
        raise EventInvalid(_("Pick how often it repeats: daily, weekly or monthly."))
    parts = [f"FREQ={FREQUENCIES[frequency]}"]
    if interval and int(interval) > 1:
        parts.append(f"INTERVAL={int(interval)}")
    days = [d for d, _ in WEEKDAYS if d in set(weekdays or ())]
    if days and frequency == "weekly":
        parts.append("BYDAY=" + ",".join(days))
    if count:
        parts.append(f"COUNT={int(count)}")
    elif until:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    return ";".join(parts)


def normalize_rule(text, tz):
    """A checked RRULE (without the "RRULE:" prefix) whose UNTIL is local wall-clock time."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or "\n" in text or len(text) > 500:
        raise EventInvalid(_("Give the repeat rule as one RRULE line, such as FREQ=WEEKLY;BYDAY=MO;COUNT=10."))

    def local_until(match):
        day, clock, utc = match.group(1), match.group(2) or "235959", match.group(3)
        value = datetime.datetime.strptime(day + clock, "%Y%m%d%H%M%S")
        if utc:
            value = value.replace(tzinfo=datetime.UTC).astimezone(tz).replace(tzinfo=None)
        return f"UNTIL={value:%Y%m%dT%H%M%S}"

    text = _UNTIL.sub(local_until, text.upper())
    try:
        rule = rrulestr(text, dtstart=datetime.datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise EventInvalid(_("The repeat rule is not valid RFC 5545: %(exc)s.") % {"exc": exc}) from None
    if rule._count is None and rule._until is None:
        raise EventInvalid(_("Say when it stops repeating: an end date or a number of times."))
    if rule._count is not None and rule._count > MAX_OCCURRENCES:
        raise EventInvalid(_("A series has at most %(limit)s occurrences.") % {"limit": MAX_OCCURRENCES})
    if rule._freq > DAILY:
        raise EventInvalid(_("Events repeat at most once a day."))
    return text


def place(naive, tz):
    """A local wall-clock time as an aware datetime in `tz` (skipped times move forward)."""
    aware = naive.replace(tzinfo=tz, fold=0)
    return aware.astimezone(datetime.UTC).astimezone(tz)


def expand(rule, *, first_start, tz, excluded_dates=(), limit=MAX_OCCURRENCES):
    """The occurrences' starts, aware, in order. `first_start` is the aware DTSTART."""
    local = first_start.astimezone(tz).replace(tzinfo=None)
    skip = set(excluded_dates)
    starts = []
    for n, naive in enumerate(rrulestr(rule, dtstart=local)):
        if n >= limit:
            raise EventInvalid(_("The rule gives more than %(limit)s occurrences; end it sooner.") % {"limit": limit})
        if naive.date().isoformat() in skip:
            continue
        starts.append(place(naive, tz))
    return starts


def local_end(start, duration, tz):
    """The end of an occurrence at the same wall-clock distance from its start (19:00–23:00 stays so)."""
    naive = start.astimezone(tz).replace(tzinfo=None) + duration
    return place(naive, tz)


def with_until(rule, until_local):
    """The rule stopped just before `until_local` (naive local time): for "this and following"."""
    parts = [p for p in rule.split(";") if not p.upper().startswith(("UNTIL=", "COUNT="))]
    parts.append(f"UNTIL={until_local:%Y%m%dT%H%M%S}")
    return ";".join(parts)


def describe(rule):
    """ "Weekly on Mon, Wed · 10 times" — the rule as people read it."""
    fields = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    interval = int(fields.get("INTERVAL", "1") or 1)
    # Whole phrases per frequency: languages inflect "every 2 weeks" differently from "every week".
    phrases = {
        "DAILY": ngettext("Every day", "Every %(count)s days", interval),
        "WEEKLY": ngettext("Every week", "Every %(count)s weeks", interval),
        "MONTHLY": ngettext("Every month", "Every %(count)s months", interval),
        "YEARLY": ngettext("Every year", "Every %(count)s years", interval),
    }
    freq = fields.get("FREQ", "")
    text = phrases[freq] % {"count": interval} if freq in phrases else freq.lower()
    if "BYDAY" in fields:
        names = dict(WEEKDAYS)
        days = ", ".join(str(names.get(d[-2:], d)) for d in fields["BYDAY"].split(","))
        text += _(" on %(days)s") % {"days": days}
    if "COUNT" in fields:
        count = int(fields["COUNT"])
        text += ngettext(" · %(count)s time", " · %(count)s times", count) % {"count": count}
    elif "UNTIL" in fields:
        until = datetime.datetime.strptime(fields["UNTIL"][:8], "%Y%m%d").date()
        text += _(" · until %(date)s") % {"date": formats.date_format(until, "j M Y")}
    return text


def rule_fields(rule):
    """The form's fields from a stored rule (for editing a series)."""
    fields = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    reverse = {v: k for k, v in FREQUENCIES.items()}
    until = None
    if "UNTIL" in fields:
        until = datetime.datetime.strptime(fields["UNTIL"][:8], "%Y%m%d").date()
    return {
        "repeat": reverse.get(fields.get("FREQ"), ""),
        "interval": int(fields.get("INTERVAL", "1") or 1),
        "weekdays": [d[-2:] for d in fields.get("BYDAY", "").split(",") if d],
        "count": int(fields["COUNT"]) if "COUNT" in fields else None,
        "until": until,
    }
