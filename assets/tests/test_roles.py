"""Who may do what with assets, kits, reservations and maintenance: role × action."""

import datetime

import pytest

from assets.models import MaintenanceRecord, MaintenanceSchedule
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix

from .helpers import book, make_asset, make_kit

P, A, G, N, DEV, PASS = Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR, Role.NAVIGATOR, Role.DEVIATOR, Role.PASSENGER
ADMINS = {P, A, G}
WAREHOUSE = ADMINS | {N}
READERS = WAREHOUSE | {DEV, PASS}


@pytest.mark.django_db
def test_assets_and_kits(tenant_a):
    asset = make_asset(tenant_a.workspace)
    assert_role_matrix(
        tenant_a,
        asset,
        {
            "view": "assets.view_asset",
            "change": "assets.change_asset",
            "delete": "assets.delete_asset",
            "reserve": "assets.add_reservation",
        },
        {"view": READERS, "change": ADMINS, "delete": ADMINS, "reserve": WAREHOUSE},
    )
    kit = make_kit(tenant_a.workspace, assets=[asset])
    assert_role_matrix(
        tenant_a, kit, {"view": "assets.view_kit", "change": "assets.change_kit"}, {"view": READERS, "change": ADMINS}
    )


@pytest.mark.django_db
def test_reservations(tenant_a):
    reservation = book(make_asset(tenant_a.workspace), datetime.date(2027, 6, 1), datetime.date(2027, 6, 3))
    assert_role_matrix(
        tenant_a,
        reservation,
        {
            "view": "assets.view_reservation",
            "change": "assets.change_reservation",
            "check out": "assets.checkout_reservation",
            "delete": "assets.delete_reservation",
        },
        {"view": READERS, "change": WAREHOUSE, "check out": WAREHOUSE, "delete": WAREHOUSE},
    )


@pytest.mark.django_db
def test_maintenance(tenant_a):
    asset = make_asset(tenant_a.workspace)
    record = MaintenanceRecord.objects.create(workspace=tenant_a.workspace, asset=asset, kind="repair")
    assert_role_matrix(
        tenant_a,
        record,
        {
            "view": "assets.view_maintenancerecord",
            "add": "assets.add_maintenancerecord",
            "change": "assets.change_maintenancerecord",
            "delete": "assets.delete_maintenancerecord",
        },
        {"view": READERS, "add": WAREHOUSE, "change": WAREHOUSE, "delete": ADMINS},
    )
    schedule = MaintenanceSchedule.objects.create(workspace=tenant_a.workspace, asset=asset, every_days=30)
    assert_role_matrix(
        tenant_a,
        schedule,
        {
            "view": "assets.view_maintenanceschedule",
            "add": "assets.add_maintenanceschedule",
        },
        {"view": READERS, "add": ADMINS},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [G, N, DEV, PASS, Role.RAIDER, Role.MERCHANT, Role.VISITOR, Role.AMBASSADOR])
def test_who_opens_the_asset_list(tenant_a, login, role):
    ws = tenant_a.workspace
    status = 200 if role in READERS else 403
    assert login(tenant_a.user(role)).get(f"/assets/w/{ws.organization.slug}/{ws.slug}/").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [(G, 200), (N, 200), (DEV, 403), (PASS, 403)])
def test_who_opens_the_reserve_page(tenant_a, login, role, status):
    ws = tenant_a.workspace
    assert login(tenant_a.user(role)).get(f"/assets/w/{ws.organization.slug}/{ws.slug}/reserve/").status_code == status
