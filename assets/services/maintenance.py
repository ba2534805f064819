"""Maintenance: log done work, open and close jobs (MaintenanceRecord.workflow), plan schedules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.workflow import transition

from ..errors import AssetInvalid
from ..models import Asset, AssetStatus, MaintenanceRecord, MaintenanceSchedule, MaintenanceStatus
from ._common import require
from .inventory import settle_status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DUE_TRIGGER = "assets.maintenance.due"  # the jobs assets.notifications tells the manager about


def add_maintenance_record(
    asset: Asset,
    *,
    actor: User,
    kind: str,
    status: str = MaintenanceStatus.DONE,
    performed_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    cost: Decimal | None = None,
    notes: str | None = "",
    schedule: MaintenanceSchedule | None = None,
) -> MaintenanceRecord:
    """Log maintenance done (the default), or open a job, which takes the asset out of service until done."""
    require(actor, "assets.add_maintenancerecord", asset, _("Your role does not record maintenance here."))
    if cost is not None and cost < 0:
        raise AssetInvalid(_("A cost cannot be negative."))
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
        verb = f"maintenance.{'logged' if status == MaintenanceStatus.DONE else 'opened'}"
        entry = record_activity(
            record, actor=actor, verb=verb, to_state=status, data={"asset": asset.tag, "cost": cost}
        )
        publish(verb, record, actor=actor, entry=entry, data={"to": str(status)})
    return record


def complete_maintenance(
    record: MaintenanceRecord,
    *,
    actor: User,
    performed_on: datetime.date | None = None,
    cost: Decimal | None = None,
    notes: str | None = "",
) -> MaintenanceRecord:
    require(actor, "assets.change_maintenancerecord", record, _("You may not close this maintenance job."))
    notes = (notes or "").strip()

    def close(locked: MaintenanceRecord) -> None:
        if cost is not None and cost < 0:
            raise AssetInvalid(_("A cost cannot be negative."))
        locked.performed_on = performed_on or timezone.localdate()
        locked.performed_by = actor
        locked.cost = cost if cost is not None else locked.cost
        locked.notes = "\n".join(filter(None, [locked.notes, notes]))

    with transaction.atomic():
        moved = transition(
            record,
            MaintenanceStatus.DONE,
            actor=actor,
            verb="maintenance.completed",
            fields=["performed_on", "performed_by", "cost", "notes"],
            prepare=close,
            related=("asset", "schedule"),
            data={"asset": record.asset.tag},
        )
        record = moved.obj
        asset = Asset.objects.select_for_update().get(pk=record.asset_id)
        if record.schedule_id:
            MaintenanceSchedule.objects.filter(pk=record.schedule_id).update(
                last_done_on=record.performed_on, uses_at_last_done=asset.use_count
            )
        _mark_schedules_done(asset, record.kind, record.performed_on, exclude=record.schedule_id)
        settle_status(asset)
    return record


def _mark_schedules_done(asset, kind, performed_on, exclude=None):
    """Maintenance of a kind resets the schedules of that kind on the asset that have no open job."""
    schedules = MaintenanceSchedule.objects.filter(asset=asset, kind=kind, active=True).exclude(pk=exclude)
    schedules = schedules.exclude(records__status=MaintenanceStatus.OPEN)
    schedules.update(last_done_on=performed_on, uses_at_last_done=asset.use_count)


def add_maintenance_schedule(
    asset: Asset,
    *,
    actor: User,
    kind: str,
    every_days: int | None = None,
    every_uses: int | None = None,
    manager: User | None = None,
    notes: str = "",
    last_done_on: datetime.date | None = None,
) -> MaintenanceSchedule:
    require(actor, "assets.add_maintenanceschedule", asset, _("Your role does not plan maintenance here."))
    if not every_days and not every_uses:
        raise AssetInvalid(_("Say how often: every N days, every N uses, or both."))
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


def open_due_maintenance(today: datetime.date | None = None) -> list[MaintenanceRecord]:
    """Open a job for every schedule that fell due and has none open; returns the new jobs.

    Safe to run twice: a schedule has at most one open job (a partial unique constraint),
    so a second run finds nothing to open. The event `maintenance.opened` (with the due
    trigger) tells the asset manager after the commit (assets.notifications)."""
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
                entry = record_activity(
                    record,
                    actor=None,
                    verb="maintenance.opened",
                    to_state=MaintenanceStatus.OPEN,
                    trigger=DUE_TRIGGER,
                    data={"asset": asset.tag, "schedule": schedule.pk},
                )
                publish(
                    "maintenance.opened",
                    record,
                    actor=None,
                    entry=entry,
                    data={"to": str(MaintenanceStatus.OPEN), "trigger": DUE_TRIGGER},
                )
        except IntegrityError:  # another run opened it a moment ago
            continue
        opened.append(record)
    return opened
