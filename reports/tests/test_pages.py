"""The report pages: a finance lead runs "purchase order spend per vendor", exports it as XLSX and
CSV (a vendor named like a formula stays text), builds a report of their own with a live preview,
saves and shares it; a crew member may not run finance reports (403); another organization sees
nothing (404)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dragonfly.tenancy.roles import Role
from reports.models import ExportJob, SavedReport

from .helpers import saved_po_report, vendor_spend, ws_url

pytestmark = pytest.mark.django_db
R = Role


def test_a_finance_lead_runs_and_exports_vendor_spend(tenant_a, login):
    vendor_spend(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    home = client.get(ws_url(tenant_a))
    assert home.status_code == 200
    assert "Purchase order spend per vendor" in home.content.decode()
    page = client.get(ws_url(tenant_a, "run/po-spend/"))
    assert page.status_code == 200
    assert [[value for _c, value in row] for row in page.context["rows"]][1][0] == "Stage Sound Ltd"

    xlsx = client.post(ws_url(tenant_a, "run/po-spend/export/"), {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Vendor", "Currency", "Count", "Sum of Total"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'  # shown as text, never run
    assert rows[2][0] == "Stage Sound Ltd" and rows[2][3] == 2000

    text = client.post(ws_url(tenant_a, "run/po-spend/export/"), {"format": "csv"}).content.decode()
    assert list(csv.reader(io.StringIO(text)))[1][0] == '\'=HYPERLINK("http://evil")'
    pdf = client.post(ws_url(tenant_a, "run/po-spend/export/"), {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_a_crew_member_cannot_run_finance_reports_and_another_org_sees_nothing(tenant_a, tenant_b, login):
    vendor_spend(tenant_a)
    report = saved_po_report(tenant_a, tenant_a.user(R.GLADIATOR), shared=True)
    crew = login(tenant_a.user(R.DEVIATOR))
    home = crew.get(ws_url(tenant_a)).content.decode()
    assert "Purchase order spend per vendor" not in home and "Incident log" in home
    assert crew.get(ws_url(tenant_a, "run/po-spend/")).status_code == 403
    assert crew.post(ws_url(tenant_a, "run/po-spend/export/"), {"format": "csv"}).status_code == 403
    assert crew.get(f"/reports/saved/{report.pk}/").status_code == 404  # shared, but its source is finance

    outsider = login(tenant_b.user(R.PHANTOM))
    assert outsider.get(f"/reports/saved/{report.pk}/").status_code == 404
    assert outsider.post(f"/reports/saved/{report.pk}/export/", {"format": "csv"}).status_code == 404
    assert outsider.get(ws_url(tenant_a, "run/po-spend/")).status_code in (403, 404)


def test_building_previewing_and_saving_a_report(tenant_a, login):
    vendor_spend(tenant_a)
    lead = tenant_a.user(R.GLADIATOR)
    client = login(lead)
    form = {
        "source": "purchase_orders",
        "shown_source": "purchase_orders",
        "group_by": "status",
        "agg_1": "sum",
        "agg_field_1": "total",
        "filter_1": "total",
        "op_1": "gte",
        "value_1": "500",
    }
    preview = client.post(ws_url(tenant_a, "builder/"), form, headers={"HX-Request": "true"})
    assert preview.status_code == 200
    assert preview.templates[0].name == "reports/_builder.html"
    assert [[v for _c, v in row] for row in preview.context["preview"]["rows"]] == [
        ["Approved", 1200],
        ["Cancelled", 999],
        ["Sent", 800],
    ]

    bad = client.post(ws_url(tenant_a, "builder/"), {**form, "value_1": "lots"})
    assert bad.status_code == 400 and "needs a number" in bad.content.decode()

    saved = client.post(ws_url(tenant_a, "builder/"), {**form, "action": "save", "name": "Big orders", "shared": "on"})
    report = SavedReport.objects.get(name="Big orders")
    assert saved.status_code == 302 and saved["Location"] == f"/reports/saved/{report.pk}/"
    assert report.shared and report.owner == lead and report.spec["group_by"] == ["status"]

    # Shared: an Aviator of the workspace opens it; a private one stays its owner's.
    private = saved_po_report(tenant_a, lead, name="Mine only")
    other = login(tenant_a.user(R.AVIATOR))
    assert other.get(f"/reports/saved/{report.pk}/").status_code == 200
    assert other.get(f"/reports/saved/{private.pk}/").status_code == 404
    # A Passenger reads shared reports of sources they may read, and changes none of them.
    assert login(tenant_a.user(R.PASSENGER)).post(f"/reports/saved/{report.pk}/delete/").status_code in (403, 404)
    # An Aviator manages the workspace's reports: they may remove a shared one.
    assert login(tenant_a.user(R.AVIATOR)).post(f"/reports/saved/{report.pk}/delete/").status_code == 302
    assert not SavedReport.objects.filter(pk=report.pk).exists()


def test_switching_the_source_starts_the_fields_afresh(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    page = client.post(
        ws_url(tenant_a, "builder/"),
        {"source": "incidents", "shown_source": "purchase_orders", "columns": ["vendor__name"]},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 200
    assert "Severity" in page.content.decode()


def test_a_large_export_runs_as_a_job_with_progress_and_a_download(
    tenant_a, tenant_b, login, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_INLINE_EXPORT_ROWS = 0
    vendor_spend(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(ws_url(tenant_a, "run/po-spend/export/"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/export/{job.pk}/"
    # Until the task runs, the page polls the status URL and shows the progress bar.
    waiting = client.get(f"/reports/export/{job.pk}/").content.decode()
    assert f'hx-get="/reports/export/{job.pk}/status/"' in waiting and "<progress" in waiting
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and job.file.bucket == "reports"
    status = client.get(f"/reports/export/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status and f"/reports/export/{job.pk}/download/" in status
    download = client.get(f"/reports/export/{job.pk}/download/")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.cell(row=3, column=1).value == "Stage Sound Ltd"
    # Someone else's export is not theirs to see.
    assert login(tenant_a.user(R.AVIATOR)).get(f"/reports/export/{job.pk}/").status_code == 404
    assert login(tenant_b.user(R.PHANTOM)).get(f"/reports/export/{job.pk}/download/").status_code == 404


def test_metrics_page_adds_and_shows_a_figure(tenant_a, login):
    vendor_spend(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "metrics/"), {"name": "All orders", "source": "purchase_orders", "aggregate": "count"}
    )
    assert response.status_code == 302
    page = client.get(ws_url(tenant_a, "metrics/"))
    assert [(m.name, v) for m, v in page.context["rows"]] == [("All orders", 4)]
    crew = login(tenant_a.user(R.DEVIATOR))
    assert (
        crew.post(ws_url(tenant_a, "metrics/"), {"name": "x", "source": "incidents", "aggregate": "count"}).status_code
        == 403
    )
