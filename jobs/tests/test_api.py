"""The jobs API: the same services and rules as the pages; errors are JSON."""

import pytest

from dragonfly.tenancy.roles import Role
from jobs.models import Contract
from people.models import Application

from .helpers import make_freelancer, make_posting, signed_pdf, today

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


def test_contracts_through_the_api(tenant_a, login):
    fran = make_freelancer(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    body = {
        "workspace": tenant_a.workspace.pk,
        "title": "Sound engineer",
        "person": fran.pk,
        "starts_on": today(tenant_a).isoformat(),
        "rate": "55.00",
        "rate_unit": "hour",
    }
    created = client.post("/api/contracts/", body, content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    bad = client.post("/api/contracts/", {**body, "person": None}, content_type=JSON)
    assert bad.status_code == 400 and "exactly one" in bad.json()["detail"]
    assert client.patch(f"/api/contracts/{pk}/", {"rate": "60.00"}, content_type=JSON).json()["rate"] == "60.00"
    sent = client.post(f"/api/contracts/{pk}/move/", {"to_status": "sent"}, content_type=JSON)
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    early = client.post(f"/api/contracts/{pk}/move/", {"to_status": "signed"}, content_type=JSON)
    assert early.status_code == 400 and "signed document" in early.json()["detail"]
    assert client.post(f"/api/contracts/{pk}/document/", {"upload": signed_pdf()}).status_code == 403
    admin = login(tenant_a.user(R.PHANTOM))
    assert admin.post(f"/api/contracts/{pk}/document/", {"upload": signed_pdf()}).status_code == 200
    signed = admin.post(f"/api/contracts/{pk}/move/", {"to_status": "signed"}, content_type=JSON)
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert Contract.objects.get().document is not None


def test_a_role_that_may_not_act_gets_403_on_the_api(tenant_a, login):
    fran = make_freelancer(tenant_a)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    body = {"workspace": tenant_a.workspace.pk, "title": "x", "person": fran.pk, "starts_on": "2030-01-01", "rate": "1"}
    assert navigator.post("/api/contracts/", body, content_type=JSON).status_code == 403
    posting = {"workspace": tenant_a.workspace.pk, "title": "Rigger", "starts_on": "2030-01-01"}
    assert navigator.post("/api/job-postings/", posting, content_type=JSON).status_code == 403
    assert not Contract.objects.exists()


def test_postings_and_applying_through_the_api(tenant_a, tenant_b, login):
    client = login(tenant_a.user(R.GLADIATOR))
    created = client.post(
        "/api/job-postings/",
        {
            "workspace": tenant_a.workspace.pk,
            "title": "Follow-spot operator",
            "starts_on": today(tenant_a).isoformat(),
            "certifications": ["working_at_height"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    outsider = login(tenant_b.user(R.RAIDER))
    listed = outsider.get("/api/job-postings/").json()["results"]
    assert [row["id"] for row in listed] == [pk]
    applied = outsider.post(f"/api/job-postings/{pk}/apply/", {"note": "Spot on."}, content_type=JSON)
    assert applied.status_code == 201
    assert outsider.post(f"/api/job-postings/{pk}/apply/", {}, content_type=JSON).status_code == 409
    assert Application.objects.get().notes == "Spot on."
    assert outsider.post(f"/api/job-postings/{pk}/close/").status_code == 403
    private = make_posting(tenant_a, public=False)
    assert outsider.get(f"/api/job-postings/{private.pk}/").status_code == 404
