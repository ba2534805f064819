"""The evening before: each person called on a production's day hears that its day sheet is ready.

The beat runs hourly, as the 09:00 digest does (events/reminders.py): an organization is served in
the hour its local clock reads 18, about its local tomorrow. A day's events are those starting on
that date in their own (venue) zone, as the sheet has them. One notification per person and day
(its dedupe key), so a second run tells nobody twice; written in each recipient's language.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import venue_time
from dragonfly.tenancy.models import Membership
from events.models import CrewCall, EventStatus
from events.reminders import organizations_due

from .selectors import day_window, local_day

if TYPE_CHECKING:
    from dragonfly.tenancy.models import Organization

EVENING_HOUR = 18
KIND = "daysheet.ready"


def dedupe_key(organization: Organization, day: datetime.date) -> str:
    return f"{KIND}:{organization.pk}:{day.isoformat()}"


def calls_on(organization: Organization, day: datetime.date) -> dict[Any, list[CrewCall]]:
    """The crew calls of `day` (the events' local date) in the organization, by person: active
    members only, events of a production (a sheet is a production's day) not cancelled."""
    low, high = day_window(day)
    calls = (
        CrewCall.objects.filter(
            event__workspace__organization=organization,
            event__production__isnull=False,
            event__starts_at__gte=low,
            event__starts_at__lt=high,
            user__is_active=True,
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event", "event__production", "event__location", "event__workspace", "user")
        .order_by("call_time", "id")
    )
    members = set(
        Membership.objects.active().filter(organization=organization).values_list("user_id", flat=True).distinct()
    )
    people: dict[Any, list[CrewCall]] = defaultdict(list)
    for call in calls:
        if local_day(call.event) == day and call.user_id in members:
            people[call.user].append(call)
    return people


def send_daysheets(organization: Organization, day: datetime.date) -> list[Any]:
    """Tell everyone called on `day` that its sheet is ready; returns the notifications."""
    sent = []
    for person, calls in calls_on(organization, day).items():
        sheets = list(dict.fromkeys(c.event.production_id for c in calls))
        url = (
            reverse("daysheets:sheet", args=[sheets[0], day.isoformat()])
            if len(sheets) == 1
            else reverse("daysheets:list")
        )
        sent += notify(
            [person],
            kind=KIND,
            title=_title(day),
            body=_body(calls),
            url=url,
            workspace=calls[0].event.workspace,
            trigger=KIND,
            action="evening",
            dedupe_key=dedupe_key(organization, day),
        )
    return sent


def _title(day: datetime.date):
    return lambda: _("Your day sheet for tomorrow, %(day)s") % {"day": formats.date_format(day, "D j M")}


def _body(calls: list[CrewCall]):
    def body() -> str:
        lines = []
        for call in calls:
            event = call.event
            lines.append(
                _("• %(production)s — %(title)s: call %(call)s%(where)s")
                % {
                    "production": event.production.name if event.production else "",
                    "title": event.title,
                    "call": venue_time(call.call_time, event, "H:i"),
                    "where": _(" at %(venue)s") % {"venue": event.location} if event.location_id else "",
                }
            )
        return "\n".join(lines)

    return body


def send_evening_daysheets(now: datetime.datetime | None = None) -> list[Any]:
    """The hourly beat's work: tomorrow's sheets for the organizations where it is now 18:00."""
    now = now or timezone.now()
    sent = []
    for organization, today in organizations_due(now, hour=EVENING_HOUR):
        sent += send_daysheets(organization, today + datetime.timedelta(days=1))
    return sent
