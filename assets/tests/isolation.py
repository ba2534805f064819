"""Organization A's assets for the cross-organization walk (dragonfly/core/tests/test_isolation.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from assets.models import Asset, Kit, MaintenanceRecord, MaintenanceSchedule, Reservation, ReservationItem


def make_secret_objects(tenant):
    ws = tenant.workspace
    today = timezone.localdate()
    asset = Asset.objects.create(
        organization=tenant.org,
        workspace=ws,
        tag="ZEBRA-1",
        name="Zebra Secret Console",
        category="Zebra Secret Audio",
        purchase_value=Decimal("12000"),
        home_location="Zebra Secret Warehouse",
    )
    kit = Kit.objects.create(workspace=ws, name="Zebra Secret Kit")
    kit.assets.set([asset])
    reservation = Reservation.objects.create(
        workspace=ws,
        kit=kit,
        start_date=today,
        end_date=today + datetime.timedelta(days=2),
        notes="Zebra Secret booking",
    )
    ReservationItem.objects.create(
        reservation=reservation, asset=asset, start_date=reservation.start_date, end_date=reservation.end_date
    )
    schedule = MaintenanceSchedule.objects.create(
        workspace=ws, asset=asset, kind="inspection", every_days=90, notes="Zebra Secret schedule"
    )
    record = MaintenanceRecord.objects.create(
        workspace=ws, asset=asset, kind="repair", status="open", notes="Zebra Secret repair"
    )
    return {"asset": asset, "kit": kit, "reservation": reservation, "schedule": schedule, "record": record}
