"""Grant deadline reminders, sent by the events module's 09:00 run (events.reminders.register_daily,
hooked in ResourcesConfig.ready()).

On the morning 14, 7 and 1 days before a grant's deadline (in its organization's time zone) its owner
and the applicants of its open applications (draft or submitted) hear once that the deadline is near:
one notification each, keyed by grant and day, so a second run that morning sends nothing again."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragonfly.notifications.services import notify
from dragonfly.tenancy.models import Membership

from .models import OPEN_APPLICATION_STATUSES, Grant, GrantApplication

if TYPE_CHECKING:
    from dragonfly.tenancy.models import Organization

REMINDER_DAYS = (14, 7, 1)
DEADLINE_KIND = "resources.grant_deadline"


def deadline_key(grant: Grant, today: datetime.date) -> str:
    return f"resources:grant:{grant.pk}:deadline:{today.isoformat()}"


def send_grant_reminders(organization: Organization, today: datetime.date) -> list[Any]:
    """The deadline reminders of `organization`'s grants for its local `today`; returns the notifications."""
    days = [today + datetime.timedelta(days=n) for n in REMINDER_DAYS]
    grants = list(
        Grant.objects.filter(workspace__organization=organization, deadline__in=days)
        .select_related("workspace")
        .order_by("deadline", "pk")
    )
    if not grants:
        return []
    people: dict[int, set[int]] = {grant.pk: {grant.owner_id} if grant.owner_id else set() for grant in grants}
    applicants = GrantApplication.objects.filter(
        grant__in=grants, status__in=OPEN_APPLICATION_STATUSES, applicant__isnull=False
    ).values_list("grant_id", "applicant_id")
    for grant_id, user_id in applicants:
        people[grant_id].add(user_id)
    members = set(
        Membership.objects.active()
        .filter(organization=organization, user_id__in={pk for ids in people.values() for pk in ids})
        .values_list("user_id", flat=True)
    )
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=members, is_active=True)}
    sent: list[Any] = []
    for grant in grants:
        readers = [
            users[pk]
            for pk in sorted(people[grant.pk])
            if pk in users and Grant.objects.visible_to(users[pk]).filter(pk=grant.pk).exists()
        ]
        if readers:
            sent += _remind(grant, readers, today)
    return sent


def _remind(grant: Grant, readers: list[Any], today: datetime.date) -> list[Any]:
    left = (grant.deadline - today).days

    def title() -> str:
        if left == 1:
            return _("“%(title)s”: the deadline is tomorrow") % {"title": grant.title}
        return ngettext(
            "“%(title)s”: the deadline is in %(days)s day",
            "“%(title)s”: the deadline is in %(days)s days",
            left,
        ) % {"title": grant.title, "days": left}

    def body() -> str:
        return _("%(funder)s, deadline %(deadline)s.") % {
            "funder": grant.funder,
            "deadline": formats.date_format(grant.deadline, "DATE_FORMAT"),
        }

    return notify(
        readers,
        kind=DEADLINE_KIND,
        title=title,
        body=body,
        url=grant.get_absolute_url(),
        workspace=grant.workspace,
        trigger="reminder.daily",
        action="grant_deadline",
        dedupe_key=deadline_key(grant, today),
    )
