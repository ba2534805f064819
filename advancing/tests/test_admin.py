"""The admin: platform admins keep the catalog; org admins oversee advances through the services."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advancing.models import AdvanceStatus, CatalogItem
from advancing.tests.helpers import history, make_advance
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
S = AdvanceStatus
HEADER = "item_id,category,subcategory,item_name,common_variations,related_accessories,specifications,standard_unit\n"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.test", "pw-for-tests-only")


def changelist(model):
    return reverse(f"admin:advancing_{model}_changelist")


# --- catalog --------------------------------------------------------------------------------
def test_a_platform_admin_manages_the_catalog(superuser, login):
    client = login(superuser)
    response = client.get(changelist("catalogitem"))
    assert response.status_code == 200
    assert "Import CSV" in response.content.decode()
    item = CatalogItem.objects.get(item_id="TECH-1000")
    assert client.get(reverse("admin:advancing_catalogitem_change", args=[item.pk])).status_code == 200


def test_an_org_admin_cannot_change_the_catalog(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    item = CatalogItem.objects.get(item_id="TECH-1000")
    assert client.get(reverse("admin:advancing_catalogitem_add")).status_code == 403
    response = client.post(
        reverse("admin:advancing_catalogitem_change", args=[item.pk]), {"name": "Hacked"}, follow=False
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:advancing_catalogitem_import")).status_code == 403
    item.refresh_from_db()
    assert item.name == "Line Array PA System"


def test_enable_disable_and_export_actions(superuser, login):
    client = login(superuser)
    ids = list(CatalogItem.objects.filter(category="Permits").values_list("pk", flat=True))
    client.post(changelist("catalogitem"), {"action": "disable_items", "_selected_action": ids})
    assert not CatalogItem.objects.filter(pk__in=ids, enabled=True).exists()
    client.post(changelist("catalogitem"), {"action": "enable_items", "_selected_action": ids})
    assert not CatalogItem.objects.filter(pk__in=ids, enabled=False).exists()
    response = client.post(changelist("catalogitem"), {"action": "export_csv", "_selected_action": ids})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # written row by row, like every export
    text = response.getvalue().decode()
    assert text.startswith("item_id,category") and text.count("PERMIT-") == len(ids)
    CatalogItem.objects.filter(pk=ids[0]).update(name=" =1+1")  # the admin export is guarded too
    response = client.post(changelist("catalogitem"), {"action": "export_csv", "_selected_action": ids[:1]})
    assert list(csv.reader(io.StringIO(response.getvalue().decode())))[1][3] == "' =1+1"


def test_csv_import_loads_or_shows_the_row_errors(superuser, login):
    client = login(superuser)
    url = reverse("admin:advancing_catalogitem_import")
    assert client.get(url).status_code == 200
    good = SimpleUploadedFile("c.csv", (HEADER + "OTHER-9000,Other,Misc,Cable ties,,,,Per Unit\n").encode())
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert CatalogItem.objects.filter(item_id="OTHER-9000").exists()
    bad = SimpleUploadedFile("c.csv", (HEADER + "OTHER-9001,Nowhere,Misc,Ties,,,,Per Unit\n").encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "Row 2 (OTHER-9001): unknown category" in response.content.decode()
    assert not CatalogItem.objects.filter(item_id="OTHER-9001").exists()


# --- advances -----------------------------------------------------------------------------------
def test_an_org_admin_sees_only_their_organizations_advances(tenant_a, tenant_b, login):
    ours = make_advance(tenant_a, S.SUBMITTED, activation="Acme opening")
    make_advance(tenant_b, S.SUBMITTED, activation="Bravo opening")
    client = login(tenant_a.user(Role.PHANTOM))
    text = client.get(changelist("advance")).content.decode()
    assert "Acme opening" in text and "Bravo opening" not in text
    response = client.get(reverse("admin:advancing_advance_change", args=[ours.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "advance.submitted" in page  # the history is shown
    assert "Stagehands" in page  # the lines inline


def test_filters_and_search(tenant_a, superuser, login):
    make_advance(tenant_a, S.SUBMITTED, activation="Cheap one")
    make_advance(
        tenant_a,
        S.SUBMITTED,
        activation="Big one",
        items=[{"catalog_item": None, "name": "LED wall", "quantity": 1, "unit": "Per Day", "unit_cost": 25000}],
    )
    client = login(superuser)
    text = client.get(changelist("advance"), {"priority": "high"}).content.decode()
    assert "Big one" in text and "Cheap one" not in text
    text = client.get(changelist("advance"), {"q": "LED wall"}).content.decode()
    assert "Big one" in text and "Cheap one" not in text
    text = client.get(changelist("advance"), {"status__exact": "submitted"}).content.decode()
    assert "Big one" in text


def test_status_is_read_only_and_advances_are_not_added_here(tenant_a, superuser, login):
    advance = make_advance(tenant_a, S.SUBMITTED)
    client = login(superuser)
    assert client.get(reverse("admin:advancing_advance_add")).status_code == 403
    page = client.get(reverse("admin:advancing_advance_change", args=[advance.pk])).content.decode()
    assert 'name="status"' not in page and 'name="reviewer_notes"' not in page
    client.post(
        reverse("admin:advancing_advance_change", args=[advance.pk]),
        {"status": "approved", "team_workspace": "", "activation_name": "Edited", "metadata": "{}"},
    )
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED


def test_admin_actions_go_through_the_services(tenant_a, login):
    waiting = make_advance(tenant_a, S.SUBMITTED)
    draft = make_advance(tenant_a)
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(
        changelist("advance"), {"action": "approve_selected", "_selected_action": [waiting.pk, draft.pk]}, follow=True
    )
    text = response.content.decode()
    assert "1 advance approved." in text
    assert f"Advance #{draft.pk}: This advance is a draft; it can&#x27;t be approved." in text
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    assert history(waiting)[-1].actor == tenant_a.user(Role.PHANTOM)


def test_start_review_action(tenant_a, login):
    advance = make_advance(tenant_a, S.SUBMITTED)
    client = login(tenant_a.user(Role.PHANTOM))
    client.post(changelist("advance"), {"action": "start_review_selected", "_selected_action": [advance.pk]})
    advance.refresh_from_db()
    assert advance.status == S.UNDER_REVIEW


def test_rejecting_from_the_admin_asks_why(tenant_a, login):
    advance = make_advance(tenant_a, S.SUBMITTED)
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(changelist("advance"), {"action": "reject_selected", "_selected_action": [advance.pk]})
    assert response.status_code == 200 and 'name="note"' in response.content.decode()
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    client.post(
        changelist("advance"),
        {"action": "reject_selected", "_selected_action": [advance.pk], "note": "Over budget", "confirm": "Reject"},
    )
    advance.refresh_from_db()
    assert (advance.status, advance.reviewer_notes) == (S.REJECTED, "Over budget")
