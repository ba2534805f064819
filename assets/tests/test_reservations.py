"""A warehouse manager reserves assets and kits, checks them out and in; nothing is booked twice."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assets.errors import AssetInvalid, DoubleBooking, InvalidTransition, NotReservable
from assets.models import AssetStatus, Reservation, ReservationItem, ReservationStatus
from assets.services import cancel_reservation, check_in, check_out, reserve
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from people.tests.helpers import make_production

from .helpers import make_asset, make_kit

D = datetime.date
TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=10)


def days(n):
    return SOON + datetime.timedelta(days=n)


@pytest.fixture
def gear(tenant_a):
    ws = tenant_a.workspace
    heads = [make_asset(ws, f"LX-{i:03d}", "Moving head", "Lighting") for i in range(1, 5)]
    console = make_asset(ws, "AU-001", "Mixing console", "Audio")
    return {
        "ws": ws,
        "manager": tenant_a.user(Role.NAVIGATOR),
        "heads": heads,
        "console": console,
        "kit": make_kit(ws, "Lighting package", heads[:3]),
        "show": make_production(ws, "Main stage"),
    }


def test_reserving_an_asset_books_it_and_logs_who(gear):
    r = reserve(
        actor=gear["manager"], asset=gear["console"], start_date=days(0), end_date=days(2), production=gear["show"]
    )
    assert r.status == ReservationStatus.RESERVED and r.reserved_by == gear["manager"]
    assert [i.asset for i in r.items.all()] == [gear["console"]]
    gear["console"].refresh_from_db()
    assert gear["console"].status == AssetStatus.RESERVED
    assert ActivityEntry.objects.for_object(r).get().verb == "reservation.created"


def test_overlapping_days_are_refused_and_touching_days_too(gear):
    reserve(actor=gear["manager"], asset=gear["console"], start_date=days(0), end_date=days(2))
    for start, end in [(days(2), days(4)), (days(-3), days(0)), (days(1), days(1)), (days(-5), days(9))]:
        with pytest.raises(DoubleBooking, match="AU-001"):
            reserve(actor=gear["manager"], asset=gear["console"], start_date=start, end_date=end)
    assert reserve(actor=gear["manager"], asset=gear["console"], start_date=days(3), end_date=days(4)).pk
    assert ReservationItem.objects.filter(asset=gear["console"]).count() == 2


def test_a_kit_books_all_its_assets_as_one_or_none(gear):
    reserve(actor=gear["manager"], asset=gear["heads"][1], start_date=days(1), end_date=days(1))
    with pytest.raises(DoubleBooking, match="LX-002"):
        reserve(actor=gear["manager"], kit=gear["kit"], start_date=days(0), end_date=days(2))
    assert Reservation.objects.count() == 1  # nothing of the kit was booked
    r = reserve(actor=gear["manager"], kit=gear["kit"], start_date=days(3), end_date=days(5))
    assert sorted(i.asset.tag for i in r.items.all()) == ["LX-001", "LX-002", "LX-003"]


def test_assets_in_maintenance_lost_or_retired_cannot_be_reserved(gear):
    for status in (AssetStatus.MAINTENANCE, AssetStatus.LOST, AssetStatus.RETIRED):
        gear["console"].status = status
        gear["console"].save()
        with pytest.raises(NotReservable, match="AU-001"):
            reserve(actor=gear["manager"], asset=gear["console"], start_date=days(0), end_date=days(1))


def test_bad_requests_are_refused(gear, tenant_a, tenant_b):
    with pytest.raises(AssetInvalid):
        reserve(actor=gear["manager"], asset=gear["console"], start_date=days(2), end_date=days(1))
    with pytest.raises(AssetInvalid):
        reserve(actor=gear["manager"], asset=gear["console"], kit=gear["kit"], start_date=days(1), end_date=days(1))
    other_org_show = make_production(tenant_b.workspace, "Bravo show")
    with pytest.raises(AssetInvalid):
        reserve(
            actor=gear["manager"],
            asset=gear["console"],
            start_date=days(1),
            end_date=days(1),
            production=other_org_show,
        )
    for role in (Role.DEVIATOR, Role.PASSENGER, Role.RAIDER):
        with pytest.raises(PermissionDenied):
            reserve(actor=tenant_a.user(role), asset=gear["console"], start_date=days(1), end_date=days(1))


def test_check_out_and_in_with_condition_notes(gear):
    r = reserve(actor=gear["manager"], kit=gear["kit"], start_date=TODAY, end_date=days(0))
    r = check_out(r, actor=gear["manager"], condition="LX-002 lens scratched")
    assert r.status == ReservationStatus.CHECKED_OUT and r.checked_out_by == gear["manager"]
    assert r.checkout_condition == "LX-002 lens scratched"
    heads = gear["heads"]
    for h in heads[:3]:
        h.refresh_from_db()
        assert (h.status, h.use_count) == (AssetStatus.CHECKED_OUT, 1)
    with pytest.raises(InvalidTransition, match="This reservation is already checked out."):
        check_out(r, actor=gear["manager"])
    r = check_in(r, actor=gear["manager"], condition="All back, LX-003 missing clamp")
    assert r.status == ReservationStatus.RETURNED and r.checked_in_by == gear["manager"]
    for h in heads[:3]:
        h.refresh_from_db()
        assert h.status == AssetStatus.AVAILABLE
    assert not ReservationItem.objects.filter(reservation=r, active=True).exists()
    # the days are free again for someone else
    assert reserve(actor=gear["manager"], asset=heads[0], start_date=TODAY, end_date=days(0)).pk


def test_cancelling_frees_the_days(gear):
    r = reserve(actor=gear["manager"], asset=gear["console"], start_date=days(0), end_date=days(2))
    cancel_reservation(r, actor=gear["manager"], note="show moved")
    gear["console"].refresh_from_db()
    assert gear["console"].status == AssetStatus.AVAILABLE
    assert reserve(actor=gear["manager"], asset=gear["console"], start_date=days(1), end_date=days(1)).pk
    with pytest.raises(InvalidTransition, match="This reservation is cancelled; it can't be checked out."):
        check_out(r, actor=gear["manager"])


def test_only_the_warehouse_checks_out(gear, tenant_a):
    r = reserve(actor=gear["manager"], asset=gear["console"], start_date=TODAY, end_date=days(0))
    with pytest.raises(PermissionDenied):
        check_out(r, actor=tenant_a.user(Role.DEVIATOR))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_overlapping_rows_on_its_own(gear):
    r1 = Reservation.objects.create(workspace=gear["ws"], start_date=days(0), end_date=days(3))
    ReservationItem.objects.create(reservation=r1, asset=gear["console"], start_date=days(0), end_date=days(3))
    r2 = Reservation.objects.create(workspace=gear["ws"], start_date=days(3), end_date=days(4))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReservationItem.objects.create(reservation=r2, asset=gear["console"], start_date=days(3), end_date=days(4))
    # inactive rows (returned, cancelled) do not count
    ReservationItem.objects.create(
        reservation=r2, asset=gear["console"], start_date=days(3), end_date=days(4), active=False
    )


def test_reserve_page_and_check_out_page(gear, login):
    ws = gear["ws"]
    client = login(gear["manager"])
    url = f"/assets/w/{ws.organization.slug}/{ws.slug}/reserve/"
    response = client.post(
        url,
        {
            "kit": gear["kit"].pk,
            "start_date": TODAY.isoformat(),
            "end_date": days(0).isoformat(),
            "production": gear["show"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Reservation.objects.get()
    response = client.post(url, {"asset_tag": "lx-001", "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()})
    assert response.status_code == 409 and "Already booked" in response.content.decode()
    client.post(f"/assets/reservation/{r.pk}/check-out/", {"condition": "fine"})
    r.refresh_from_db()
    assert r.status == ReservationStatus.CHECKED_OUT and r.checkout_condition == "fine"


def test_api_double_booking_is_a_409(gear, login):
    client = login(gear["manager"])
    body = {"asset": gear["console"].pk, "start_date": days(0).isoformat(), "end_date": days(1).isoformat()}
    assert client.post("/api/assets/reservations/", body, content_type="application/json").status_code == 201
    response = client.post("/api/assets/reservations/", body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "double_booking"
    pk = Reservation.objects.get().pk
    response = client.post(
        f"/api/assets/reservations/{pk}/cancel/", {"condition": "moved"}, content_type="application/json"
    )
    assert response.json()["status"] == "cancelled"
