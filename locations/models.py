"""Locations: venues, and the spaces inside them (a stage, a hall, a room).

The lowest module: productions point at a venue, events are booked into one, and neither
needs the other for it. The venue pages are shown inside the Events navigation entry (there
is no separate module to open); who may see and change a venue is `locations.*_location`.
"""

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import LocationQuerySet


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
    OTHER = "other", _("Other")


class Location(models.Model):
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
