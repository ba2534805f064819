"""In a real browser: a warehouse manager reserves a kit and checks it out. Screenshots go to the artifacts."""

import datetime
import os

import pytest
from django.utils import timezone

from assets.models import AssetStatus, Reservation, ReservationStatus
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD
from people.tests.helpers import make_production

from .helpers import book, make_asset, make_kit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"assets-{name}.png"), full_page=True)


def test_warehouse_manager_reserves_a_kit_and_checks_it_out(live_server, artifacts_dir, tenant_a):
    ws = tenant_a.workspace
    manager = tenant_a.user(Role.NAVIGATOR)
    manager.first_name, manager.last_name = "Wanda", "Hale"
    manager.save()
    today = timezone.localdate()
    show = make_production(ws, "Harbor Lights — Main Stage", start_date=today, end_date=today)
    heads = [make_asset(ws, f"LX-{i:03d}", "Robe MegaPointe", "Lighting", home_location="Bay 3") for i in range(1, 7)]
    make_asset(ws, "AU-001", "DiGiCo SD12", "Audio")
    make_asset(ws, "RG-001", "1t chain hoist", "Rigging", status=AssetStatus.MAINTENANCE)
    kit = make_kit(ws, "Stage left lighting package", heads[:4])
    book(heads[5], today, today + datetime.timedelta(days=2))

    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, manager.username, PASSWORD)
        page.goto(f"{live_server.url}/assets/w/{ws.organization.slug}/{ws.slug}/availability/")
        assert "Stage left lighting package" in page.content()
        shot(page, artifacts_dir, "availability-desktop")

        page.goto(f"{live_server.url}/assets/kit/{kit.pk}/")
        click_and_wait(page, "text=Reserve this kit")
        page.fill("#id_start_date", today.isoformat())
        page.fill("#id_end_date", (today + datetime.timedelta(days=1)).isoformat())
        page.select_option("#id_production", label=show.name)
        page.fill("#id_notes", "Load-in 08:00, dock B")
        click_and_wait(page, "[data-testid=reserve-form] button[type=submit]")
        assert page.locator("[data-testid=reservation-status]").inner_text() == "Reserved"
        reservation_url = page.url  # no ORM inside the browser block: Playwright's greenlet gets its own connection
        shot(page, artifacts_dir, "kit-reserved-desktop")

        page.fill("[data-testid=check-out-form] textarea", "LX-002 lens scratched; all cables present")
        click_and_wait(page, "[data-testid=check-out-form] button[type=submit]")
        assert page.locator("[data-testid=reservation-status]").inner_text() == "Checked out"
        assert "Wanda Hale" in page.content()
        shot(page, artifacts_dir, "kit-checked-out-desktop")

        page.goto(f"{live_server.url}/assets/w/{ws.organization.slug}/{ws.slug}/utilization/")
        assert page.locator(".bar-row").count() == 3
        shot(page, artifacts_dir, "utilization-desktop")
        page.close()

        phone = browser.new_page(viewport=PHONE)
        log_in(phone, live_server.url, manager.username, PASSWORD)
        phone.goto(reservation_url)
        assert no_horizontal_scroll(phone), "the reservation page scrolls sideways on a phone"
        shot(phone, artifacts_dir, "kit-checked-out-phone")
        phone.goto(f"{live_server.url}/assets/w/{ws.organization.slug}/{ws.slug}/")
        assert no_horizontal_scroll(phone), "the asset list scrolls sideways on a phone"
        shot(phone, artifacts_dir, "asset-list-phone")
        phone.goto(f"{live_server.url}/assets/asset/{heads[0].pk}/label/")
        shot(phone, artifacts_dir, "label-phone")

    reservation = Reservation.objects.get(kit=kit)
    assert reservation_url.endswith(f"/assets/reservation/{reservation.pk}/")
    assert reservation.status == ReservationStatus.CHECKED_OUT
    assert reservation.checkout_condition == "LX-002 lens scratched; all cables present"
    assert sorted(i.asset.tag for i in reservation.items.select_related("asset")) == [
        "LX-001",
        "LX-002",
        "LX-003",
        "LX-004",
    ]
    assert {a.status for a in heads[0].__class__.objects.filter(pk__in=[h.pk for h in heads[:4]])} == {
        AssetStatus.CHECKED_OUT
    }


def test_an_admin_previews_a_csv_import_with_bad_rows_and_imports_the_good_ones(live_server, artifacts_dir, tenant_a):
    ws = tenant_a.workspace
    admin = tenant_a.user(Role.GLADIATOR)
    make_asset(ws, "LX-107", "Existing")
    csv_text = (
        "tag,name,category,make,model,purchase_date,purchase_value\n"
        "LX-201,Moving head,Lighting,Robe,MegaPointe,2024-02-01,8500\n"
        "LX-202,Moving head,Lighting,Robe,MegaPointe,2024-02-01,8500\n"
        ",No tag,Lighting,,,,\n"
        "LX-107,Taken tag,Lighting,,,,\n"
        "AU-201,Console,Audio,DiGiCo,SD12,2024-31-01,12000\n"
    )
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, admin.username, PASSWORD)
        page.goto(f"{live_server.url}/assets/w/{ws.organization.slug}/{ws.slug}/import/")
        page.set_input_files(
            "#id_file", files=[{"name": "gear.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}]
        )
        click_and_wait(page, "text=Preview")
        assert "2 rows ready" in page.locator("[data-testid=import-summary]").inner_text()
        shot(page, artifacts_dir, "import-preview-desktop")
        click_and_wait(page, "text=Import all 5 rows")
        assert page.locator("[data-testid=import-refused]").is_visible()
        click_and_wait(page, "text=Import the 2 valid rows only")
        assert "2 asset(s) imported. 3 row(s) with errors were skipped." in page.content()
        shot(page, artifacts_dir, "import-done-desktop")
    from assets.models import Asset

    assert sorted(Asset.objects.values_list("tag", flat=True)) == ["LX-107", "LX-201", "LX-202"]
