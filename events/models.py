"""Events: the schedule (with repeating events), crew calls, run of show, incidents. An event
takes place at a venue (locations.Location, owned by the locations module below this one).

Times are stored in UTC and shown in the event's timezone (its venue's, else the
organization's). Overlap queries are bounded ranges on indexed columns: an event lasts at
most MAX_EVENT_DURATION, so "starts before my end and ends after my start" becomes a
range scan of (location, starts_at) that never reads further back than that.
"""

import datetime
import secrets
import zoneinfo
from hashlib import sha256
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.templatetags.tz import do_timezone

from dragonfly.core.models import ModuleAnchor
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role
from locations.models import validate_timezone

MAX_EVENT_DURATION = datetime.timedelta(days=14)
# A crew call may be up to this long before the event starts.
MAX_CALL_LEAD = datetime.timedelta(hours=24)


class Module(ModuleAnchor):
    """No table: carries the permission that opens the Events module for a role."""

    class Meta(ModuleAnchor.Meta):
        permissions = [("open_module", "Can open the Events module")]


# --- the schedule ----------------------------------------------------------------------------
class EventKind(models.TextChoices):
    SHOW = "show", "Show"
    REHEARSAL = "rehearsal", "Rehearsal"
    LOAD_IN = "load_in", "Load-in"
    LOAD_OUT = "load_out", "Load-out"
    TRAVEL = "travel", "Travel"
    MEETING = "meeting", "Meeting"
    PRESS = "press", "Press"
    OTHER = "other", "Other"


class EventStatus(models.TextChoices):
    TENTATIVE = "tentative", "Tentative"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


E = EventStatus
# The status is set with the event's other fields (the edit form, a series edit): tentative,
# confirmed and cancelled follow one another freely (a cancelled show can be reinstated).
EVENT_TRANSITIONS = {
    E.TENTATIVE: {E.CONFIRMED, E.CANCELLED},
    E.CONFIRMED: {E.TENTATIVE, E.CANCELLED},
    E.CANCELLED: {E.TENTATIVE, E.CONFIRMED},
}
EVENT_WORKFLOW = Workflow(
    "event",
    EVENT_TRANSITIONS,
    moves={E.TENTATIVE: "made tentative", E.CONFIRMED: "confirmed", E.CANCELLED: "cancelled"},
    perms={"*": "events.change_event"},
)


# What marketing (the Ambassador role) may read: confirmed public-facing events only.
PUBLIC_KINDS = (EventKind.SHOW, EventKind.PRESS)


class EventSeries(models.Model):
    """A repeating event: an RFC 5545 RRULE expanded in the event's own timezone.

    Each occurrence is an Event row (so it can have its own crew, cues and incidents);
    the series remembers the rule so "this and following" and "all" edits can re-apply it.
    """

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="event_series")
    rrule = models.CharField(max_length=500, help_text="RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10")
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    first_start = models.DateTimeField(help_text="The first occurrence's start (the rule's DTSTART).")
    duration = models.DurationField()
    excluded_dates = models.JSONField(default=list, blank=True, help_text="Local dates deleted from the series.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "event series"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Series #{self.pk}: {self.rrule}"


class EventQuerySet(TenantQuerySet):
    def active(self) -> Self:
        """Events not cancelled."""
        return self.exclude(status=EventStatus.CANCELLED)

    def overlapping(self, start: datetime.datetime, end: datetime.datetime) -> Self:
        """Events sharing any instant with [start, end): touching ends do not overlap.

        The lower bound on starts_at is implied by MAX_EVENT_DURATION; stating it lets the
        database walk a bounded stretch of the (…, starts_at) indexes."""
        return self.filter(starts_at__lt=end, ends_at__gt=start, starts_at__gt=start - MAX_EVENT_DURATION)


class Event(WorkflowModel):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="events")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    original_start = models.DateTimeField(null=True, blank=True, help_text="The start the series rule gave it.")
    is_exception = models.BooleanField(default=False, help_text="Edited on its own; series edits leave it be.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.SHOW)
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.CONFIRMED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    workflow = EVENT_WORKFLOW

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            # Venue clashes: location = ? AND starts_at in a bounded range (see EventQuerySet.overlapping).
            models.Index(fields=["location", "starts_at", "ends_at"], name="event_location_period"),
            # Calendar pages: one workspace, a bounded range of starts.
            models.Index(fields=["workspace", "starts_at"], name="event_ws_start"),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["starts_at", "id", "workspace"], name="event_list_order"),
            models.Index(fields=["production", "starts_at"], name="event_production_start"),
            models.Index(fields=["series", "original_start"], name="event_series_occurrence"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start")]

    def __str__(self):
        return self.title

    def choice_label(self) -> str:
        """In a picker: the occurrences of a series share a title, so the (venue-local) date tells them apart."""
        return f"{self.title} · {self.local_start:%a %-d %b %Y}"

    @classmethod
    def role_scope(cls, user, role):
        """Marketing reads public event information only: confirmed shows and press dates."""
        if role == Role.AMBASSADOR:
            return Q(kind__in=PUBLIC_KINDS, status=EventStatus.CONFIRMED)
        return Q()

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone or "UTC")

    @property
    def local_start(self):
        """The start in the event's timezone (templates show it as is, not in the reader's zone)."""
        return do_timezone(self.starts_at, self.tz)

    @property
    def local_end(self):
        return do_timezone(self.ends_at, self.tz)

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED


class CrewCall(models.Model):
    """A person booked on an event, with the time they are called in."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="crew_calls")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_calls")
    role_title = models.CharField("role", max_length=100, blank=True, help_text="e.g. Stage manager, A1, Runner")
    call_time = models.DateTimeField()
    # The person's booked period, from their call to the event's end: what person clashes compare.
    booked_from = models.DateTimeField()
    booked_until = models.DateTimeField()
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["call_time", "id"]
        verbose_name = "crew call"
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="crew_call_once_per_event")]
        indexes = [models.Index(fields=["user", "booked_from", "booked_until"], name="crew_call_person_period")]

    def __str__(self):
        return f"{self.user} on {self.event_id}"

    def set_booking(self, event):
        self.booked_from = min(self.call_time, event.starts_at)
        self.booked_until = event.ends_at


# --- run of show -----------------------------------------------------------------------------
class Department(models.TextChoices):
    PRODUCTION = "production", "Production"
    STAGE = "stage", "Stage"
    AUDIO = "audio", "Audio"
    LIGHTING = "lighting", "Lighting"
    VIDEO = "video", "Video"
    TALENT = "talent", "Talent"
    SECURITY = "security", "Security"
    HOSPITALITY = "hospitality", "Hospitality"
    OTHER = "other", "Other"


class CueStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    STANDBY = "standby", "Standby"
    GO = "go", "Go"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


CS = CueStatus
# The stage manager calls each cue: standby (warned), go (it starts: actual start), done (it ends:
# actual end). A warned cue can be stood down; a cue not yet running can be skipped. Done and
# skipped are final: what was called is the show's record.
CUE_TRANSITIONS = {
    CS.PENDING: {CS.STANDBY, CS.SKIPPED},
    CS.STANDBY: {CS.GO, CS.PENDING, CS.SKIPPED},
    CS.GO: {CS.DONE},
    CS.DONE: set(),
    CS.SKIPPED: set(),
}
# "This cue is already done; it can't be put on standby."
CUE_WORKFLOW = Workflow(
    "cue",
    CUE_TRANSITIONS,
    states={CS.PENDING: "not on standby yet", CS.STANDBY: "on standby", CS.GO: "running", CS.DONE: "already done"},
    moves={
        CS.PENDING: "stood down",
        CS.STANDBY: "put on standby",
        CS.GO: "given its go",
        CS.DONE: "marked done",
        CS.SKIPPED: "skipped",
    },
    perms={"*": "events.call_cue"},
)


class Cue(WorkflowModel):
    """One line of an event's run of show. Its start follows the previous cue's end unless it
    has a fixed time (a hard start such as doors or curfew). During the show a stage manager
    calls it (CUE_TRANSITIONS), which records when it actually started and ended."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="cues")
    position = models.PositiveIntegerField(default=0)
    item = models.CharField(max_length=200)
    duration = models.DurationField(default=datetime.timedelta(minutes=5))
    fixed_start = models.DateTimeField(null=True, blank=True)
    owner = models.CharField(max_length=120, blank=True, help_text="Who runs it: a person or a desk.")
    department = models.CharField(max_length=20, choices=Department.choices, default=Department.PRODUCTION)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=CueStatus.choices, default=CueStatus.PENDING)
    actual_start = models.DateTimeField(null=True, blank=True, help_text="When it was called go.")
    actual_end = models.DateTimeField(null=True, blank=True, help_text="When it was called done.")
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = CUE_WORKFLOW

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["event", "position"], name="cue_event_order")]
        permissions = [("call_cue", "Can call cues during the show (standby, go, done, skip)")]

    def __str__(self):
        return self.item


# --- incidents ---------------------------------------------------------------------------------
class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IncidentCategory(models.TextChoices):
    SAFETY = "safety", "Safety"
    MEDICAL = "medical", "Medical"
    SECURITY = "security", "Security"
    TECHNICAL = "technical", "Technical"
    OTHER = "other", "Other"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Investigating"
    RESOLVED = "resolved", "Resolved"


IS = IncidentStatus
# An incident is investigated and resolved; a resolved one is reopened by investigating it again.
INCIDENT_TRANSITIONS = {
    IS.OPEN: {IS.INVESTIGATING, IS.RESOLVED},
    IS.INVESTIGATING: {IS.RESOLVED, IS.OPEN},
    IS.RESOLVED: {IS.INVESTIGATING},
}
# "This incident is already resolved; it can't be moved back to open."
INCIDENT_WORKFLOW = Workflow(
    "incident",
    INCIDENT_TRANSITIONS,
    states={IS.INVESTIGATING: "under investigation", IS.RESOLVED: "already resolved"},
    moves={IS.OPEN: "moved back to open", IS.INVESTIGATING: "put under investigation", IS.RESOLVED: "resolved"},
    perms={"*": "events.change_incident"},
)


class Incident(WorkflowModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField()
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.LOW)
    category = models.CharField(max_length=20, choices=IncidentCategory.choices, default=IncidentCategory.OTHER)
    status = models.CharField(max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    title = models.CharField(max_length=200)
    description = models.TextField()
    people_involved = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = INCIDENT_WORKFLOW

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["event", "occurred_at"], name="incident_event_time"),
            models.Index(fields=["status", "severity"], name="incident_status_severity"),
        ]

    def __str__(self):
        return self.title


# --- personal calendar feeds ---------------------------------------------------------------------
def hash_token(token):
    return sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def for_token(self, token: str | None) -> "CalendarFeed | None":
        if not token or len(token) > 100:
            return None
        return self.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()


class CalendarFeed(models.Model):
    """A user's secret calendar address. Only a hash is stored; resetting or revoking it
    makes every copy of the old address stop working at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8, help_text="The token's last characters, to tell addresses apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    organization_path = "user__memberships__organization"
    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return f"Calendar feed of {self.user} (…{self.hint})"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)
