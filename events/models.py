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
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.models import ModuleAnchor
from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role
from locations.models import validate_timezone
from productions.wording import lazy_words

MAX_EVENT_DURATION = datetime.timedelta(days=14)
# A crew call may be up to this long before the event starts.
MAX_CALL_LEAD = datetime.timedelta(hours=24)


class Module(ModuleAnchor):
    """No table: carries the permission that opens the Events module for a role."""

    class Meta(ModuleAnchor.Meta):
        permissions = [("open_module", "Can open the Events module")]


# --- the schedule ----------------------------------------------------------------------------
class EventKind(models.TextChoices):
    SHOW = "show", pgettext_lazy("event kind", "Show")  # "Show" alone is a button (Anzeigen)
    REHEARSAL = "rehearsal", _("Rehearsal")
    LOAD_IN = "load_in", _("Load-in")
    LOAD_OUT = "load_out", _("Load-out")
    TRAVEL = "travel", _("Travel")
    MEETING = "meeting", _("Meeting")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Tentative")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")  # called off, not "Storniert"


E = EventStatus
# The status is set with the event's other fields (the edit form, a series edit): tentative,
# confirmed and cancelled follow one another freely (a cancelled show can be reinstated).
EVENT_TRANSITIONS = {
    E.TENTATIVE: {E.CONFIRMED, E.CANCELLED},
    E.CONFIRMED: {E.TENTATIVE, E.CANCELLED},
    E.CANCELLED: {E.TENTATIVE, E.CONFIRMED},
}
EVENT_WORKFLOW = Workflow(
    lazy_words(_("event")),  # lazy: refusals read in the reader's language
    EVENT_TRANSITIONS,
    moves=lazy_words(
        {
            E.TENTATIVE: _("made tentative"),
            E.CONFIRMED: pgettext_lazy("event", "confirmed"),
            E.CANCELLED: pgettext_lazy("event", "cancelled"),
        }
    ),
    perms={"*": "events.change_event"},
    event_prefix="event",
)


# What marketing (the Ambassador role) may read: confirmed public-facing events only.
PUBLIC_KINDS = (EventKind.SHOW, EventKind.PRESS)


class EventSeries(models.Model):
    """A repeating event: an RFC 5545 RRULE expanded in the event's own timezone.

    Each occurrence is an Event row (so it can have its own crew, cues and incidents);
    the series remembers the rule so "this and following" and "all" edits can re-apply it.
    """

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="event_series", verbose_name=_("workspace")
    )
    rrule = models.CharField(
        max_length=500, help_text=_("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"), verbose_name=_("rrule")
    )
    timezone = models.CharField(max_length=64, validators=[validate_timezone], verbose_name=_("timezone"))
    first_start = models.DateTimeField(
        help_text=_("The first occurrence's start (the rule's DTSTART)."), verbose_name=_("first start")
    )
    duration = models.DurationField(verbose_name=_("duration"))
    excluded_dates = models.JSONField(
        default=list, blank=True, help_text=_("Local dates deleted from the series."), verbose_name=_("excluded dates")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
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


class Event(Versioned, WorkflowModel):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="events", verbose_name=_("workspace")
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("production"),
    )
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    original_start = models.DateTimeField(
        null=True, blank=True, help_text=_("The start the series rule gave it."), verbose_name=_("original start")
    )
    is_exception = models.BooleanField(
        default=False, help_text=_("Edited on its own; series edits leave it be."), verbose_name=_("is exception")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.SHOW, verbose_name=_("kind"))
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.CONFIRMED, verbose_name=_("status")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    timezone = models.CharField(
        max_length=64, default="UTC", validators=[validate_timezone], verbose_name=_("timezone")
    )
    location = models.ForeignKey(
        "locations.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("location"),
    )
    zone = models.ForeignKey(
        "locations.Zone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Where on the site map it happens."),
        verbose_name=_("zone"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = EventQuerySet.as_manager()
    workflow = EVENT_WORKFLOW

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
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
        # date_format, not strftime: the day and month names read in the reader's language.
        return f"{self.title} · {date_format(self.local_start, 'D j M Y')}"

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


class CrewCall(Versioned):
    """A person booked on an event, with the time they are called in."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="crew_calls", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_calls", verbose_name=_("user")
    )
    role_title = models.CharField(_("role"), max_length=100, blank=True, help_text=_("e.g. Stage manager, A1, Runner"))
    call_time = models.DateTimeField(verbose_name=_("call time"))
    # The person's booked period, from their call to the event's end: what person clashes compare.
    booked_from = models.DateTimeField(verbose_name=_("booked from"))
    booked_until = models.DateTimeField(verbose_name=_("booked until"))
    notes = models.CharField(max_length=300, blank=True, verbose_name=_("notes"))
    zone = models.ForeignKey(
        "locations.Zone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crew_calls",
        help_text=_("Where on the site map to report."),
        verbose_name=_("zone"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("crew calls")
        ordering = ["call_time", "id"]
        verbose_name = _("crew call")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="crew_call_once_per_event")]
        indexes = [models.Index(fields=["user", "booked_from", "booked_until"], name="crew_call_person_period")]

    def __str__(self):
        return f"{self.user} on {self.event_id}"

    def set_booking(self, event):
        self.booked_from = min(self.call_time, event.starts_at)
        self.booked_until = event.ends_at


# --- run of show -----------------------------------------------------------------------------
class Department(models.TextChoices):
    PRODUCTION = "production", _("Production")
    STAGE = "stage", _("Stage")
    AUDIO = "audio", _("Audio")
    LIGHTING = "lighting", _("Lighting")
    VIDEO = "video", _("Video")
    TALENT = "talent", _("Talent")
    SECURITY = "security", _("Security")
    HOSPITALITY = "hospitality", _("Hospitality")
    OTHER = "other", _("Other")


class CueStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    STANDBY = "standby", _("Standby")
    GO = "go", pgettext_lazy("cue", "Go")  # the caller's word; "Go" alone is a submit button
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


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
    lazy_words(_("cue")),
    CUE_TRANSITIONS,
    states=lazy_words(
        {
            CS.PENDING: _("not on standby yet"),
            CS.STANDBY: _("on standby"),
            CS.GO: pgettext_lazy("cue", "running"),
            CS.DONE: _("already done"),
        }
    ),
    moves=lazy_words(
        {
            CS.PENDING: _("stood down"),
            CS.STANDBY: _("put on standby"),
            CS.GO: _("given its go"),
            CS.DONE: _("marked done"),
            CS.SKIPPED: pgettext_lazy("cue", "skipped"),
        }
    ),
    perms={"*": "events.call_cue"},
    event_prefix="cue",
)


class Cue(Versioned, WorkflowModel):
    """One line of an event's run of show. Its start follows the previous cue's end unless it
    has a fixed time (a hard start such as doors or curfew). During the show a stage manager
    calls it (CUE_TRANSITIONS), which records when it actually started and ended."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="cues", verbose_name=_("event"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    item = models.CharField(max_length=200, verbose_name=_("item"))
    duration = models.DurationField(default=datetime.timedelta(minutes=5), verbose_name=_("duration"))
    fixed_start = models.DateTimeField(null=True, blank=True, verbose_name=_("fixed start"))
    owner = models.CharField(
        max_length=120, blank=True, help_text=_("Who runs it: a person or a desk."), verbose_name=_("owner")
    )
    department = models.CharField(
        max_length=20, choices=Department.choices, default=Department.PRODUCTION, verbose_name=_("department")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    status = models.CharField(
        max_length=10, choices=CueStatus.choices, default=CueStatus.PENDING, verbose_name=_("status")
    )
    actual_start = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was called go."), verbose_name=_("actual start")
    )
    actual_end = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was called done."), verbose_name=_("actual end")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = CUE_WORKFLOW

    class Meta:
        verbose_name = _("cue")
        verbose_name_plural = _("cues")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["event", "position"], name="cue_event_order")]
        permissions = [("call_cue", "Can call cues during the show (standby, go, done, skip)")]

    def __str__(self):
        return self.item


# --- incidents ---------------------------------------------------------------------------------
class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IncidentCategory(models.TextChoices):
    SAFETY = "safety", _("Safety")
    MEDICAL = "medical", _("Medical")
    SECURITY = "security", _("Security")
    TECHNICAL = "technical", _("Technical")
    OTHER = "other", _("Other")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INVESTIGATING = "investigating", _("Investigating")
    RESOLVED = "resolved", _("Resolved")


IS = IncidentStatus
# An incident is investigated and resolved; a resolved one is reopened by investigating it again.
INCIDENT_TRANSITIONS = {
    IS.OPEN: {IS.INVESTIGATING, IS.RESOLVED},
    IS.INVESTIGATING: {IS.RESOLVED, IS.OPEN},
    IS.RESOLVED: {IS.INVESTIGATING},
}
# "This incident is already resolved; it can't be moved back to open."
INCIDENT_WORKFLOW = Workflow(
    lazy_words(_("incident")),
    INCIDENT_TRANSITIONS,
    states=lazy_words({IS.INVESTIGATING: _("under investigation"), IS.RESOLVED: _("already resolved")}),
    moves=lazy_words(
        {
            IS.OPEN: _("moved back to open"),
            IS.INVESTIGATING: _("put under investigation"),
            IS.RESOLVED: pgettext_lazy("incident", "resolved"),
        }
    ),
    perms={"*": "events.change_incident"},
    event_prefix="incident",
)


class Incident(Versioned, WorkflowModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("event"))
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    severity = models.CharField(
        max_length=10, choices=Severity.choices, default=Severity.LOW, verbose_name=_("severity")
    )
    category = models.CharField(
        max_length=20, choices=IncidentCategory.choices, default=IncidentCategory.OTHER, verbose_name=_("category")
    )
    status = models.CharField(
        max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN, verbose_name=_("status")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(verbose_name=_("description"))
    people_involved = models.TextField(blank=True, verbose_name=_("people involved"))
    actions_taken = models.TextField(blank=True, verbose_name=_("actions taken"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    workspace_path = "event__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = INCIDENT_WORKFLOW

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
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

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    hint = models.CharField(
        max_length=8, help_text=_("The token's last characters, to tell addresses apart."), verbose_name=_("hint")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    organization_path = "user__memberships__organization"
    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("calendar feeds")
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"Calendar feed of {self.user} (…{self.hint})"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)
