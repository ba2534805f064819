"""Equipment, kits, reservations, maintenance.

An asset belongs to a workspace (the warehouse or department that holds it) and its tag is
unique in its organization. Reservations book assets (one, or every asset of a kit) for
a date range; the same asset is never booked twice for overlapping days: PostgreSQL
refuses it with an exclusion constraint, and the service checks it under a row lock on
every database.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from productions.wording import lazy_words

from .constraints import DateRange, PostgresExclusionConstraint


class Module(models.Model):
    """No table: carries the permission that opens the Assets module for a role."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("open_module", "Can open the Assets module")]

    def __str__(self):
        return str(self._meta.verbose_name)


class AssetStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    CHECKED_OUT = "checked_out", _("Checked out")
    MAINTENANCE = "maintenance", _("In maintenance")
    LOST = "lost", _("Lost")
    RETIRED = "retired", _("Retired")


# An asset in one of these cannot be reserved.
UNRESERVABLE_STATUSES = (AssetStatus.MAINTENANCE, AssetStatus.LOST, AssetStatus.RETIRED)
# Statuses a person sets by hand; the others follow reservations and maintenance.
MANUAL_STATUSES = (AssetStatus.AVAILABLE, AssetStatus.LOST, AssetStatus.RETIRED)
# Assets that count towards what the warehouse can offer.
OUT_OF_SERVICE = (AssetStatus.LOST, AssetStatus.RETIRED)
A = AssetStatus
# The moves a person makes by hand (to a MANUAL_STATUS). The other statuses follow bookings and
# jobs: `services.settle_status` derives them, it does not move the asset through this table.
ASSET_TRANSITIONS = {
    A.AVAILABLE: {A.LOST, A.RETIRED},
    A.RESERVED: {A.AVAILABLE, A.LOST, A.RETIRED},
    A.CHECKED_OUT: {A.LOST},  # check it in first
    A.MAINTENANCE: {A.AVAILABLE, A.LOST, A.RETIRED},
    A.LOST: {A.AVAILABLE, A.RETIRED},
    A.RETIRED: {A.AVAILABLE, A.LOST},
}


class AssetQuerySet(TenantQuerySet):
    def search(self, text: str) -> Self:
        condition = Q()
        for word in text.split()[:6]:
            condition &= (
                Q(tag__icontains=word)
                | Q(name__icontains=word)
                | Q(make__icontains=word)
                | Q(model_name__icontains=word)
                | Q(serial_number__icontains=word)
            )
        return self.filter(condition)

    def in_service(self) -> Self:
        return self.exclude(status__in=OUT_OF_SERVICE)


class Asset(Versioned, WorkflowModel):
    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="assets")
    tag = models.CharField(max_length=40, help_text=_("Unique in the organization, e.g. LX-0042."))
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=80, help_text=_("e.g. Lighting, Audio, Rigging, Power."))
    make = models.CharField(max_length=120, blank=True)
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    serial_number = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=20, choices=AssetStatus.choices, default=AssetStatus.AVAILABLE)
    home_location = models.CharField(max_length=200, blank=True)
    zone = models.ForeignKey(
        "locations.Zone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
        help_text=_("Where on a site map it is placed."),
        verbose_name=_("zone"),
    )
    purchase_date = models.DateField(null=True, blank=True)
    purchase_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, default="USD")
    notes = models.TextField(blank=True)
    catalog_item = models.ForeignKey(
        "advancing.CatalogItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The advancing catalog entry this asset fulfils (used to count free gear on advances)."),
    )
    use_count = models.PositiveIntegerField(default=0, help_text=_("Times checked out (for use-based maintenance)."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What describes an asset, in the order forms and the API show it.
    DESCRIPTION = (
        "tag",
        "name",
        "category",
        "make",
        "model_name",
        "serial_number",
        "status",
        "home_location",
        "purchase_date",
        "purchase_value",
        "currency",
    )
    objects = AssetQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("asset")),  # lazy: refusals read in the reader's language
        ASSET_TRANSITIONS,
        states=lazy_words(
            {
                A.CHECKED_OUT: _("checked out (check it in first, or mark it lost)"),
                A.MAINTENANCE: _("in maintenance"),
            }
        ),
        moves=lazy_words(
            {A.AVAILABLE: _("made available"), A.LOST: _("marked lost"), A.RETIRED: pgettext_lazy("asset", "retired")}
        ),
        perms={"*": "assets.change_asset"},
        event_prefix="asset",  # the noun is lazy: the event names stay English
    )

    class Meta:
        ordering = ["tag", "id"]
        indexes = [
            models.Index(fields=["workspace", "tag"]),
            models.Index(fields=["workspace", "category", "tag"]),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["tag", "id", "workspace"], name="asset_list_order"),
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["catalog_item"]),
        ]
        permissions = [("view_asset_value", "Can see what assets cost (purchase value, maintenance cost)")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "tag"], name="asset_tag_unique_in_org"),
            models.CheckConstraint(
                condition=Q(purchase_value__gte=0) | Q(purchase_value__isnull=True), name="asset_value_positive"
            ),
        ]

    def __str__(self):
        return f"{self.tag} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.tag = normalize_tag(self.tag)
        if self.workspace_id and not self.organization_id:
            self.organization_id = self.workspace.organization_id
        super().save(*args, **kwargs)

    @property
    def reservable(self) -> bool:
        return self.status not in UNRESERVABLE_STATUSES


def normalize_tag(tag: str | None) -> str:
    return (tag or "").strip().upper()


class Kit(Versioned):
    """A named set of assets that books as one (a lighting package, a comms kit)."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="kits")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    assets = models.ManyToManyField(Asset, related_name="kits", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="kit_name_unique_in_workspace")]

    def __str__(self):
        return self.name


class ReservationStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    CHECKED_OUT = "checked_out", _("Checked out")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


R = ReservationStatus
RESERVATION_TRANSITIONS = {
    R.RESERVED: {R.CHECKED_OUT, R.CANCELLED},
    R.CHECKED_OUT: {R.RETURNED},
    R.RETURNED: set(),
    R.CANCELLED: set(),
}
# Reservations that hold their assets (the others have let them go).
HOLDING_STATUSES = (R.RESERVED, R.CHECKED_OUT)
# Reservations that count as use of the asset in utilization.
BOOKED_STATUSES = (R.RESERVED, R.CHECKED_OUT, R.RETURNED)


class Reservation(WorkflowModel):
    """One booking of an asset, or of every asset in a kit, for a date range (both days included)."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="reservations")
    kit = models.ForeignKey(Kit, null=True, blank=True, on_delete=models.SET_NULL, related_name="reservations")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="asset_reservations"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="asset_reservations"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=12, choices=ReservationStatus.choices, default=ReservationStatus.RESERVED)
    notes = models.TextField(blank=True)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checkout_condition = models.TextField(blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checkin_condition = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("reservation")),
        RESERVATION_TRANSITIONS,
        moves=lazy_words(
            {
                R.CHECKED_OUT: pgettext_lazy("reservation", "checked out"),
                R.RETURNED: pgettext_lazy("reservation", "checked in"),
                R.CANCELLED: _("cancelled"),
            }
        ),
        perms={
            R.CHECKED_OUT: "assets.checkout_reservation",
            R.RETURNED: "assets.checkout_reservation",
            R.CANCELLED: "assets.change_reservation",
        },
        event_prefix="reservation",
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        permissions = [("checkout_reservation", "Can check reserved assets out and in")]
        indexes = [
            models.Index(fields=["workspace", "start_date", "id"]),
            models.Index(fields=["workspace", "status", "start_date"]),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["-start_date", "-id", "workspace"], name="reservation_list_order"),
            models.Index(fields=["production"]),
            models.Index(fields=["event"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="reservation_dates_ordered"),
        ]

    def __str__(self):
        what = self.kit.name if self.kit_id else _("Reservation #%(pk)s") % {"pk": self.pk}
        # date_format: the month names read in the reader's language.
        return f"{what} {date_format(self.start_date, 'd M')}–{date_format(self.end_date, 'd M Y')}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def where(self) -> str:
        if self.event_id:
            return str(self.event)
        return str(self.production) if self.production_id else ""


class ReservationItemQuerySet(TenantQuerySet):
    def holding(self) -> Self:
        return self.filter(active=True)

    def overlapping(self, start: datetime.date, end: datetime.date) -> Self:
        return self.filter(start_date__lte=end, end_date__gte=start)


class ReservationItem(models.Model):
    """One asset held by a reservation. Dates and `active` are copied from the reservation so the
    database can refuse overlapping bookings of the same asset on its own."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="reservation_items")
    start_date = models.DateField()
    end_date = models.DateField()
    # Copied from the reservation's status by the services: `active` = holds the asset (reserved or
    # checked out); `counted` = counts as use in utilization (anything but cancelled).
    active = models.BooleanField(default=True)
    counted = models.BooleanField(default=True)

    workspace_path = "reservation__workspace"
    objects = ReservationItemQuerySet.as_manager()

    class Meta:
        ordering = ["asset__tag", "id"]
        indexes = [
            models.Index(fields=["asset", "start_date", "end_date"], name="resitem_asset_dates"),
            models.Index(fields=["start_date", "end_date"], condition=Q(active=True), name="resitem_active_dates"),
            # Utilization: "ends on or after the period starts" is the selective side of the overlap.
            models.Index(fields=["end_date", "start_date"], condition=Q(counted=True), name="resitem_counted_dates"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reservation", "asset"], name="reservation_asset_once"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="resitem_dates_ordered"),
            PostgresExclusionConstraint(
                name="asset_never_double_booked",
                expressions=[
                    ("asset", RangeOperators.EQUAL),
                    (DateRange("start_date", "end_date", RangeBoundary(True, True)), RangeOperators.OVERLAPS),
                ],
                condition=Q(active=True),
                violation_error_message=_("This asset is already booked for some of these days."),
            ),
        ]

    def __str__(self):
        return f"{self.asset} {self.start_date}–{self.end_date}"


class MaintenanceKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SERVICE = "service", _("Service")
    REPAIR = "repair", _("Repair")
    CALIBRATION = "calibration", _("Calibration")
    SAFETY_TEST = "safety_test", _("Safety test (PAT / LOLER)")
    CLEANING = "cleaning", _("Cleaning")
    OTHER = "other", _("Other")


class MaintenanceSchedule(models.Model):
    """Recurring maintenance: every N days, every N uses, or whichever comes first."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="maintenance_schedules")
    kind = models.CharField(max_length=20, choices=MaintenanceKind.choices, default=MaintenanceKind.INSPECTION)
    every_days = models.PositiveIntegerField(null=True, blank=True)
    every_uses = models.PositiveIntegerField(null=True, blank=True)
    last_done_on = models.DateField(null=True, blank=True)
    uses_at_last_done = models.PositiveIntegerField(default=0)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who hears when it falls due (else the workspace's asset managers)."),
    )
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["asset__tag", "id"]
        indexes = [models.Index(fields=["active", "asset"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=False) | Q(every_uses__isnull=False),
                name="maintenance_schedule_has_interval",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.asset} ({self.interval_label})"

    @property
    def interval_label(self) -> str:
        parts = []
        if self.every_days:
            parts.append(f"every {self.every_days} days")
        if self.every_uses:
            parts.append(f"every {self.every_uses} uses")
        return " or ".join(parts)

    def next_due_on(self) -> datetime.date | None:
        if not self.every_days:
            return None
        start = self.last_done_on or self.created_at.date()
        return start + datetime.timedelta(days=self.every_days)

    def is_due(self, today: datetime.date, use_count: int) -> bool:
        due_on = self.next_due_on()
        by_days = due_on is not None and due_on <= today
        by_uses = bool(self.every_uses and use_count - self.uses_at_last_done >= self.every_uses)
        return by_days or by_uses


class MaintenanceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


MAINTENANCE_TRANSITIONS = {MaintenanceStatus.OPEN: {MaintenanceStatus.DONE}, MaintenanceStatus.DONE: set()}


class MaintenanceRecord(WorkflowModel):
    """A maintenance job: opened when due (or by hand), done with its date, cost and notes."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="maintenance_records")
    schedule = models.ForeignKey(
        MaintenanceSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    kind = models.CharField(max_length=20, choices=MaintenanceKind.choices, default=MaintenanceKind.INSPECTION)
    status = models.CharField(max_length=10, choices=MaintenanceStatus.choices, default=MaintenanceStatus.OPEN)
    due_on = models.DateField(null=True, blank=True)
    performed_on = models.DateField(null=True, blank=True)
    cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, default="USD")
    notes = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("maintenance job")),
        MAINTENANCE_TRANSITIONS,
        states=lazy_words({MaintenanceStatus.OPEN: pgettext_lazy("maintenance job", "open")}),
        moves=lazy_words({MaintenanceStatus.DONE: _("marked done")}),
        perms={MaintenanceStatus.DONE: "assets.change_maintenancerecord"},
        event_prefix="maintenance",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "due_on"]),
            models.Index(fields=["asset", "created_at"]),
        ]
        constraints = [
            # The daily task may run twice: a schedule has at most one open job.
            models.UniqueConstraint(
                fields=["schedule"], condition=Q(status="open"), name="maintenance_one_open_job_per_schedule"
            ),
            models.CheckConstraint(condition=Q(cost__gte=0) | Q(cost__isnull=True), name="maintenance_cost_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.asset} ({self.get_status_display().lower()})"
