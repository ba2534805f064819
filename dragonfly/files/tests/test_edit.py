"""Renaming a document and moving it to another category after upload (page and API, one service), and
the version history naming uploaders and telling times as the reader reads them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.accounts.models import Profile
from dragonfly.activity.models import ActivityEntry
from dragonfly.files import services
from dragonfly.files.models import Attachment, DocumentCategory
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_url_matrix

from .helpers import make_document, pdf

pytestmark = pytest.mark.django_db
R = Role


def _category(tenant, name):
    return DocumentCategory.objects.get(organization=tenant.org, name=name)


def _edits(document):
    return list(ActivityEntry.objects.filter(object_id=str(document.pk), verb="edited").values_list("data", flat=True))


def test_an_editor_renames_and_recategorizes_on_the_page(tenant_a, login):
    rider = make_document(tenant_a, title="rider_final_v3.pdf")
    client = login(tenant_a.user(R.GLADIATOR))
    page = client.get(f"/files/document/{rider.pk}/").content.decode()
    assert f"/files/document/{rider.pk}/edit/" in page and "Title and category" in page

    riders = _category(tenant_a, "Riders")
    response = client.post(
        f"/files/document/{rider.pk}/edit/", {"title": "Technical rider", "category": riders.pk}, follow=True
    )
    assert response.status_code == 200 and "“Technical rider” saved." in response.content.decode()
    rider.refresh_from_db()
    assert (rider.title, rider.category) == ("Technical rider", riders)
    assert [edit["changes"] for edit in _edits(rider)] == [
        {"title": ["rider_final_v3.pdf", "Technical rider"], "category": [None, "Riders"]}
    ]

    # A blank title is refused with the reason on the form; nothing changes.
    refused = client.post(f"/files/document/{rider.pk}/edit/", {"title": "  ", "category": ""})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    rider.refresh_from_db()
    assert (rider.title, rider.category) == ("Technical rider", riders)
    # Saving the same values records nothing.
    client.post(f"/files/document/{rider.pk}/edit/", {"title": "Technical rider", "category": riders.pk})
    assert len(_edits(rider)) == 1


def test_a_viewer_may_not_edit_and_another_organization_sees_nothing(tenant_a, tenant_b, login):
    rider = make_document(tenant_a)
    viewer = login(tenant_a.user(R.DEVIATOR))
    page = viewer.get(f"/files/document/{rider.pk}/")
    assert page.status_code == 200 and "Title and category" not in page.content.decode()
    assert viewer.post(f"/files/document/{rider.pk}/edit/", {"title": "Mine"}).status_code == 403
    api = viewer.patch(f"/api/files/{rider.pk}/", {"title": "Mine"}, content_type="application/json")
    assert api.status_code == 403 and "detail" in api.json()
    stranger = login(tenant_b.user(R.GLADIATOR))
    assert stranger.post(f"/files/document/{rider.pk}/edit/", {"title": "Mine"}).status_code == 404
    api = stranger.patch(f"/api/files/{rider.pk}/", {"title": "Mine"}, content_type="application/json")
    assert api.status_code == 404 and api["Content-Type"] == "application/json"
    rider.refresh_from_db()
    assert rider.title == "Technical rider" and not _edits(rider)
    with pytest.raises(PermissionDenied):
        services.update_document(rider, actor=tenant_a.user(R.DEVIATOR), title="Mine")


def test_the_api_patches_title_and_category_through_the_same_service(tenant_a, tenant_b, login):
    rider = make_document(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    plans = _category(tenant_a, "Plans")
    response = client.patch(
        f"/api/files/{rider.pk}/", {"title": "Stage plot", "category": plans.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["category"]) == ("Stage plot", plans.pk)
    assert response.json()["current"]["version"] == 1
    rider.refresh_from_db()
    assert (rider.title, rider.category) == ("Stage plot", plans)
    assert _edits(rider)[0]["changes"]["title"] == ["Technical rider", "Stage plot"]

    # Another organization's category is not a choice; a blank title is refused; both as JSON, nothing changed.
    theirs = _category(tenant_b, "Riders")
    bad = client.patch(f"/api/files/{rider.pk}/", {"category": theirs.pk}, content_type="application/json")
    assert bad.status_code == 400 and "category" in bad.json()["errors"]
    blank = client.patch(f"/api/files/{rider.pk}/", {"title": ""}, content_type="application/json")
    assert blank.status_code == 400 and "title" in blank.json()["errors"]
    # The bucket and the attached object stay as they are.
    moved = client.patch(f"/api/files/{rider.pk}/", {"bucket": "contracts"}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["bucket"] == "documents"
    rider.refresh_from_db()
    assert (rider.title, rider.category, rider.bucket) == ("Stage plot", plans, "documents")
    assert len(_edits(rider)) == 1


def test_history_and_compare_name_uploaders_and_read_times_in_the_readers_zone(tenant_a, login):
    gladiator = tenant_a.user(R.GLADIATOR)
    gladiator.first_name, gladiator.last_name = "Gia", "Ladd"
    gladiator.save()
    rider = make_document(tenant_a)
    services.add_version(rider, actor=gladiator, upload=pdf("rider-v2.pdf", "two"))
    noon = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
    Attachment.objects.filter(document=rider).update(created_at=noon)
    reader = tenant_a.user(R.AVIATOR)
    Profile.objects.create(user=reader, timezone="Asia/Tokyo")

    client = login(reader)
    response = client.get(f"/files/document/{rider.pk}/", {"a": 1, "b": 2})
    page = response.content.decode()
    assert page.count("Gia Ladd") >= 4  # two history rows, both sides of the comparison
    assert gladiator.username not in page
    assert "2 Mar 2026 21:00" in page and "12:00" not in page  # UTC noon is 21:00 in Tokyo
    rows = {label: (a, b) for label, a, b, _differs, _time in response.context["compare"]["rows"]}
    assert rows["Uploaded by"] == ("Gia Ladd", "Gia Ladd")
    versions = client.get(f"/api/files/{rider.pk}/").json()["versions"]
    assert [v["uploaded_by_name"] for v in versions] == ["Gia Ladd", "Gia Ladd"]


def test_who_may_edit_a_document_by_role(tenant_a):
    """The roles that keep files (roles.py: files.change_document) edit a document; every other one is refused."""
    rider = make_document(tenant_a)
    requests = {"rename": ("post", f"/files/document/{rider.pk}/edit/", {"title": "Renamed"})}
    assert_url_matrix(tenant_a, requests, {"rename": {R.PHANTOM, R.AVIATOR, R.GLADIATOR, R.NAVIGATOR}})
