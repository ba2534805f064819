"""Locations: venues, and the spaces inside them (a stage, a hall, a room).

The lowest module: productions point at a venue, events are booked into one, and neither
needs the other for it. The venue pages are shown inside the Events navigation entry (there
is no separate module to open); who may see and change a venue is `locations.*_location`.
"""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.core import formatting
from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet

from .querysets import LocationQuerySet, ZoneQuerySet


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            _("“%(value)s” is not a timezone; use a name such as Europe/Berlin.") % {"value": value}
        ) from None


class LocationKind(models.TextChoices):
    ARENA = "arena", _("Arena")
    STADIUM = "stadium", _("Stadium")
    THEATRE = "theatre", _("Theatre")
    CLUB = "club", _("Club")
    FIELD = "field", _("Field / open air")
    CONVENTION = "convention", _("Convention centre")
    HOTEL = "hotel", _("Hotel")
    WAREHOUSE = "warehouse", _("Warehouse")
    OFFICE = "office", _("Office")
    STUDIO = "studio", _("Studio")
    STAGE = "stage", _("Stage / room in a venue")
    ROOM = "room", _("Room")
    BACKSTAGE = "backstage", _("Backstage area")
    GATE = "gate", _("Gate")
    OTHER = "other", _("Other")


class Location(Versioned):
    """A venue, or a space inside one (a stage, a hall) when it has a parent."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="locations", verbose_name=_("workspace")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="spaces",
        help_text=_("The venue this space is part of, for a stage or a room."),
        verbose_name=_("parent"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    kind = models.CharField(
        max_length=20, choices=LocationKind.choices, default=LocationKind.ARENA, verbose_name=_("kind")
    )
    address = models.TextField(blank=True, verbose_name=_("address"))
    city = models.CharField(max_length=120, blank=True, verbose_name=_("city"))
    country = models.CharField(max_length=80, blank=True, verbose_name=_("country"))
    timezone = models.CharField(
        max_length=64, default="UTC", validators=[validate_timezone], verbose_name=_("timezone")
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("capacity"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("latitude"))
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("longitude"))
    contacts = models.TextField(
        blank=True, help_text=_("One per line: name, role, phone, email."), verbose_name=_("contacts")
    )
    # Load-in details: what a production manager advances before the trucks arrive.
    loading_dock = models.TextField(
        blank=True, help_text=_("Docks, truck access, turnaround."), verbose_name=_("loading dock")
    )
    power = models.TextField(blank=True, help_text=_("e.g. 2 × 400 A 3-phase, stage left."), verbose_name=_("power"))
    rigging_points = models.TextField(
        blank=True, help_text=_("Points, their load ratings, trim height."), verbose_name=_("rigging points")
    )
    parking = models.TextField(blank=True, help_text=_("Trucks, buses, crew cars."), verbose_name=_("parking"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = LocationQuerySet.as_manager()
    warnings: list[str]  # on a venue just created: its namesakes (services.namesake_warnings)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "name"], name="location_ws_name")]

    def __str__(self) -> str:
        return f"{self.parent.name} — {self.name}" if self.parent_id and self.parent else self.name

    def namesakes(self):
        """Other venues (or spaces of the same venue) of this workspace with the same name: maybe the same place."""
        same = Location.objects.filter(workspace_id=self.workspace_id, parent_id=self.parent_id, name__iexact=self.name)
        return same.exclude(pk=self.pk)

    def choice_label(self) -> str:
        """In a picker: two venues may share a name, the city tells them apart."""
        return f"{self}, {self.city}" if self.city and not self.parent_id else str(self)

    def clash_ids(self) -> set[int]:
        """Locations whose bookings clash with this one: itself, the venue it is in, its spaces."""
        ids = {self.pk}
        if self.parent_id:
            ids.add(self.parent_id)
        ids.update(self.spaces.values_list("pk", flat=True))
        return ids

    def contact_lines(self) -> list[str]:
        return [line for line in self.contacts.splitlines() if line.strip()]


# --- booking clashes ---------------------------------------------------------------------------
class ClashPolicy(models.TextChoices):
    REFUSE = "refuse", _("Refuse the booking (unless confirmed)")
    WARN = "warn", _("Save it with a warning")


class BookingRule(models.Model):
    """How a workspace treats two events booked into one venue or facility at once (refuse when none)."""

    workspace = models.OneToOneField(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="booking_rule", verbose_name=_("workspace")
    )
    on_clash = models.CharField(
        max_length=10, choices=ClashPolicy.choices, default=ClashPolicy.REFUSE, verbose_name=_("on a clash")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking rule")
        verbose_name_plural = _("booking rules")

    def __str__(self) -> str:
        return f"{self.workspace}: {self.get_on_clash_display()}"


# --- site maps ---------------------------------------------------------------------------------
class SiteMap(Versioned):
    """An uploaded plan of a venue (an image or a PDF from the technical-drawings bucket)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="site_maps", verbose_name=_("venue"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    plan = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+", verbose_name=_("plan"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "location__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("site map")
        verbose_name_plural = _("site maps")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.plan.content_type_detected.startswith("image/")


class ZoneKind(models.TextChoices):
    PIN = "pin", _("Pin")
    AREA = "area", _("Zone")


class Zone(Versioned):
    """A pin (one point) or a named area (a polygon) on a site map, in coordinates relative to the
    plan (0..1 from its top left), so it stays put whatever size the plan is shown at. Events, crew
    calls and assets may point at one."""

    site_map = models.ForeignKey(SiteMap, on_delete=models.CASCADE, related_name="zones", verbose_name=_("site map"))
    name = models.CharField(max_length=120, verbose_name=_("name"))
    kind = models.CharField(max_length=10, choices=ZoneKind.choices, default=ZoneKind.PIN, verbose_name=_("kind"))
    points = models.JSONField(default=list, verbose_name=_("points"), help_text=_("[[x, y], …] between 0 and 1."))
    notes = models.CharField(max_length=300, blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "site_map__location__workspace"
    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site_map.location.name})"

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)

    @property
    def center(self) -> tuple[float, float]:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return sum(xs) / len(xs), sum(ys) / len(ys)


# --- utilities ---------------------------------------------------------------------------------
class UtilityKind(models.TextChoices):
    POWER = "power", _("Power")
    WATER = "water", _("Water")
    INTERNET = "internet", _("Internet")
    WASTE = "waste", _("Waste")


class Utility(Versioned):
    """A supply of a site: who provides it and how much of it there is."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="utilities", verbose_name=_("venue"))
    kind = models.CharField(max_length=10, choices=UtilityKind.choices, verbose_name=_("kind"))
    supplier = models.CharField(max_length=200, blank=True, verbose_name=_("supplier"))
    capacity = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. 400 A 3-phase, 1 Gbit/s, 2 × 40 m³ skips"),
        verbose_name=_("capacity"),
    )
    meter_unit = models.CharField(max_length=20, blank=True, help_text=_("e.g. kWh, m³"), verbose_name=_("meter unit"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "location__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("utility")
        verbose_name_plural = _("utilities")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.location.name}"


class MeterReading(models.Model):
    utility = models.ForeignKey(Utility, on_delete=models.CASCADE, related_name="readings", verbose_name=_("utility"))
    read_on = models.DateField(verbose_name=_("read on"))
    value = models.DecimalField(max_digits=14, decimal_places=3, verbose_name=_("value"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "utility__location__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["-read_on", "-id"]
        indexes = [models.Index(fields=["utility", "read_on"], name="meter_reading_utility_day")]

    def __str__(self) -> str:
        return f"{self.utility_id}: {self.value} on {self.read_on}"


class Outage(models.Model):
    """A utility that failed for a while; reported, it becomes an incident on the event on at the time
    (events hears `utility.outage_reported`)."""

    utility = models.ForeignKey(Utility, on_delete=models.CASCADE, related_name="outages", verbose_name=_("utility"))
    started_at = models.DateTimeField(verbose_name=_("started at"))
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))
    description = models.TextField(verbose_name=_("description"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "utility__location__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.utility}: {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> str:
        """How long an ended outage lasted ("2 h 15 min"); "" while it lasts."""
        return formatting.duration(self.ended_at - self.started_at) if self.ended_at else ""
