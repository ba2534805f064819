"""The daily digest: at 09:00 in each organization's timezone, every member hears once about
tomorrow — the events they are called for (with call times), the events of productions they
manage, and the tasks and milestones due.

The beat runs hourly; an organization is served in the hour its local clock reads 9. Each
digest is keyed by organization and local date, so running twice sends nothing twice.

A higher module with morning reminders of its own (resources: grant deadlines) registers a job
with `register_daily(job)` in its AppConfig.ready(); the job is called `job(organization, today)`
for each organization due (today in its time zone) and returns what it delivered, keyed so that a
second run sends nothing twice.
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification
from dragonfly.tenancy.access import mail_language, org_timezone
from dragonfly.tenancy.models import Membership, Organization

from .models import CrewCall, Event, EventStatus
from .recurrence import place

DIGEST_HOUR = 9
DAILY_JOBS: list = []  # of job(organization, today) -> list


def register_daily(job):
    """Add `job(organization, today) -> list` to the 09:00 run (once, however often it is registered)."""
    if job not in DAILY_JOBS:
        DAILY_JOBS.append(job)
    return job


def organizations_due(now, hour=DIGEST_HOUR):
    """(organization, local today) for organizations whose local time is in the digest hour."""
    due = []
    for org in Organization.objects.order_by("pk"):
        local = now.astimezone(org_timezone(org))
        if local.hour == hour:
            due.append((org, local.date()))
    return due


def digest_key(organization, day):
    return f"reminder.daily:{organization.pk}:{day.isoformat()}"


def send_digests(organization, day):
    """Deliver the digests of `day` (the day they are about) for one organization; returns them."""
    from productions.models import OPEN_TASK_STATUSES, Milestone, Task

    tz = org_timezone(organization)
    start = place(datetime.datetime.combine(day, datetime.time.min), tz)
    end = place(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min), tz)
    in_org = {"event__workspace__organization": organization}
    items = defaultdict(lambda: {"calls": [], "managed": [], "tasks": [], "milestones": []})
    calls = (
        CrewCall.objects.filter(**in_org, event__starts_at__gte=start, event__starts_at__lt=end)
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event", "event__location")
        .order_by("call_time")
    )
    for call in calls:
        items[call.user_id]["calls"].append(call)
    managed = (
        Event.objects.filter(
            workspace__organization=organization,
            starts_at__gte=start,
            starts_at__lt=end,
            production__production_manager__isnull=False,
        )
        .exclude(status=EventStatus.CANCELLED)
        .select_related("production", "location")
        .order_by("starts_at")
    )
    for event in managed:
        items[event.production.production_manager_id]["managed"].append(event)
    tasks = Task.objects.filter(
        production__workspace__organization=organization,
        due_date=day,
        status__in=OPEN_TASK_STATUSES,
        assignee__isnull=False,
    ).select_related("production")
    for task in tasks:
        items[task.assignee_id]["tasks"].append(task)
    milestones = Milestone.objects.filter(
        production__workspace__organization=organization, due_date=day, done_at__isnull=True, owner__isnull=False
    ).select_related("production")
    for milestone in milestones:
        items[milestone.owner_id]["milestones"].append(milestone)
    if not items:
        return []
    members = set(
        Membership.objects.active()
        .filter(organization=organization, user_id__in=list(items))
        .values_list("user_id", flat=True)
    )
    delivered = []
    for user in get_user_model().objects.filter(pk__in=members, is_active=True).order_by("pk"):
        with translation.override(mail_language(user)):  # the digest reads in its recipient's language
            notification = _deliver(user, organization, day, items[user.pk])
        if notification is not None:
            delivered.append(notification)
    return delivered


def _deliver(user, organization, day, found):
    """One user's digest, with only what they may see."""
    from productions.models import Milestone, Task

    visible = set(
        Event.objects.visible_to(user)
        .filter(pk__in=[c.event_id for c in found["calls"]] + [e.pk for e in found["managed"]])
        .values_list("pk", flat=True)
    )
    calls = [c for c in found["calls"] if c.event_id in visible]
    called = {c.event_id for c in calls}
    managed = [e for e in found["managed"] if e.pk in visible and e.pk not in called]
    task_ids = set(
        Task.objects.visible_to(user).filter(pk__in=[t.pk for t in found["tasks"]]).values_list("pk", flat=True)
    )
    tasks = [t for t in found["tasks"] if t.pk in task_ids]
    milestone_ids = set(
        Milestone.objects.visible_to(user)
        .filter(pk__in=[m.pk for m in found["milestones"]])
        .values_list("pk", flat=True)
    )
    milestones = [m for m in found["milestones"] if m.pk in milestone_ids]
    if not (calls or managed or tasks or milestones):
        return None
    lines = []
    for call in calls:
        event = call.event
        where = _(" at %(venue)s") % {"venue": event.location} if event.location_id else ""
        role = _(" as %(role)s") % {"role": call.role_title} if call.role_title else ""
        lines.append(
            _("• %(title)s%(where)s: call %(call)s%(role)s, starts %(start)s (%(zone)s)")
            % {
                "title": event.title,
                "where": where,
                "call": format(call.call_time.astimezone(event.tz), "%H:%M"),
                "role": role,
                "start": format(event.local_start, "%H:%M"),
                "zone": event.timezone,
            }
        )
    for event in managed:
        where = _(" at %(venue)s") % {"venue": event.location} if event.location_id else ""
        lines.append(
            f"• {event.title}{where} ({event.production.name}): {event.local_start:%H:%M}–"
            f"{event.local_end:%H:%M} ({event.timezone})"
        )
    for task in tasks:
        lines.append(
            _("• Task due: %(title)s (%(production)s, %(priority)s)")
            % {"title": task.title, "production": task.production.name, "priority": task.get_priority_display()}
        )
    for milestone in milestones:
        lines.append(
            _("• Milestone due: %(title)s (%(production)s)")
            % {"title": milestone.title, "production": milestone.production.name}
        )
    parts = []
    if calls or managed:
        count = len(calls) + len(managed)
        parts.append(ngettext("%(count)s event", "%(count)s events", count) % {"count": count})
    if tasks:
        parts.append(ngettext("%(count)s task due", "%(count)s tasks due", len(tasks)) % {"count": len(tasks)})
    if milestones:
        parts.append(
            ngettext("%(count)s milestone due", "%(count)s milestones due", len(milestones))
            % {"count": len(milestones)}
        )
    title = _("Tomorrow, %(day)s: %(what)s") % {"day": formats.date_format(day, "D j M"), "what": ", ".join(parts)}
    notification, created = deliver(
        recipient=user,
        kind="reminder.daily",
        title=title,
        body="\n".join(lines),
        url=reverse("productions:my_tasks"),
        workspace=None,
        trigger="reminder.daily",
        action="digest",
        dedupe_key=digest_key(organization, day),
    )
    if created:
        email_notification.delay_on_commit(notification.pk)
    return notification


def send_daily_reminders(now=None):
    """The hourly beat's work: digests for the organizations where it is 9 in the morning."""
    now = now or timezone.now()
    sent = []
    for organization, today in organizations_due(now):
        sent += send_digests(organization, today + datetime.timedelta(days=1))
        for job in DAILY_JOBS:
            sent += job(organization, today)
    return sent
