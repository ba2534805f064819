"""Assets and kits: create, edit, and keep an asset's status in line with its bookings and jobs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition
from locations.errors import LocationInvalid
from locations.services import check_zone

from ..errors import AssetInvalid
from ..models import (
    MANUAL_STATUSES,
    Asset,
    AssetStatus,
    Kit,
    MaintenanceRecord,
    MaintenanceStatus,
    ReservationItem,
    ReservationStatus,
    normalize_tag,
)
from ._common import require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

ASSET_FIELDS = (
    "tag",
    "name",
    "category",
    "make",
    "model_name",
    "serial_number",
    "home_location",
    "purchase_date",
    "purchase_value",
    "currency",
    "notes",
    "catalog_item",
    "zone",
)


# --- assets ----------------------------------------------------------------------------------
def create_asset(workspace: Workspace, *, actor: User, status: str = AssetStatus.AVAILABLE, **fields: Any) -> Asset:
    require(actor, "assets.add_asset", workspace, _("Your role does not add assets in this workspace."))
    data = _clean_asset_fields(fields)
    _check_zone(data, workspace, actor)
    data.setdefault("currency", workspace.organization.currency)
    if status not in MANUAL_STATUSES:
        raise AssetInvalid(_("A new asset starts as available, lost or retired; pick one of these."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                asset = Asset.objects.create(
                    organization_id=workspace.organization_id, workspace=workspace, status=status, **data
                )
        except IntegrityError as exc:
            raise AssetInvalid(_("Tag %(tag)s is already used in this organization.") % {"tag": data["tag"]}) from exc
        record_activity(asset, actor=actor, verb="asset.created", to_state=status)
    return asset


def update_asset(asset: Asset, *, actor: User, status: str | None = None, **fields: Any) -> Asset:
    """Edit an asset. `status` may be set by hand only to available, lost or retired (Asset.workflow)."""
    require(actor, "assets.change_asset", asset, _("You may not edit this asset."))
    data = _clean_asset_fields(fields)
    _check_zone(data, asset.workspace, actor)
    changed = sorted(data)

    def apply(row: Asset) -> None:
        for key, value in data.items():
            setattr(row, key, value)

    with transaction.atomic():
        locked = Asset.objects.select_for_update().get(pk=asset.pk)
        moving = status is not None and status != locked.status
        if moving and status not in MANUAL_STATUSES:
            raise AssetInvalid(
                _(
                    "Reserved, checked out and in maintenance are set by reservations and maintenance jobs; "
                    "pick available, lost or retired."
                )
            )
        try:
            with transaction.atomic():
                if moving:
                    # Already locked above (the status decides whether this is a move at all).
                    transition(
                        locked,
                        status,
                        actor=actor,
                        verb="asset.edited",
                        prepare=apply,
                        fields=changed,
                        data={"changed": changed},
                        lock=False,
                    )
                else:
                    apply(locked)
                    locked.save()
                    record_activity(
                        locked,
                        actor=actor,
                        verb="asset.edited",
                        from_state=locked.status,
                        to_state=locked.status,
                        data={"changed": changed},
                    )
        except IntegrityError as exc:
            raise AssetInvalid(_("Tag %(tag)s is already used in this organization.") % {"tag": locked.tag}) from exc
        if locked.status == AssetStatus.AVAILABLE:
            settle_status(locked)
    return locked


def _clean_asset_fields(fields):
    unknown = set(fields) - set(ASSET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown asset fields: {sorted(unknown)}")
    data = dict(fields)
    if "tag" in data:
        data["tag"] = normalize_tag(data["tag"])
        if not data["tag"]:
            raise AssetInvalid(_("An asset needs a tag."))
    for name in ("name", "category"):
        if name in data and not (data[name] or "").strip():
            raise AssetInvalid(_("An asset needs a %(name)s.") % {"name": name})
    if data.get("purchase_value") is not None and data["purchase_value"] < 0:
        raise AssetInvalid(_("A purchase value cannot be negative."))
    return data


def _check_zone(data: dict[str, Any], workspace: Workspace, actor: User) -> None:
    """An asset placed on a site map points at a pin or zone its editor sees in its workspace."""
    try:
        check_zone(data.get("zone"), workspace=workspace, actor=actor)
    except LocationInvalid as exc:
        raise AssetInvalid(str(exc)) from None


def settle_status(asset: Asset, today: datetime.date | None = None) -> str:
    """Put an asset's status back in line with its bookings and jobs (lost and retired stay as they are).

    A derived value, not a move: the caller holds the asset's lock and records the booking's or
    the job's own move, so this writes no activity of its own."""
    if asset.status in (AssetStatus.LOST, AssetStatus.RETIRED):
        return asset.status
    today = today or timezone.localdate()
    holding = ReservationItem.objects.filter(asset=asset, active=True)
    if holding.filter(reservation__status=ReservationStatus.CHECKED_OUT).exists():
        status = AssetStatus.CHECKED_OUT
    elif MaintenanceRecord.objects.filter(asset=asset, status=MaintenanceStatus.OPEN).exists():
        status = AssetStatus.MAINTENANCE
    elif holding.filter(end_date__gte=today).exists():
        status = AssetStatus.RESERVED
    else:
        status = AssetStatus.AVAILABLE
    if status != asset.status:
        Asset.objects.filter(pk=asset.pk).update(status=status, updated_at=timezone.now())
        asset.status = status
    return status


# --- kits ------------------------------------------------------------------------------------
def create_kit(
    workspace: Workspace, *, actor: User, name: str, description: str = "", assets: Iterable[Asset] = ()
) -> Kit:
    require(actor, "assets.add_kit", workspace, _("Your role does not create kits in this workspace."))
    assets = _kit_assets(workspace, assets)
    if not (name or "").strip():
        raise AssetInvalid(_("A kit needs a name."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                kit = Kit.objects.create(workspace=workspace, name=name.strip(), description=description)
        except IntegrityError as exc:
            raise AssetInvalid(_("A kit called “%(name)s” already exists here.") % {"name": name}) from exc
        kit.assets.set(assets)
        record_activity(kit, actor=actor, verb="kit.created", data={"assets": [a.tag for a in assets]})
    return kit


def update_kit(
    kit: Kit,
    *,
    actor: User,
    name: str | None = None,
    description: str | None = None,
    assets: Iterable[Asset] | None = None,
) -> Kit:
    require(actor, "assets.change_kit", kit, _("You may not edit this kit."))
    with transaction.atomic():
        kit = Kit.objects.select_for_update().get(pk=kit.pk)
        if name is not None:
            if not name.strip():
                raise AssetInvalid(_("A kit needs a name."))
            kit.name = name.strip()
        if description is not None:
            kit.description = description
        try:
            with transaction.atomic():
                kit.save()
        except IntegrityError as exc:
            raise AssetInvalid(_("A kit called “%(name)s” already exists here.") % {"name": kit.name}) from exc
        if assets is not None:
            kit.assets.set(_kit_assets(kit.workspace, assets))
        record_activity(kit, actor=actor, verb="kit.edited")
    return kit


def _kit_assets(workspace, assets):
    assets = list(assets)
    if any(a.workspace_id != workspace.pk for a in assets):
        raise AssetInvalid(_("A kit holds assets of its own workspace only."))
    return assets
