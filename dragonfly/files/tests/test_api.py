"""The files API: the same services, filters and visibility as the pages; errors are JSON."""

import pytest

from dragonfly.files.models import Document, ShareLink
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production

from .helpers import DWG, make_document, pdf, upload

pytestmark = pytest.mark.django_db
R = Role


def test_upload_list_version_restore_share_revoke(tenant_a, login):
    production = make_production(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    created = client.post(
        "/api/files/",
        {
            "workspace": tenant_a.workspace.pk,
            "file": pdf(),
            "title": "Technical rider",
            "object_type": "productions.production",
            "object_id": str(production.pk),
        },
    )
    assert created.status_code == 201, created.content
    rider = Document.objects.get()
    assert rider.content_object == production
    assert created.json()["download_url"] == f"/files/document/{rider.pk}/current/"
    assert created.json()["object_type"] == "productions.production"

    version = client.post(f"/api/files/{rider.pk}/versions/", {"file": pdf("v2.pdf", "v2"), "note": "B-stage"})
    assert version.status_code == 201 and version.json()["version"] == 2
    refused = client.post(f"/api/files/{rider.pk}/versions/", {"file": upload(DWG, "x.dwg")})
    assert refused.status_code == 400 and "not a file type" in refused.content.decode()
    restored = client.post(f"/api/files/{rider.pk}/restore/", {"version": 1}, content_type="application/json")
    assert restored.status_code == 201 and restored.json()["restored_from"] == 1
    again = client.post(f"/api/files/{rider.pk}/restore/", {"version": 3}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "conflict"

    detail = client.get(f"/api/files/{rider.pk}/").json()
    assert [v["version"] for v in detail["versions"]] == [3, 2, 1] and detail["current"]["version"] == 3
    listed = client.get("/api/files/", {"object_type": "productions.production"}).json()
    assert [row["id"] for row in listed["results"]] == [rider.pk]

    shared = client.post(f"/api/files/{rider.pk}/share/", {"days": 3}, content_type="application/json")
    assert shared.status_code == 201 and "/files/s/" in shared.json()["url"]
    link = ShareLink.objects.get()
    revoked = client.post(f"/api/files/{rider.pk}/revoke-share/", {"link": link.pk}, content_type="application/json")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and revoked.json()["url"] is None


def test_api_refusals(tenant_a, tenant_b, login):
    rider = make_document(tenant_a)
    production = make_production(tenant_a)
    outsider = login(tenant_b.user(R.GLADIATOR))
    assert outsider.get(f"/api/files/{rider.pk}/").status_code == 404
    hidden = outsider.post(
        "/api/files/",
        {
            "workspace": tenant_b.workspace.pk,
            "file": pdf(),
            "object_type": "productions.production",
            "object_id": production.pk,
        },
    )
    assert hidden.status_code == 400 and "No such object" in hidden.content.decode()
    crew = login(tenant_a.user(R.DEVIATOR))
    denied = crew.post(f"/api/files/{rider.pk}/versions/", {"file": pdf()})
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert crew.post(f"/api/files/{rider.pk}/share/", {}, content_type="application/json").status_code == 403
    assert Document.objects.count() == 1 and rider.versions.count() == 1
