"""Widgets of the days ahead and of what happened: upcoming events and my crew calls, open
incidents, recent activity."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dragonfly.activity.models import ActivityEntry
from events.models import CrewCall, Event, Incident, IncidentStatus, Severity

from ..models import WidgetSize
from ..registry import Widget, register
from ._common import WEEK, counted, today, ws_url

OPEN_INCIDENT_STATUSES = (IncidentStatus.OPEN, IncidentStatus.INVESTIGATING)


@register
class Upcoming(Widget):
    key = "upcoming"
    title = gettext_lazy("Next 7 days")
    description = gettext_lazy("Events here in the coming week, and your crew calls.")
    perm = "events.view_event"
    template = "dashboard/widgets/upcoming.html"
    size = WidgetSize.WIDE
    LIMIT = 5

    def _events(self, user, workspace, now):
        return (
            Event.objects.visible_to(user)
            .in_workspace(workspace)
            .active()
            .filter(starts_at__gte=now, starts_at__lt=now + WEEK)
        )

    def _calls(self, user, workspace, now):
        # One's own calls, on the events one may see (as the personal calendar feed reads them).
        events = Event.objects.visible_to(user).in_workspace(workspace).active()
        return CrewCall.objects.filter(user=user, event__in=events, call_time__gte=now, call_time__lt=now + WEEK)

    def figures(self, user, workspace):
        now = timezone.now()
        return {
            "events": self._events(user, workspace, now).count(),
            "my_crew_calls": self._calls(user, workspace, now).count(),
        }

    def context(self, user, workspace):
        now = timezone.now()
        return {
            "figures": self.figures(user, workspace),
            "events": self._events(user, workspace, now)
            .select_related("location", "location__parent")
            .order_by("starts_at", "id")[: self.LIMIT],
            "calls": self._calls(user, workspace, now)
            .select_related("event", "event__location", "event__location__parent")
            .order_by("call_time", "id")[: self.LIMIT],
            "url": ws_url("events:workspace_home", workspace, view="week", date=today(workspace).isoformat()),
        }


@register
class OpenIncidents(Widget):
    key = "open_incidents"
    title = gettext_lazy("Open incidents")
    description = gettext_lazy("Incidents still open or under investigation, by severity.")
    perm = "events.view_incident"
    template = "dashboard/widgets/incidents.html"
    LIMIT = 4

    def _open(self, user, workspace):
        return Incident.objects.visible_to(user).in_workspace(workspace).filter(status__in=OPEN_INCIDENT_STATUSES)

    def figures(self, user, workspace):
        rows = self._open(user, workspace).order_by().values("severity").annotate(n=Count("pk"))
        severities = dict(reversed(Severity.choices))  # critical first
        by_severity = counted(
            rows,
            "severity",
            severities,
            lambda s: ws_url("events:incidents", workspace, severity=s, status=list(OPEN_INCIDENT_STATUSES)),
        )
        return {"open": sum(row["count"] for row in by_severity), "by_severity": by_severity}

    def context(self, user, workspace):
        return {
            "figures": self.figures(user, workspace),
            "latest": self._open(user, workspace).select_related("event").order_by("-occurred_at", "-id")[: self.LIMIT],
            "url": ws_url("events:incidents", workspace, status=list(OPEN_INCIDENT_STATUSES)),
        }


@register
class RecentActivity(Widget):
    key = "recent_activity"
    title = gettext_lazy("Recent activity")
    description = gettext_lazy("The latest changes in this workspace.")
    perm = "activity.view_activityentry"
    template = "dashboard/widgets/activity.html"
    default = False
    LIMIT = 8

    def _entries(self, user, workspace):
        return ActivityEntry.objects.visible_to(user).filter(workspace=workspace)

    def figures(self, user, workspace):
        since = timezone.now() - WEEK
        return {"last_7_days": self._entries(user, workspace).filter(created_at__gte=since).count()}

    def context(self, user, workspace):
        entries = self._entries(user, workspace).select_related("actor", "content_type").order_by("-created_at", "-id")
        return {"figures": self.figures(user, workspace), "entries": entries[: self.LIMIT]}
