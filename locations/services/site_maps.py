"""Site maps: a venue's uploaded plan, with pins and zones placed on it.

A point is relative to the plan, (0, 0) its top left and (1, 1) its bottom right, so pins stay put
whatever size the plan is shown at. A pin is one point; a zone is a polygon of three or more (a
rectangle from the form is its four corners)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields, require, text_cleaner
from dragonfly.files.services import UploadRefused, store_upload

from ..errors import LocationInUse, LocationInvalid
from ..models import Location, SiteMap, Zone, ZoneKind

PLAN_BUCKET = "technical-drawings"
ZONE_FIELDS = ("name", "kind", "points", "notes")
MAX_POINTS = 50
_text = text_cleaner(LocationInvalid)


def add_site_map(location: Location, *, actor: Any, name: str, upload: Any) -> SiteMap:
    """Upload a plan of `location` (an image to place pins on, or a PDF); a refused upload stores nothing."""
    require(actor, "locations.add_sitemap", location, _("You may not add site maps to this venue."))
    site_map = SiteMap(location=location, name=_text(name, _("site map's name"), max_length=200, required=True))
    try:
        with transaction.atomic():
            site_map.plan = store_upload(
                upload, bucket=PLAN_BUCKET, actor=actor, workspace=location.workspace, attach_to=location
            )
            site_map.save()
            record_activity(location, actor=actor, verb="location.site_map_added", data={"site_map": site_map.name})
    except UploadRefused as exc:
        raise LocationInvalid(" ".join(exc.messages)) from None
    return site_map


def update_site_map(site_map: SiteMap, *, actor: Any, **changes: Any) -> SiteMap:
    """Rename a site map (its plan and venue stay: a new plan is a new site map)."""
    require(actor, "locations.change_sitemap", site_map, _("You may not change this site map."))
    only_fields(changes, ("name",), LocationInvalid)
    old = site_map.name
    site_map.name = _text(changes.get("name", old), _("site map's name"), max_length=200, required=True)
    with transaction.atomic():
        site_map.save(update_fields=["name"])
        record_activity(
            site_map.location, actor=actor, verb="location.site_map_renamed", data={"from": old, "to": site_map.name}
        )
    return site_map


def delete_site_map(site_map: SiteMap, *, actor: Any) -> None:
    """Remove a site map with its pins and zones; refused while an event, crew call or asset still points
    at one of them (they would lose their place silently). The plan stays in the venue's files."""
    require(actor, "locations.delete_sitemap", site_map, _("You may not remove this site map."))
    with transaction.atomic():
        uses = _uses_of(Zone.objects.filter(site_map=site_map))
        if uses:
            raise LocationInUse(
                _("“%(name)s” is still in use: %(uses)s point at its pins and zones. Point them elsewhere first.")
                % {"name": site_map.name, "uses": ", ".join(uses)}
            )
        record_activity(
            site_map.location, actor=actor, verb="location.site_map_removed", data={"site_map": site_map.name}
        )
        site_map.delete()


def _uses_of(zones: Any) -> list[str]:
    """What the modules above point at these zones with ("events: 2"), read through Django's relations
    so locations names none of them."""
    uses = []
    for relation in Zone._meta.related_objects:
        model = relation.related_model
        count = model._base_manager.filter(**{f"{relation.field.name}__in": zones}).count()
        if count:
            uses.append(f"{model._meta.verbose_name_plural}: {count}")
    return uses


def rectangle(x: float, y: float, width: float, height: float) -> list[list[float]]:
    """The four corners of a rectangle given by its top left corner and its size."""
    return [[x, y], [x + width, y], [x + width, y + height], [x, y + height]]


def add_zone(
    site_map: SiteMap, *, actor: Any, name: str, points: Sequence[Any], kind: str = ZoneKind.PIN, notes: str = ""
) -> Zone:
    """Place a pin (one point) or a zone (three points or more) on a site map."""
    require(actor, "locations.add_zone", site_map, _("You may not place pins or zones on this site map."))
    zone = Zone(site_map=site_map)
    _apply(zone, {"name": name, "kind": kind, "points": points, "notes": notes})
    with transaction.atomic():
        zone.save()
        record_activity(site_map.location, actor=actor, verb="location.zone_added", data={"zone": zone.name})
    return zone


def update_zone(zone: Zone, *, actor: Any, **changes: Any) -> Zone:
    require(actor, "locations.change_zone", zone, _("You may not change this zone."))
    only_fields(changes, ZONE_FIELDS, LocationInvalid)
    _apply(zone, {"kind": zone.kind, "points": zone.points, **changes})
    with transaction.atomic():
        zone.save()
        record_activity(zone.site_map.location, actor=actor, verb="location.zone_edited", data={"zone": zone.name})
    return zone


def delete_zone(zone: Zone, *, actor: Any) -> None:
    require(actor, "locations.delete_zone", zone, _("You may not remove this zone."))
    with transaction.atomic():
        record_activity(zone.site_map.location, actor=actor, verb="location.zone_removed", data={"zone": zone.name})
        zone.delete()


def _apply(zone: Zone, fields: dict[str, Any]) -> None:
    if "name" in fields:
        zone.name = _text(fields["name"], _("zone's name"), max_length=120, required=True)
    if "notes" in fields:
        zone.notes = _text(fields["notes"], _("notes"), max_length=300)
    if fields.get("kind") not in ZoneKind.values:
        raise LocationInvalid(_("Pick a pin or a zone."))
    zone.kind = fields["kind"]
    zone.points = _points(fields["points"], zone.kind)


def _points(raw: Any, kind: str) -> list[list[float]]:
    try:
        points = [[round(float(x), 5), round(float(y), 5)] for x, y in raw]
    except (TypeError, ValueError):
        raise LocationInvalid(_("Give the points as pairs of numbers, [[x, y], …].")) from None
    if any(not (0 <= v <= 1) for point in points for v in point):
        raise LocationInvalid(_("A point lies on the plan: x and y between 0 and 1.")) from None
    if kind == ZoneKind.PIN and len(points) != 1:
        raise LocationInvalid(_("A pin is one point."))
    if kind == ZoneKind.AREA and not 3 <= len(points) <= MAX_POINTS:
        raise LocationInvalid(
            _("A zone has between 3 and %(limit)s corners; give a width and a height for a rectangle.")
            % {"limit": MAX_POINTS}
        )
    return points


def check_zone(zone: Zone | None, *, workspace: Any, actor: Any) -> Zone | None:
    """A zone an event, crew call or asset of `workspace` may point at: one the actor sees there."""
    if zone is not None and not Zone.objects.visible_to(actor).in_workspace(workspace).filter(pk=zone.pk).exists():
        raise LocationInvalid(_("Pick a pin or zone of this workspace's site maps."))
    return zone
