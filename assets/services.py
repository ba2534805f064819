"""Asset workflows: every change to assets, kits, reservations and maintenance goes through here.

Each function takes the object first (or the workspace it creates in) and the acting user
as `actor=`, checks `actor.has_perm(...)`, runs in one transaction, writes the activity
entry inside it and queues notifications for after the commit. Reserving locks the asset
rows (`select_for_update`, in pk order) before it looks for overlapping bookings; on
PostgreSQL the exclusion constraint `asset_never_double_booked` is the last word.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dragonfly.activity.services import record_activity
from productions.models import Production

from .errors import AssetInvalid, DoubleBooking, InvalidMove, NotReservable
from .models import (
    MANUAL_STATUSES,
    UNRESERVABLE_STATUSES,
    Asset,
    AssetStatus,
    Kit,
    MaintenanceRecord,
    MaintenanceSchedule,
    MaintenanceStatus,
    Reservation,
    ReservationItem,
    ReservationStatus,
    normalize_tag,
)

MAX_RESERVATION_DAYS = 366  # assets.selectors relies on it to bound its range scans
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
)
R = ReservationStatus


def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


# --- assets ----------------------------------------------------------------------------------
def create_asset(workspace, *, actor, status=AssetStatus.AVAILABLE, **fields):
    _require(actor, "assets.add_asset", workspace, "Your role does not add assets in this workspace.")
    data = _clean_asset_fields(fields)
    data.setdefault("currency", workspace.organization.currency)
    if status not in MANUAL_STATUSES:
        raise AssetInvalid("A new asset is available, lost or retired.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                asset = Asset.objects.create(
                    organization_id=workspace.organization_id, workspace=workspace, status=status, **data
                )
        except IntegrityError as exc:
            raise AssetInvalid(f"Tag {data['tag']} is already used in this organization.") from exc
        record_activity(asset, actor=actor, verb="asset.created", to_state=status)
    return asset


def update_asset(asset, *, actor, status=None, **fields):
    """Edit an asset. `status` may be set by hand only to available, lost or retired."""
    _require(actor, "assets.change_asset", asset, "You may not edit this asset.")
    data = _clean_asset_fields(fields)
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        before = asset.status
        for key, value in data.items():
            setattr(asset, key, value)
        if status is not None and status != asset.status:
            if status not in MANUAL_STATUSES:
                raise AssetInvalid("Reserved, checked out and maintenance follow reservations and maintenance jobs.")
            if asset.status == AssetStatus.CHECKED_OUT and status != AssetStatus.LOST:
                raise InvalidMove(f"{asset.tag} is checked out; check it in first (or mark it lost).")
            asset.status = status
        try:
            with transaction.atomic():
                asset.save()
        except IntegrityError as exc:
            raise AssetInvalid(f"Tag {asset.tag} is already used in this organization.") from exc
        if asset.status == AssetStatus.AVAILABLE:
            settle_status(asset)
        record_activity(
            asset,
            actor=actor,
            verb="asset.edited",
            from_state=before,
            to_state=asset.status,
            data={"changed": sorted(data)},
        )
    return asset


def _clean_asset_fields(fields):
    unknown = set(fields) - set(ASSET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown asset fields: {sorted(unknown)}")
    data = dict(fields)
    if "tag" in data:
        data["tag"] = normalize_tag(data["tag"])
        if not data["tag"]:
            raise AssetInvalid("An asset needs a tag.")
    for name in ("name", "category"):
        if name in data and not (data[name] or "").strip():
            raise AssetInvalid(f"An asset needs a {name}.")
    if data.get("purchase_value") is not None and data["purchase_value"] < 0:
        raise AssetInvalid("A purchase value cannot be negative.")
    return data


def settle_status(asset, today=None):
    """Put an asset's status back in line with its bookings and jobs (lost and retired stay as they are)."""
    if asset.status in (AssetStatus.LOST, AssetStatus.RETIRED):
        return asset.status
    today = today or timezone.localdate()
    holding = ReservationItem.objects.filter(asset=asset, active=True)
    if holding.filter(reservation__status=R.CHECKED_OUT).exists():
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
def create_kit(workspace, *, actor, name, description="", assets=()):
    _require(actor, "assets.add_kit", workspace, "Your role does not create kits in this workspace.")
    assets = _kit_assets(workspace, assets)
    if not (name or "").strip():
        raise AssetInvalid("A kit needs a name.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                kit = Kit.objects.create(workspace=workspace, name=name.strip(), description=description)
        except IntegrityError as exc:
            raise AssetInvalid(f"A kit called “{name}” already exists here.") from exc
        kit.assets.set(assets)
        record_activity(kit, actor=actor, verb="kit.created", data={"assets": [a.tag for a in assets]})
    return kit


def update_kit(kit, *, actor, name=None, description=None, assets=None):
    _require(actor, "assets.change_kit", kit, "You may not edit this kit.")
    with transaction.atomic():
        kit = Kit.objects.select_for_update().get(pk=kit.pk)
        if name is not None:
            if not name.strip():
                raise AssetInvalid("A kit needs a name.")
            kit.name = name.strip()
        if description is not None:
            kit.description = description
        try:
            with transaction.atomic():
                kit.save()
        except IntegrityError as exc:
            raise AssetInvalid(f"A kit called “{kit.name}” already exists here.") from exc
        if assets is not None:
            kit.assets.set(_kit_assets(kit.workspace, assets))
        record_activity(kit, actor=actor, verb="kit.edited")
    return kit


def _kit_assets(workspace, assets):
    assets = list(assets)
    if any(a.workspace_id != workspace.pk for a in assets):
        raise AssetInvalid("A kit holds assets of its own workspace only.")
    return assets


# --- reservations ----------------------------------------------------------------------------
def reserve(*, actor, asset=None, kit=None, start_date, end_date, production=None, event=None, notes=""):
    """Book one asset, or every asset of a kit, from `start_date` to `end_date` (both days included).

    Refused, with nothing written, when an asset is in maintenance, lost or retired, or is
    already booked for any of those days (DoubleBooking names which)."""
    if (asset is None) == (kit is None):
        raise AssetInvalid("Reserve either one asset or one kit.")
    owner = asset or kit
    workspace = owner.workspace
    _require(actor, "assets.add_reservation", owner, "Your role does not reserve assets here.")
    _check_dates(start_date, end_date)
    production = _check_where(actor, workspace, production, event)
    with transaction.atomic():
        if kit is not None:
            ids = list(kit.assets.values_list("pk", flat=True))
            if not ids:
                raise AssetInvalid(f"Kit “{kit.name}” has no assets.")
        else:
            ids = [asset.pk]
        # Lock the asset rows in one order, so two bookings of overlapping kits wait for each
        # other instead of deadlocking, and the second sees what the first committed.
        locked = list(Asset.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        out_of_service = [a for a in locked if a.status in UNRESERVABLE_STATUSES]
        if out_of_service:
            names = ", ".join(f"{a.tag} ({a.get_status_display().lower()})" for a in out_of_service)
            raise NotReservable(f"Cannot reserve: {names}.")
        clashes = _clashes(ids, start_date, end_date)
        if clashes:
            raise DoubleBooking(_clash_message(clashes))
        reservation = Reservation.objects.create(
            workspace=workspace,
            kit=kit,
            production=production,
            event=event,
            start_date=start_date,
            end_date=end_date,
            notes=(notes or "").strip(),
            reserved_by=actor,
        )
        try:
            with transaction.atomic():
                ReservationItem.objects.bulk_create(
                    ReservationItem(reservation=reservation, asset=a, start_date=start_date, end_date=end_date)
                    for a in locked
                )
        except IntegrityError as exc:  # PostgreSQL's exclusion constraint: someone else got there first
            raise DoubleBooking("These assets were just booked by someone else for some of these days.") from exc
        if end_date >= timezone.localdate():
            Asset.objects.filter(pk__in=ids, status=AssetStatus.AVAILABLE).update(
                status=AssetStatus.RESERVED, updated_at=timezone.now()
            )
        record_activity(
            reservation,
            actor=actor,
            verb="reservation.created",
            to_state=R.RESERVED,
            data={"assets": [a.tag for a in locked], "start": start_date, "end": end_date},
        )
    return reservation


def _clashes(asset_ids, start, end):
    return list(
        ReservationItem.objects.filter(asset_id__in=asset_ids, active=True, start_date__lte=end, end_date__gte=start)
        .select_related("asset")
        .order_by("asset__tag")[:10]
    )


def _clash_message(clashes):
    parts = [f"{c.asset.tag} ({c.start_date:%d %b}–{c.end_date:%d %b})" for c in clashes]
    return "Already booked for some of these days: " + ", ".join(parts) + "."


def cancel_reservation(reservation, *, actor, note=""):
    with transaction.atomic():
        reservation = _lock(reservation)
        _require(actor, "assets.change_reservation", reservation, "You may not cancel this reservation.")
        _check_move(reservation, R.CANCELLED)
        _move(reservation, R.CANCELLED, actor=actor, verb="reservation.cancelled", note=note)
        _release(reservation, counted=False)
    return reservation


def check_out(reservation, *, actor, condition=""):
    """Hand the gear over: every asset of the reservation goes out, with its condition noted."""
    with transaction.atomic():
        reservation = _lock(reservation)
        _require(actor, "assets.checkout_reservation", reservation, "Your role does not check assets out.")
        _check_move(reservation, R.CHECKED_OUT)
        items = list(reservation.items.select_related("asset"))
        assets = list(Asset.objects.select_for_update().filter(pk__in=[i.asset_id for i in items]).order_by("pk"))
        blocked = [a for a in assets if a.status in UNRESERVABLE_STATUSES]
        if blocked:
            names = ", ".join(f"{a.tag} ({a.get_status_display().lower()})" for a in blocked)
            raise NotReservable(f"Cannot check out: {names}.")
        still_out = (
            ReservationItem.objects.filter(asset__in=assets, active=True, reservation__status=R.CHECKED_OUT)
            .exclude(reservation=reservation)
            .select_related("asset")
        )
        if still_out:
            raise InvalidMove("Still out on another booking: " + ", ".join(i.asset.tag for i in still_out) + ".")
        reservation.checked_out_at, reservation.checked_out_by = timezone.now(), actor
        reservation.checkout_condition = (condition or "").strip()
        Asset.objects.filter(pk__in=[a.pk for a in assets]).update(
            status=AssetStatus.CHECKED_OUT, use_count=F("use_count") + 1, updated_at=timezone.now()
        )
        _move(
            reservation,
            R.CHECKED_OUT,
            actor=actor,
            verb="reservation.checked_out",
            note=reservation.checkout_condition,
            fields=["checked_out_at", "checked_out_by", "checkout_condition"],
        )
    return reservation


def check_in(reservation, *, actor, condition=""):
    """Take the gear back, with its condition noted; each asset goes back to what it is next."""
    with transaction.atomic():
        reservation = _lock(reservation)
        _require(actor, "assets.checkout_reservation", reservation, "Your role does not check assets in.")
        _check_move(reservation, R.RETURNED)
        reservation.checked_in_at, reservation.checked_in_by = timezone.now(), actor
        reservation.checkin_condition = (condition or "").strip()
        _move(
            reservation,
            R.RETURNED,
            actor=actor,
            verb="reservation.checked_in",
            note=reservation.checkin_condition,
            fields=["checked_in_at", "checked_in_by", "checkin_condition"],
        )
        _release(reservation)
    return reservation


def _release(reservation, counted=True):
    items = list(reservation.items.all())
    ReservationItem.objects.filter(reservation=reservation).update(active=False, counted=counted)
    for asset in Asset.objects.select_for_update().filter(pk__in=[i.asset_id for i in items]).order_by("pk"):
        settle_status(asset)


def _lock(reservation):
    return Reservation.objects.select_for_update(of=("self",)).select_related("workspace", "kit").get(pk=reservation.pk)


def _check_move(reservation, to_status):
    if to_status not in reservation.allowed_moves():
        current = reservation.get_status_display().lower()
        verb = {R.CHECKED_OUT: "checked out", R.RETURNED: "checked in", R.CANCELLED: "cancelled"}[to_status]
        raise InvalidMove(f"This reservation is {current}; it cannot be {verb}.")


def _move(reservation, to_status, *, actor, verb, note="", fields=()):
    from_status = reservation.status
    reservation.status = to_status
    reservation.save(update_fields=["status", *fields])
    record_activity(reservation, actor=actor, verb=verb, from_state=from_status, to_state=to_status, note=note)


def _check_dates(start, end):
    if start is None or end is None:
        raise AssetInvalid("Give the first and the last day.")
    if end < start:
        raise AssetInvalid("The last day cannot be before the first day.")
    if (end - start).days + 1 > MAX_RESERVATION_DAYS:
        raise AssetInvalid(f"A reservation lasts at most {MAX_RESERVATION_DAYS} days.")


def _check_where(actor, workspace, production, event):
    if event is not None:
        from events.models import Event

        if (
            not Event.objects.visible_to(actor)
            .filter(pk=event.pk, workspace__organization_id=workspace.organization_id)
            .exists()
        ):
            raise AssetInvalid("That event does not exist or you cannot see it.")
        production = production or event.production
    visible = Production.objects.visible_to(actor).filter(workspace__organization_id=workspace.organization_id)
    if production is not None and not visible.filter(pk=production.pk).exists():
        raise AssetInvalid("That production does not exist or you cannot see it.")
    return production


# --- maintenance -------------------------------------------------------------------------------
def add_maintenance_record(
    asset,
    *,
    actor,
    kind,
    status=MaintenanceStatus.DONE,
    performed_on=None,
    due_on=None,
    cost=None,
    notes="",
    schedule=None,
):
    """Log maintenance done (the default), or open a job, which takes the asset out of service until done."""
    _require(actor, "assets.add_maintenancerecord", asset, "Your role does not record maintenance here.")
    if cost is not None and cost < 0:
        raise AssetInvalid("A cost cannot be negative.")
    if status == MaintenanceStatus.DONE and performed_on is None:
        performed_on = timezone.localdate()
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        record = MaintenanceRecord.objects.create(
            workspace_id=asset.workspace_id,
            asset=asset,
            schedule=schedule,
            kind=kind,
            status=status,
            performed_on=performed_on,
            due_on=due_on,
            cost=cost,
            currency=asset.currency,
            notes=(notes or "").strip(),
            opened_by=actor,
            performed_by=actor if status == MaintenanceStatus.DONE else None,
        )
        if status == MaintenanceStatus.DONE:
            _mark_schedules_done(asset, kind, performed_on)
        settle_status(asset)
        record_activity(
            record,
            actor=actor,
            verb=f"maintenance.{'logged' if status == 'done' else 'opened'}",
            to_state=status,
            data={"asset": asset.tag, "cost": cost},
        )
    return record


def complete_maintenance(record, *, actor, performed_on=None, cost=None, notes=""):
    with transaction.atomic():
        record = (
            MaintenanceRecord.objects.select_for_update(of=("self",))
            .select_related("asset", "schedule")
            .get(pk=record.pk)
        )
        _require(actor, "assets.change_maintenancerecord", record, "You may not close this maintenance job.")
        if record.status != MaintenanceStatus.OPEN:
            raise InvalidMove("This maintenance job is already done.")
        if cost is not None and cost < 0:
            raise AssetInvalid("A cost cannot be negative.")
        record.status = MaintenanceStatus.DONE
        record.performed_on = performed_on or timezone.localdate()
        record.performed_by = actor
        record.cost = cost if cost is not None else record.cost
        record.notes = "\n".join(filter(None, [record.notes, (notes or "").strip()]))
        record.save(update_fields=["status", "performed_on", "performed_by", "cost", "notes"])
        asset = Asset.objects.select_for_update().get(pk=record.asset_id)
        if record.schedule_id:
            MaintenanceSchedule.objects.filter(pk=record.schedule_id).update(
                last_done_on=record.performed_on, uses_at_last_done=asset.use_count
            )
        _mark_schedules_done(asset, record.kind, record.performed_on, exclude=record.schedule_id)
        settle_status(asset)
        record_activity(
            record,
            actor=actor,
            verb="maintenance.completed",
            from_state=MaintenanceStatus.OPEN,
            to_state=MaintenanceStatus.DONE,
            data={"asset": asset.tag, "cost": record.cost},
        )
    return record


def _mark_schedules_done(asset, kind, performed_on, exclude=None):
    """Maintenance of a kind resets the schedules of that kind on the asset that have no open job."""
    schedules = MaintenanceSchedule.objects.filter(asset=asset, kind=kind, active=True).exclude(pk=exclude)
    schedules = schedules.exclude(records__status=MaintenanceStatus.OPEN)
    schedules.update(last_done_on=performed_on, uses_at_last_done=asset.use_count)


def add_maintenance_schedule(
    asset, *, actor, kind, every_days=None, every_uses=None, manager=None, notes="", last_done_on=None
):
    _require(actor, "assets.add_maintenanceschedule", asset, "Your role does not plan maintenance here.")
    if not every_days and not every_uses:
        raise AssetInvalid("Say how often: every N days, every N uses, or both.")
    with transaction.atomic():
        schedule = MaintenanceSchedule.objects.create(
            workspace_id=asset.workspace_id,
            asset=asset,
            kind=kind,
            every_days=every_days or None,
            every_uses=every_uses or None,
            manager=manager,
            notes=notes,
            last_done_on=last_done_on or timezone.localdate(),
            uses_at_last_done=asset.use_count,
        )
        record_activity(schedule, actor=actor, verb="maintenance.scheduled", data={"asset": asset.tag})
    return schedule


def open_due_maintenance(today=None):
    """Open a job for every schedule that fell due and has none open; returns the new jobs.

    Safe to run twice: a schedule has at most one open job (a partial unique constraint),
    so a second run finds nothing to open. The asset manager is told after the commit."""
    from .tasks import notify_maintenance_due

    today = today or timezone.localdate()
    opened = []
    schedules = (
        MaintenanceSchedule.objects.filter(active=True)
        .exclude(records__status=MaintenanceStatus.OPEN)
        .exclude(asset__status__in=(AssetStatus.LOST, AssetStatus.RETIRED))
        .select_related("asset")
    )
    for schedule in schedules.iterator(chunk_size=500):
        if not schedule.is_due(today, schedule.asset.use_count):
            continue
        try:
            with transaction.atomic():
                asset = Asset.objects.select_for_update().get(pk=schedule.asset_id)
                record = MaintenanceRecord.objects.create(
                    workspace_id=asset.workspace_id,
                    asset=asset,
                    schedule=schedule,
                    kind=schedule.kind,
                    status=MaintenanceStatus.OPEN,
                    due_on=today,
                    currency=asset.currency,
                    notes=f"Opened automatically: {schedule.interval_label}.",
                )
                settle_status(asset)
                record_activity(
                    record,
                    actor=None,
                    verb="maintenance.opened",
                    to_state=MaintenanceStatus.OPEN,
                    trigger="assets.maintenance.due",
                    data={"asset": asset.tag, "schedule": schedule.pk},
                )
                notify_maintenance_due.delay_on_commit(record.pk)
        except IntegrityError:  # another run opened it a moment ago
            continue
        opened.append(record)
    return opened
