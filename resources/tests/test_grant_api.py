"""The grants API: the same services, rules and visibility as the pages (JSON errors, 403, 404)."""

import datetime

import pytest

from dragonfly.files.models import Document
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from resources.models import Grant, GrantApplication

from .helpers import make_grant, pdf

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


def test_grant_and_application_through_the_api(tenant_a, login):
    deadline = local_today(tenant_a.workspace) + datetime.timedelta(days=10)
    boss = login(tenant_a.user(R.GLADIATOR))
    body = {
        "workspace": tenant_a.workspace.pk,
        "title": "Touring fund",
        "funder": "Arts Council",
        "amount": "25000.00",
        "currency": "eur",
        "deadline": deadline.isoformat(),
        "tags": "Touring",
    }
    response = boss.post("/api/resources/grants/", body, content_type=JSON)
    assert response.status_code == 201, response.json()
    grant = response.json()
    assert (grant["currency"], grant["tags"], grant["owner"]) == ("EUR", "touring", tenant_a.user(R.GLADIATOR).pk)
    bad = boss.post("/api/resources/grants/", {**body, "currency": "E1R"}, content_type=JSON)
    assert bad.status_code == 400 and "three-letter" in bad.content.decode() and Grant.objects.count() == 1

    nav = login(tenant_a.user(R.NAVIGATOR))
    response = nav.post(
        "/api/resources/grant-applications/", {"grant": grant["id"], "requested_amount": "20000"}, content_type=JSON
    )
    assert response.status_code == 201, response.json()
    application = response.json()
    assert (application["status"], application["applicant"]) == ("draft", tenant_a.user(R.NAVIGATOR).pk)
    pk = application["id"]
    too_much = nav.patch(f"/api/resources/grant-applications/{pk}/", {"requested_amount": "99999"}, content_type=JSON)
    assert too_much.status_code == 400 and too_much["Content-Type"].startswith("application/json")
    doc = nav.post(f"/api/resources/grant-applications/{pk}/document/", {"upload": pdf()})
    assert doc.status_code == 200 and Document.objects.filter(object_id=str(pk)).count() == 1
    moved = nav.post(f"/api/resources/grant-applications/{pk}/move/", {"to_status": "submitted"}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["status"] == "submitted"
    refused = nav.post(f"/api/resources/grant-applications/{pk}/move/", {"to_status": "awarded"}, content_type=JSON)
    assert refused.status_code == 403
    boss = login(tenant_a.user(R.GLADIATOR))
    awarded = boss.post(f"/api/resources/grant-applications/{pk}/move/", {"to_status": "awarded"}, content_type=JSON)
    assert awarded.status_code == 200 and awarded.json()["decided_at"]
    again = boss.post(f"/api/resources/grant-applications/{pk}/move/", {"to_status": "declined"}, content_type=JSON)
    assert again.status_code == 409 and "already awarded" in again.json()["detail"]
    listed = boss.get("/api/resources/grant-applications/", {"status": "awarded"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert GrantApplication.objects.get().status == "awarded"


def test_the_api_refuses_roles_and_other_organizations(tenant_a, tenant_b, login):
    grant = make_grant(tenant_a)
    raider = login(tenant_a.user(R.RAIDER))
    assert raider.get("/api/resources/grants/").json()["count"] == 1
    refused = raider.post(
        "/api/resources/grant-applications/", {"grant": grant.pk, "requested_amount": "1"}, content_type=JSON
    )
    assert refused.status_code == 403 and not GrantApplication.objects.exists()
    outsider = login(tenant_b.user(R.GLADIATOR))
    assert outsider.get(f"/api/resources/grants/{grant.pk}/").status_code == 404
    assert outsider.get("/api/resources/grants/").json()["count"] == 0
    patched = outsider.patch(f"/api/resources/grants/{grant.pk}/", {"title": "Mine"}, content_type=JSON)
    assert patched.status_code == 404
    unseen = outsider.post(
        "/api/resources/grant-applications/", {"grant": grant.pk, "requested_amount": "1"}, content_type=JSON
    )
    assert unseen.status_code == 400 and not GrantApplication.objects.exists()  # an unseen grant reads as none
    grant.refresh_from_db()
    assert grant.title == "Touring support fund"
