"""Venues and the spaces inside them, with their site documents (floor plans, rider packs).

Each service takes the object first and the acting user keyword-only, checks
`actor.has_perm(perm, obj)`, and writes the row and its activity entry in one transaction.
The pages and the API call these same functions.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields, require, text_cleaner
from dragonfly.files.models import Attachment
from dragonfly.files.services import UploadRefused, store_upload
from dragonfly.tenancy.access import org_timezone
from dragonfly.tenancy.models import Workspace

from ..errors import LocationInvalid
from ..models import Location, LocationKind

# The fields a person sets on a venue (the API lists them in this order).
LOCATION_FIELDS = (
    "parent",
    "name",
    "kind",
    "address",
    "city",
    "country",
    "timezone",
    "capacity",
    "latitude",
    "longitude",
    "contacts",
    "loading_dock",
    "power",
    "rigging_points",
    "parking",
    "notes",
)
DOCUMENT_BUCKETS = {"technical-drawings": gettext_lazy("Floor plan or drawing"), "documents": gettext_lazy("Document")}
TEXT_LIMITS = (
    ("address", 1000),
    ("city", 120),
    ("country", 80),
    ("contacts", 5000),
    ("loading_dock", 5000),
    ("power", 5000),
    ("rigging_points", 5000),
    ("parking", 5000),
    ("notes", 20000),
)


def namesake_warnings(location: Location) -> list[str]:
    """Two venues of one name are allowed (a Town Hall in two cities), but said, so a duplicate is
    noticed: the page shows it as a message, the API as the new venue's `warnings`."""
    others = list(location.namesakes()[:3])
    if not others:
        return []
    where = ", ".join(o.city or _("no city given") for o in others)
    return [
        _("Another venue in this workspace is also named “%(name)s” (%(where)s): check it is not the same place.")
        % {"name": location.name, "where": where}
    ]


def create_location(*, actor: Any, workspace: Workspace, name: str, **fields: Any) -> Location:
    """A new venue (or, with `parent`, a space inside one) in `workspace`, in the organization's
    timezone unless another is given; `warnings` on it names any namesakes (namesake_warnings)."""
    require(actor, "locations.add_location", workspace, _("Your role does not add venues in this workspace."))
    location = Location(workspace=workspace, timezone=_zone_name(org_timezone(workspace)))
    _apply(location, {"name": name, **fields}, actor=actor)
    with transaction.atomic():
        location.save()
        record_activity(location, actor=actor, verb="location.created")
    location.warnings = namesake_warnings(location)
    return location


def update_location(location: Location, *, actor: Any, **changes: Any) -> Location:
    """Change a venue's fields (any of LOCATION_FIELDS); the activity entry names the fields changed."""
    require(actor, "locations.change_location", location, _("You may not edit this venue."))
    only_fields(changes, LOCATION_FIELDS, LocationInvalid)
    _apply(location, changes, actor=actor)
    with transaction.atomic():
        location.save()
        record_activity(location, actor=actor, verb="location.edited", data={"fields": sorted(changes)})
    return location


def add_site_document(location: Location, *, actor: Any, upload: Any, bucket: str = "technical-drawings") -> Attachment:
    """Attach a floor plan, drawing or document to a venue; a refused upload stores nothing."""
    require(actor, "locations.change_location", location, _("You may not add documents to this venue."))
    if bucket not in DOCUMENT_BUCKETS:
        raise LocationInvalid(_("Pick the kind of document."))
    try:
        with transaction.atomic():
            attachment = store_upload(
                upload, bucket=bucket, actor=actor, workspace=location.workspace, attach_to=location
            )
            record_activity(
                location, actor=actor, verb="location.document_added", data={"file": attachment.original_name}
            )
    except UploadRefused as exc:
        raise LocationInvalid(" ".join(exc.messages)) from None
    return attachment


def site_documents(location: Location) -> QuerySet[Attachment]:
    """The venue's documents, newest first."""
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Location), object_id=str(location.pk)
    ).order_by("-created_at")


# --- checks ------------------------------------------------------------------------------------
_text = text_cleaner(LocationInvalid)


def _zone_name(tz: Any) -> str:
    return getattr(tz, "key", None) or "UTC"


def _apply(location: Location, fields: Mapping[str, Any], *, actor: Any) -> None:
    if "name" in fields:
        location.name = _text(fields["name"], _("venue's name"), max_length=200, required=True)
    if "kind" in fields:
        if fields["kind"] not in LocationKind.values:
            raise LocationInvalid(_("Pick a kind of venue from the list."))
        location.kind = fields["kind"]
    if "parent" in fields:
        parent = fields["parent"]
        if parent is not None:
            if parent.pk == location.pk or parent.parent_id is not None:
                raise LocationInvalid(
                    _("A space sits inside a venue, and a venue inside nothing: pick a top-level venue.")
                )
            if not Location.objects.visible_to(actor).filter(pk=parent.pk, workspace=location.workspace).exists():
                raise LocationInvalid(_("Pick a venue of this workspace."))
            if location.pk and location.spaces.exists():
                raise LocationInvalid(_("This venue has spaces of its own; it cannot become a space of another."))
        location.parent = parent
    for name, size in TEXT_LIMITS:
        if name in fields:
            setattr(location, name, _text(fields[name], name, max_length=size))
    if fields.get("timezone"):
        try:
            location.timezone = zoneinfo.ZoneInfo(fields["timezone"]).key
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise LocationInvalid(
                _("“%(timezone)s” is not a timezone; use a name such as Europe/Berlin.")
                % {"timezone": fields["timezone"]}
            ) from None
    if "capacity" in fields:
        capacity = fields["capacity"]
        if capacity is not None and (int(capacity) < 0 or int(capacity) > 10_000_000):
            raise LocationInvalid(_("Give the capacity as a number of people."))
        location.capacity = capacity
    for name, limit in (("latitude", 90), ("longitude", 180)):
        if name in fields:
            setattr(location, name, _coordinate(fields[name], str(COORDINATE_LABELS[name]), limit))


# The coordinates as a refusal names them (the field names are identifiers).
COORDINATE_LABELS = {"latitude": gettext_lazy("latitude"), "longitude": gettext_lazy("longitude")}


def _coordinate(value: Any, name: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise LocationInvalid(_("The %(name)s must be a number.") % {"name": name}) from None
    if abs(number) > limit:
        raise LocationInvalid(_("The %(name)s lies between -%(limit)s and %(limit)s.") % {"name": name, "limit": limit})
    return number
