"""What gear cost is finance data: a Passenger reads the assets but never their purchase value or
maintenance cost, on the page, in the API or in the CSV export; a crew chief (Deviator) sees both."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assets.models import MaintenanceRecord
from dragonfly.tenancy.roles import Role

from .helpers import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(tenant_a):
    asset = make_asset(
        tenant_a.workspace,
        tag="=HYPERLINK(1)",
        name="Line array hang",
        purchase_date=datetime.date(2024, 3, 1),
        purchase_value=Decimal("48250.00"),
    )
    MaintenanceRecord.objects.create(
        workspace=tenant_a.workspace,
        asset=asset,
        kind="repair",
        performed_on=datetime.date(2025, 1, 10),
        cost=Decimal("615.40"),
    )
    return asset


def export(client, tenant):
    url = reverse("assets:asset_export", args=[tenant.org.slug, tenant.workspace.slug])
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("role, sees", [(Role.DEVIATOR, True), (Role.GLADIATOR, True), (Role.PASSENGER, False)])
def test_asset_value_and_maintenance_cost_follow_the_role(tenant_a, login, priced, role, sees):
    user = tenant_a.user(role)
    page = login(user).get(reverse("assets:asset_detail", args=[priced.pk])).content.decode()
    assert "Line array hang" in page
    assert ("48250.00" in page) is sees and ("615.40" in page) is sees

    api = APIClient()
    api.force_authenticate(user)
    listed = api.get("/api/assets/").json()["results"][0]
    assert listed["name"] == "Line array hang"
    assert listed["purchase_value"] == ("48250.00" if sees else None)
    record = api.get("/api/assets/maintenance/").json()["results"][0]
    assert record["cost"] == ("615.40" if sees else None)

    (row,) = export(login(user), tenant_a)
    assert row["purchase_value"] == ("48250.00" if sees else "")
    assert row["tag"] == "'=HYPERLINK(1)"  # a formula in a cell is shown, never run


def test_a_passenger_never_holds_the_value_permission(tenant_a):
    from assets.privacy import can_see_value

    assert not can_see_value(tenant_a.user(Role.PASSENGER), tenant_a.workspace)
    assert can_see_value(tenant_a.user(Role.NAVIGATOR), tenant_a.workspace)


def test_an_editor_who_may_not_see_the_value_neither_sees_nor_changes_it(tenant_a, login, priced):
    """A role an admin gave asset editing but not the value (the defaults never do): the value is
    not in the edit form, and neither the form nor the API can overwrite it."""
    from django.contrib.auth.models import Group, Permission

    editor = tenant_a.user(Role.PASSENGER)
    passengers = Group.objects.get(name=Role.PASSENGER.label)
    passengers.permissions.add(Permission.objects.get(codename="change_asset", content_type__app_label="assets"))
    client = login(editor)
    edit_url = reverse("assets:asset_edit", args=[priced.pk])
    form_page = client.get(edit_url).content.decode()
    assert form_page.count('name="name"') == 1 and "48250" not in form_page and 'name="purchase_value"' not in form_page
    response = client.post(
        edit_url,
        {
            "tag": "LA-01",
            "name": "Line array hang (left)",
            "category": "Audio",
            "status": "available",
            "currency": "USD",
            "purchase_value": "1.00",
        },
    )
    assert response.status_code == 302
    priced.refresh_from_db()
    assert priced.name == "Line array hang (left)" and priced.purchase_value == Decimal("48250.00")

    api = APIClient()
    api.force_authenticate(editor)
    response = api.patch(f"/api/assets/{priced.pk}/", {"purchase_value": "2.00", "notes": "rigged SL"}, format="json")
    assert response.status_code == 200 and response.json()["purchase_value"] is None
    priced.refresh_from_db()
    assert priced.notes == "rigged SL" and priced.purchase_value == Decimal("48250.00")
