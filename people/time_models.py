"""Time entries: hours worked on one day, clocked or entered, and the approval they go through.

Kept beside people/models.py (which re-exports them) so each file stays about one subject; Django
registers them under the people app all the same."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.formatting import money
from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role
from productions.wording import lazy_words

from .models import Assignment, Person, crew_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TimeStatus(models.TextChoices):
    OPEN = "open", _("Clocked in")
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")


T = TimeStatus
# Every allowed move of a time entry; approved entries are locked.
TIME_TRANSITIONS = {
    T.OPEN: {T.PENDING},
    T.PENDING: {T.APPROVED, T.REJECTED, T.PENDING},
    T.REJECTED: {T.PENDING},
    T.APPROVED: set(),
}
EDITABLE_TIME_STATUSES = (T.PENDING, T.REJECTED)


# What a time entry's rate is paid per (the units a contract's rate has, jobs.models.RateUnit).
RATE_UNITS = [("hour", _("per hour")), ("day", _("per day")), ("flat", _("flat fee"))]


class TimeEntry(Versioned, WorkflowModel):
    """Hours worked on one day, clocked in and out or entered as a number, net of breaks."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_entries", verbose_name=_("person"))
    assignment = models.ForeignKey(
        Assignment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="time_entries",
        verbose_name=_("assignment"),
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="time_entries",
        verbose_name=_("production"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="time_entries",
        verbose_name=_("event"),
    )
    work_date = models.DateField(verbose_name=_("work date"))
    clock_in = models.DateTimeField(null=True, blank=True, verbose_name=_("clock in"))
    clock_out = models.DateTimeField(null=True, blank=True, verbose_name=_("clock out"))
    break_minutes = models.PositiveIntegerField(default=0, verbose_name=_("break minutes"))
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Worked hours, net of breaks."),
        verbose_name=_("hours"),
    )
    # The rate the hours are paid at: given when logged, else a rate provider's (people.rates: a signed
    # contract's terms); empty when neither knows one. Personal data, like the crew record's day rate.
    rate = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("rate"),
        help_text=_("Empty: the rate of a signed contract covering the day, if there is one."),
    )
    rate_unit = models.CharField(max_length=4, blank=True, choices=RATE_UNITS, verbose_name=_("rate unit"))
    currency = models.CharField(max_length=3, blank=True, verbose_name=_("currency"))
    status = models.CharField(
        max_length=10, choices=TimeStatus.choices, default=TimeStatus.PENDING, verbose_name=_("status")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    review_note = models.TextField(blank=True, verbose_name=_("review note"))
    # Fatigue warnings found when the hours were entered (as on assignments), and the note that
    # explains them; the approver reads both.
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    override_note = models.TextField(
        blank=True, help_text=_("Why hours that break the fatigue rules are right."), verbose_name=_("override note")
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
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = TenantQuerySet.as_manager()
    # "pending" is reached by clocking out and by each correction, hence "changed".
    workflow = Workflow(
        lazy_words(_("time entry")),  # lazy: refusals read in the reader's language
        TIME_TRANSITIONS,
        states=lazy_words(
            {
                T.OPEN: _("still clocked in"),
                T.APPROVED: _("approved and locked"),
                T.REJECTED: pgettext_lazy("time entry", "sent back"),
            }
        ),
        moves=lazy_words(
            {
                T.PENDING: pgettext_lazy("time entry", "changed"),
                T.APPROVED: _("approved"),
                T.REJECTED: pgettext_lazy("time entry", "sent back"),
            }
        ),
        perms={
            T.PENDING: "people.change_timeentry",
            T.APPROVED: "people.approve_timeentry",
            T.REJECTED: "people.approve_timeentry",
        },
        event_prefix="time",
    )

    class Meta:
        verbose_name = _("time entry")
        ordering = ["-work_date", "-id"]
        verbose_name_plural = _("time entries")
        permissions = [("approve_timeentry", "Can approve time entries (locks them)")]
        indexes = [
            models.Index(fields=["workspace", "status", "work_date"]),
            models.Index(fields=["person", "work_date"]),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["-work_date", "-id", "workspace"], name="time_entry_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="time_one_open_entry_per_person"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="time_hours_within_a_day"),
            models.CheckConstraint(
                condition=Q(clock_out__isnull=True) | Q(clock_out__gt=models.F("clock_in")),
                name="time_clock_out_after_in",
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.work_date} {self.hours} h"

    @property
    def rate_display(self) -> str:
        """The rate with its currency and unit ("EUR 420.00 per day"), or "" without one."""
        if self.rate is None:
            return ""
        return f"{money(self.rate, self.currency)} {self.get_rate_unit_display()}".strip()

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role, "person__")

    @property
    def is_locked(self) -> bool:
        return self.status == TimeStatus.APPROVED

    @property
    def where(self) -> str:
        if self.event_id:
            return str(self.event)
        return str(self.production) if self.production_id else ""
