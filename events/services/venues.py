"""Venues and the spaces inside them, with their site documents (floor plans, rider packs)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from dragonfly.activity.services import record_activity
from dragonfly.files.services import UploadRefused, store_upload

from ..errors import EventInvalid
from ..models import Location, LocationKind
from ._common import check_choice, clean_text, require, workspace_zone, zone

LOCATION_FIELDS = (
    "name",
    "kind",
    "parent",
    "address",
    "city",
    "country",
    "timezone",
    "capacity",
    "latitude",
    "longitude",
    "contacts",
    "notes",
)
DOCUMENT_BUCKETS = {"technical-drawings": "Floor plan or drawing", "documents": "Document"}


def create_location(*, actor, workspace, name, **fields):
    require(actor, "events.add_location", workspace, "Your role does not add venues in this workspace.")
    location = Location(workspace=workspace, timezone=workspace_zone(workspace).key)
    _apply(location, {"name": name, **fields}, actor=actor)
    with transaction.atomic():
        location.save()
        record_activity(location, actor=actor, verb="location.created")
    return location


def update_location(location, *, actor, **changes):
    require(actor, "events.change_location", location, "You may not edit this venue.")
    unknown = set(changes) - set(LOCATION_FIELDS)
    if unknown:
        raise EventInvalid(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    _apply(location, changes, actor=actor)
    with transaction.atomic():
        location.save()
        record_activity(location, actor=actor, verb="location.edited", data={"fields": sorted(changes)})
    return location


def add_site_document(location, *, actor, upload, bucket="technical-drawings"):
    require(actor, "events.change_location", location, "You may not add documents to this venue.")
    if bucket not in DOCUMENT_BUCKETS:
        raise EventInvalid("Pick the kind of document.")
    try:
        with transaction.atomic():
            attachment = store_upload(
                upload, bucket=bucket, actor=actor, workspace=location.workspace, attach_to=location
            )
            record_activity(
                location, actor=actor, verb="location.document_added", data={"file": attachment.original_name}
            )
    except UploadRefused as exc:
        raise EventInvalid(" ".join(exc.messages)) from None
    return attachment


def site_documents(location):
    from django.contrib.contenttypes.models import ContentType

    from dragonfly.files.models import Attachment

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Location), object_id=str(location.pk)
    ).order_by("-created_at")


def _apply(location, fields, *, actor):
    if "name" in fields:
        location.name = clean_text(fields["name"], "venue's name", max_length=200, required=True)
    if "kind" in fields:
        location.kind = check_choice(fields["kind"], LocationKind, "kind of venue")
    if "parent" in fields:
        parent = fields["parent"]
        if parent is not None:
            if parent.pk == location.pk or parent.parent_id is not None:
                raise EventInvalid("A space sits inside a venue, and a venue inside nothing: pick a top-level venue.")
            if not Location.objects.visible_to(actor).filter(pk=parent.pk, workspace=location.workspace).exists():
                raise EventInvalid("Pick a venue of this workspace.")
            if location.pk and location.spaces.exists():
                raise EventInvalid("This venue has spaces of its own; it cannot become a space of another.")
        location.parent = parent
    for name, size in (("address", 1000), ("city", 120), ("country", 80), ("contacts", 5000), ("notes", 20000)):
        if name in fields:
            setattr(location, name, clean_text(fields[name], name, max_length=size))
    if fields.get("timezone"):
        location.timezone = zone(fields["timezone"]).key
    if "capacity" in fields:
        capacity = fields["capacity"]
        if capacity is not None and (int(capacity) < 0 or int(capacity) > 10_000_000):
            raise EventInvalid("Give the capacity as a number of people.")
        location.capacity = capacity
    for name, limit in (("latitude", 90), ("longitude", 180)):
        if name in fields:
            value = fields[name]
            if value in (None, ""):
                setattr(location, name, None)
                continue
            try:
                value = Decimal(str(value)).quantize(Decimal("0.000001"))
            except (InvalidOperation, ValueError):
                raise EventInvalid(f"The {name} must be a number.") from None
            if abs(value) > limit:
                raise EventInvalid(f"The {name} lies between -{limit} and {limit}.")
            setattr(location, name, value)
