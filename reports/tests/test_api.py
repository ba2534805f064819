"""The reports API: list the templates a role may run, run one, run a saved report, export and
follow the job. A crew member gets 403 on finance reports, another organization 404; errors are JSON."""

import pytest

from dragonfly.tenancy.roles import Role
from reports.models import ExportJob

from .helpers import saved_po_report, vendor_spend

pytestmark = pytest.mark.django_db
R = Role


def test_templates_run_and_export_through_the_api(tenant_a, login, django_capture_on_commit_callbacks):
    vendor_spend(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    ws = tenant_a.workspace.pk
    keys = [t["key"] for t in client.get(f"/api/reports/templates/?workspace={ws}").json()]
    assert "po-spend" in keys and "budget-vs-actual" in keys

    run = client.post("/api/reports/templates/po-spend/run/", {"workspace": ws}, content_type="application/json")
    assert run.status_code == 200
    body = run.json()
    assert body["count"] == 2 and body["rows"][1][0] == "Stage Sound Ltd"
    assert [c["label"] for c in body["columns"]] == ["Vendor", "Currency", "Count", "Sum of Total"]

    bad = client.post(
        "/api/reports/templates/crew-hours/run/",
        {"workspace": ws, "params": {"start": "2026-05-01", "end": "2026-01-01"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_report"

    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            "/api/reports/exports/",
            {"workspace": ws, "template": "po-spend", "format": "csv"},
            content_type="application/json",
        )
    assert made.status_code == 202
    job = ExportJob.objects.get()
    status = client.get(f"/api/reports/exports/{job.pk}/").json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"] == f"/reports/export/{job.pk}/download/"

    report = saved_po_report(tenant_a, tenant_a.user(R.GLADIATOR), shared=True)
    assert [r["id"] for r in client.get("/api/reports/saved/").json()["results"]] == [report.pk]
    assert client.post(f"/api/reports/saved/{report.pk}/run/").json()["count"] == 2


def test_a_crew_member_gets_403_and_another_organization_404(tenant_a, tenant_b, login):
    vendor_spend(tenant_a)
    report = saved_po_report(tenant_a, tenant_a.user(R.GLADIATOR), shared=True)
    ws = tenant_a.workspace.pk
    crew = login(tenant_a.user(R.DEVIATOR))
    keys = [t["key"] for t in crew.get(f"/api/reports/templates/?workspace={ws}").json()]
    assert "po-spend" not in keys and "incident-log" in keys
    refused = crew.post("/api/reports/templates/po-spend/run/", {"workspace": ws}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"]
    assert crew.post(f"/api/reports/saved/{report.pk}/run/").status_code == 404  # a finance report: not theirs to see
    assert crew.get("/api/reports/saved/").json()["results"] == []
    export = crew.post(
        "/api/reports/exports/",
        {"workspace": ws, "template": "po-spend", "format": "xlsx"},
        content_type="application/json",
    )
    assert export.status_code == 403 and not ExportJob.objects.exists()

    outsider = login(tenant_b.user(R.PHANTOM))
    assert outsider.get(f"/api/reports/templates/?workspace={ws}").status_code == 404
    assert outsider.post(f"/api/reports/saved/{report.pk}/run/").status_code == 404
    other = outsider.post("/api/reports/templates/po-spend/run/", {"workspace": ws}, content_type="application/json")
    assert other.status_code == 400 and "workspace" in other.json()["errors"]  # not one they can name
