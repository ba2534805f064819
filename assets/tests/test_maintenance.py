"""Maintenance: the daily task opens due jobs once and tells the asset manager; jobs block reservations."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assets.errors import NotReservable
from assets.models import AssetStatus, MaintenanceRecord, MaintenanceSchedule, MaintenanceStatus
from assets.services import (
    add_maintenance_record,
    add_maintenance_schedule,
    check_in,
    check_out,
    complete_maintenance,
    open_due_maintenance,
    reserve,
)
from assets.tasks import open_due_maintenance as daily_task
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

from .helpers import make_asset

D = datetime.date


@pytest.fixture
def shop(tenant_a):
    ws = tenant_a.workspace
    return {
        "ws": ws,
        "admin": tenant_a.user(Role.GLADIATOR),
        "crew": tenant_a.user(Role.NAVIGATOR),
        "asset": make_asset(ws, "RG-001", "Chain hoist", "Rigging"),
    }


def test_a_schedule_by_days_opens_one_job_when_due_and_tells_the_manager(shop, django_capture_on_commit_callbacks):
    schedule = add_maintenance_schedule(
        shop["asset"],
        actor=shop["admin"],
        kind="inspection",
        every_days=90,
        manager=shop["admin"],
        last_done_on=D(2027, 1, 1),
    )
    assert open_due_maintenance(D(2027, 3, 31)) == []  # day 89
    with django_capture_on_commit_callbacks(execute=True):
        opened = open_due_maintenance(D(2027, 4, 1))  # day 90
    assert [r.schedule for r in opened] == [schedule]
    assert open_due_maintenance(D(2027, 4, 2)) == []  # already open: nothing twice
    shop["asset"].refresh_from_db()
    assert shop["asset"].status == AssetStatus.MAINTENANCE
    notes = Notification.objects.filter(kind="assets.maintenance_due")
    assert [(n.recipient, n.title) for n in notes] == [(shop["admin"], "Inspection due: RG-001 Chain hoist")]


def test_a_schedule_by_uses_counts_check_outs(shop, django_capture_on_commit_callbacks):
    add_maintenance_schedule(shop["asset"], actor=shop["admin"], kind="safety_test", every_uses=2)
    for n in range(2):
        day = D(2030, 1, 1) + datetime.timedelta(days=3 * n)
        r = reserve(actor=shop["crew"], asset=shop["asset"], start_date=day, end_date=day)
        check_in(check_out(r, actor=shop["crew"]), actor=shop["crew"])
        with django_capture_on_commit_callbacks(execute=True):
            opened = open_due_maintenance(D(2030, 1, 1))
        assert len(opened) == n  # due after the second use
    # no manager on the schedule: the workspace's asset managers hear (admins here, not the Navigator)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients and all(not name.startswith("navigator") for name in recipients)


def test_an_asset_in_maintenance_cannot_be_reserved_until_the_job_is_done(shop):
    schedule = add_maintenance_schedule(
        shop["asset"], actor=shop["admin"], kind="service", every_days=30, last_done_on=D(2027, 1, 1)
    )
    [job] = open_due_maintenance(D(2027, 2, 1))
    with pytest.raises(NotReservable, match="in maintenance"):
        reserve(actor=shop["crew"], asset=shop["asset"], start_date=D(2030, 1, 1), end_date=D(2030, 1, 2))
    complete_maintenance(job, actor=shop["crew"], performed_on=D(2027, 2, 2), cost=Decimal("120.50"), notes="ok")
    job.refresh_from_db()
    schedule.refresh_from_db()
    shop["asset"].refresh_from_db()
    assert (job.status, job.cost, job.performed_by) == (MaintenanceStatus.DONE, Decimal("120.50"), shop["crew"])
    assert schedule.last_done_on == D(2027, 2, 2)
    assert shop["asset"].status == AssetStatus.AVAILABLE
    assert reserve(actor=shop["crew"], asset=shop["asset"], start_date=D(2030, 1, 1), end_date=D(2030, 1, 2)).pk


def test_logging_done_maintenance_resets_the_schedule(shop):
    schedule = add_maintenance_schedule(
        shop["asset"], actor=shop["admin"], kind="inspection", every_days=10, last_done_on=D(2027, 1, 1)
    )
    add_maintenance_record(
        shop["asset"], actor=shop["crew"], kind="inspection", performed_on=D(2027, 1, 9), cost=Decimal("40")
    )
    schedule.refresh_from_db()
    assert schedule.last_done_on == D(2027, 1, 9)
    assert open_due_maintenance(D(2027, 1, 12)) == []


def test_the_daily_task_returns_ids_and_is_safe_twice(shop):
    MaintenanceSchedule.objects.create(
        workspace=shop["ws"], asset=shop["asset"], every_days=1, last_done_on=D(2000, 1, 1)
    )
    first = daily_task()
    second = daily_task()
    assert len(first) == 1 and second == []
    assert MaintenanceRecord.objects.filter(status="open").count() == 1


def test_opening_a_repair_warns_of_the_assets_future_reservations_on_the_page_and_in_the_api(shop, login):
    """The manager takes a hoist out of service for repair: they are told which bookings it leaves short."""
    today = timezone.localdate()
    asset, crew = shop["asset"], shop["crew"]
    reserve(actor=crew, asset=asset, start_date=today - D.resolution * 9, end_date=today - D.resolution * 8)  # past
    soon = reserve(actor=crew, asset=asset, start_date=today + D.resolution * 5, end_date=today + D.resolution * 6)
    later = reserve(actor=crew, asset=asset, start_date=today + D.resolution * 40, end_date=today + D.resolution * 41)
    manager = login(shop["admin"])
    page = manager.post(
        f"/assets/asset/{asset.pk}/maintenance/",
        {"kind": "repair", "status": "open", "notes": "Chain jumps"},
        follow=True,
    )
    text = page.content.decode()
    assert "Repair opened." in text
    assert "RG-001 Chain hoist is out of service with 2 reservations ahead" in text
    for booking in (soon, later):
        assert f"{booking.start_date:%-d %b %Y}" in text
    api = manager.post(
        "/api/assets/maintenance/",
        {"asset": asset.pk, "kind": "repair", "status": "open"},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert [r["id"] for r in api.json()["reservations_at_risk"]] == [soon.pk, later.pk]
