"""In Chromium: a finance lead opens "purchase order spend per vendor", exports it as XLSX and opens
the download with openpyxl; builds a report of their own and watches the preview follow each change
(htmx); a large export shows its job page and downloads when ready. Pages fit a 375 px phone.
Screenshots go to the artifacts directory (and REPORTS_SHOTS, when set)."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dragonfly.tenancy.roles import Role
from dragonfly.testing.a11y import FAILING_IMPACTS, axe_result
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD
from reports.models import ExportJob

from .helpers import saved_po_report, vendor_spend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_a_report_export_it_as_xlsx_and_build_one(live_server, artifacts_dir, tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    shots = os.environ.get("REPORTS_SHOTS") or artifacts_dir
    vendor_spend(tenant_a)
    lead = tenant_a.user(Role.GLADIATOR)
    saved_po_report(tenant_a, lead, shared=True)
    ws = tenant_a.workspace
    home = f"{live_server.url}/reports/w/{ws.organization.slug}/{ws.slug}/"

    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, lead.username, PASSWORD)
        page.goto(home)
        screenshot(page, os.path.join(shots, "reports-home-1280.png"))
        click_and_wait(page, page.get_by_role("link", name="Purchase order spend per vendor"))
        assert "Stage Sound Ltd" in page.locator("[data-testid=report-table]").inner_text()
        screenshot(page, os.path.join(shots, "reports-report-1280.png"))

        page.select_option("#id_export_format", "xlsx")
        with page.expect_download() as info:
            page.click("[data-testid=export]")
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")
        target = tmp_path / "report.xlsx"
        download.save_as(target)
        sheet = load_workbook(io.BytesIO(target.read_bytes())).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0] == ["Vendor", "Currency", "Count", "Sum of Total"]
        assert rows[1][0].startswith("'=")  # a formula-like vendor name stays text
        assert rows[2][0] == "Stage Sound Ltd" and rows[2][3] == 2000

        # The builder: each change redraws the preview without a page load.
        page.goto(f"{home}builder/")
        page.select_option("#id_source", "purchase_orders")
        page.wait_for_selector("input[name=shown_source][value=purchase_orders]", state="attached")
        page.select_option("#id_group_by", "status")
        expect(page.locator(".builder-preview th").first).to_have_text("Status")
        page.wait_for_load_state("networkidle")
        page.select_option("#id_agg_1", "sum")  # a sum of nothing yet: the form says so, live
        expect(page.locator("#builder .form-errors")).to_be_visible()
        page.select_option("#id_agg_field_1", "total")
        expect(page.locator(".builder-preview")).to_contain_text("Sum of Total")
        assert "Sent" in page.locator(".builder-preview").inner_text()
        screenshot(page, os.path.join(shots, "reports-builder-1280.png"))
        page.fill("#id_name", "Orders by status")
        click_and_wait(page, "[data-testid=save-report]")
        assert "/reports/saved/" in page.url and "Orders by status" in page.inner_text("h1")

        # A large export: its job page, then its file.
        settings.REPORT_INLINE_EXPORT_ROWS = 0
        page.goto(home + "run/po-spend/")
        page.select_option("#id_export_format", "csv")
        click_and_wait(page, "[data-testid=export]")
        page.wait_for_selector("[data-testid=download]")
        screenshot(page, os.path.join(shots, "reports-export-job-1280.png"))
        with page.expect_download() as info:
            page.click("[data-testid=download]")
        assert "Stage Sound Ltd" in Path(info.value.path()).read_text(encoding="utf-8")
        assert ExportJob.objects.get().status == "done"

        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        phone = browser.new_page(viewport=PHONE)
        phone.set_default_timeout(10_000)
        log_in(phone, live_server.url, lead.username, PASSWORD)
        for name, url in (
            ("home", home),
            ("report", home + "run/po-spend/"),
            ("builder", home + "builder/"),
            ("metrics", home + "metrics/"),
        ):
            phone.goto(url)
            screenshot(phone, os.path.join(shots, f"reports-{name}-375.png"))
            assert no_horizontal_scroll(phone), name
            for width, shown in ((375, phone), (1280, page)):
                if width == 1280:
                    page.goto(url)
                found = axe_result(axe, shown, "gladiator", url, width)
                serious = [v for v in found.violations if v[0] in FAILING_IMPACTS]
                assert not serious, (name, width, serious)
