"""A site's utilities (power, water, internet, waste): their supplier and capacity, meter readings
and outages. Reporting an outage publishes `utility.outage_reported` inside its transaction; the
events module hears it and records the incident on the event on at the time."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.inputs import only_fields, require, text_cleaner
from dragonfly.tenancy.access import local_today

from ..errors import LocationInvalid
from ..models import Location, MeterReading, Outage, Utility, UtilityKind

UTILITY_FIELDS = ("kind", "supplier", "capacity", "meter_unit", "notes")
OUTAGE_REPORTED = "utility.outage_reported"
_text = text_cleaner(LocationInvalid)


def add_utility(location: Location, *, actor: Any, kind: str, **fields: Any) -> Utility:
    require(actor, "locations.add_utility", location, _("You may not add utilities to this venue."))
    only_fields(fields, UTILITY_FIELDS, LocationInvalid)
    utility = Utility(location=location)
    _apply(utility, {"kind": kind, **fields})
    with transaction.atomic():
        utility.save()
        record_activity(location, actor=actor, verb="location.utility_added", data={"utility": utility.kind})
    return utility


def update_utility(utility: Utility, *, actor: Any, **changes: Any) -> Utility:
    require(actor, "locations.change_utility", utility, _("You may not change this utility."))
    only_fields(changes, UTILITY_FIELDS, LocationInvalid)
    _apply(utility, changes)
    with transaction.atomic():
        utility.save()
        record_activity(utility.location, actor=actor, verb="location.utility_edited", data={"fields": sorted(changes)})
    return utility


def delete_utility(utility: Utility, *, actor: Any) -> None:
    """Remove a utility with its meter readings and outages (the incidents they became stay on their events)."""
    require(actor, "locations.delete_utility", utility, _("You may not remove this utility."))
    with transaction.atomic():
        record_activity(utility.location, actor=actor, verb="location.utility_removed", data={"utility": utility.kind})
        utility.delete()


def record_reading(utility: Utility, *, actor: Any, read_on: datetime.date, value: Any) -> MeterReading:
    """A meter reading on a day (not a future one)."""
    require(actor, "locations.add_meterreading", utility, _("You may not record meter readings here."))
    if read_on is None or read_on > local_today(utility.location.workspace):
        raise LocationInvalid(_("Give the day the meter was read, today or earlier."))
    try:
        number = Decimal(str(value)).quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError):
        raise LocationInvalid(_("Give the reading as a number.")) from None
    if number < 0 or number >= Decimal("1e11"):
        raise LocationInvalid(_("Give the reading as a number of zero or more."))
    reading = MeterReading(utility=utility, read_on=read_on, value=number, recorded_by=actor)
    with transaction.atomic():
        reading.save()
        record_activity(
            utility.location,
            actor=actor,
            verb="location.meter_read",
            data={"utility": utility.kind, "value": str(number), "read_on": read_on.isoformat()},
        )
    return reading


def report_outage(
    utility: Utility,
    *,
    actor: Any,
    started_at: datetime.datetime,
    description: str,
    ended_at: datetime.datetime | None = None,
) -> Outage:
    """Record an outage; `utility.outage_reported` goes out in the same transaction, so the incident
    the events module records for it is saved with it or not at all."""
    require(actor, "locations.add_outage", utility, _("You may not report outages here."))
    if started_at is None or timezone.is_naive(started_at):
        raise LocationInvalid(_("Give the time the outage started."))
    if started_at > timezone.now():
        raise LocationInvalid(_("An outage is reported once it has started."))
    if ended_at is not None:
        _check_end(started_at, ended_at)
    outage = Outage(
        utility=utility,
        started_at=started_at,
        ended_at=ended_at,
        description=_text(description, _("description"), max_length=5000, required=True),
        reported_by=actor,
    )
    location = utility.location
    with transaction.atomic():
        outage.save()
        entry = record_activity(location, actor=actor, verb="location.outage_reported", data={"utility": utility.kind})
        publish(OUTAGE_REPORTED, outage, actor=actor, workspace=location.workspace, entry=entry)
    return outage


def end_outage(outage: Outage, *, actor: Any, ended_at: datetime.datetime) -> Outage:
    """Mark an ongoing outage as over at `ended_at`: after it started, and not later than now."""
    require(actor, "locations.change_outage", outage, _("You may not end this outage."))
    with transaction.atomic():
        outage = Outage.objects.select_for_update().select_related("utility__location").get(pk=outage.pk)
        if outage.ended_at is not None:
            raise LocationInvalid(_("This outage is already over."))
        _check_end(outage.started_at, ended_at)
        outage.ended_at = ended_at
        outage.save(update_fields=["ended_at"])
        record_activity(
            outage.utility.location,
            actor=actor,
            verb="location.outage_ended",
            data={"utility": outage.utility.kind, "lasted": outage.duration},
        )
    return outage


def _check_end(started_at: datetime.datetime, ended_at: datetime.datetime | None) -> None:
    if ended_at is None or timezone.is_naive(ended_at):
        raise LocationInvalid(_("Give the time the outage ended."))
    if ended_at <= started_at:
        raise LocationInvalid(_("The outage must end after it started."))
    if ended_at > timezone.now():
        raise LocationInvalid(_("An outage is marked over once it has ended: give a time no later than now."))


def _apply(utility: Utility, fields: dict[str, Any]) -> None:
    if "kind" in fields:
        if fields["kind"] not in UtilityKind.values:
            raise LocationInvalid(_("Pick power, water, internet or waste."))
        utility.kind = fields["kind"]
    for name, label, size in (
        ("supplier", _("supplier"), 200),
        ("capacity", _("capacity"), 200),
        ("meter_unit", _("meter unit"), 20),
        ("notes", _("notes"), 5000),
    ):
        if name in fields:
            setattr(utility, name, _text(fields[name], label, max_length=size))
