"""Bulk import from CSV: a preview with per-row errors, then all-or-nothing or valid rows only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.errors import ImportRefused
from assets.importing import import_assets, preview_import
from assets.models import Asset
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role

from .helpers import make_asset

GOOD_AND_BAD = """tag,name,category,make,model,serial_number,home_location,purchase_date,purchase_value,status,notes
lx-101,Moving head,Lighting,Robe,MegaPointe,SN1,Bay 3,2024-02-01,8500.00,,
LX-102,Moving head,Lighting,Robe,MegaPointe,SN2,Bay 3,01/02/2024,"8,500",available,
,Orphan,Lighting,,,,,,,,
LX-104,Hazer,,,,,,,,,
LX-101,Duplicate,Lighting,,,,,,,,
AU-001,Console,Audio,,,,,2024-13-01,-5,broken,
LX-107,Taken tag,Lighting,,,,,,,,
"""


@pytest.fixture
def ws(tenant_a):
    make_asset(tenant_a.workspace, "LX-107", "Existing")
    return tenant_a.workspace


@pytest.fixture
def manager(tenant_a):
    return tenant_a.user(Role.GLADIATOR)


def test_preview_reports_every_bad_row_and_writes_nothing(ws):
    preview = preview_import(ws, GOOD_AND_BAD)
    assert [r.line for r in preview.valid] == [2, 3]
    errors = {r.line: r.errors for r in preview.invalid}
    assert errors == {
        4: ["tag is required"],
        5: ["category is required"],
        6: ["tag LX-101 is also on line 2"],
        7: [
            "purchase_date “2024-13-01” is not a date (use YYYY-MM-DD)",
            "purchase_value “-5” is not an amount",
            "status “broken” must be one of: available, lost, retired",
        ],
        8: ["tag LX-107 is already used in this organization"],
    }
    assert Asset.objects.count() == 1


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(ws, manager):
    with pytest.raises(ImportRefused) as exc:
        import_assets(ws, actor=manager, text=GOOD_AND_BAD, mode="all")
    assert len(exc.value.errors) == 5 and exc.value.errors[0].startswith("Line 4:")
    assert Asset.objects.count() == 1


def test_valid_rows_only_imports_the_good_ones(ws, manager):
    created, skipped = import_assets(ws, actor=manager, text=GOOD_AND_BAD, mode="valid_only")
    assert [a.tag for a in created] == ["LX-101", "LX-102"]
    assert len(skipped) == 5
    lx102 = Asset.objects.get(tag="LX-102")
    assert str(lx102.purchase_value) == "8500.00" and lx102.purchase_date.isoformat() == "2024-02-01"
    assert lx102.organization_id == ws.organization_id
    entry = ActivityEntry.objects.get(verb="assets.imported")
    assert entry.data["created"] == 2 and entry.data["skipped"] == 5


def test_a_clean_file_imports_in_all_mode(ws, manager):
    text = "Asset tag,Name,Category,Location\nPW-001,Distro 63A,Power,Cage\nPW-002,Distro 32A,Power,Cage\n"
    created, skipped = import_assets(ws, actor=manager, text=text, mode="all")
    assert [a.home_location for a in created] == ["Cage", "Cage"] and skipped == []


def test_files_that_cannot_be_read_are_explained(ws):
    assert preview_import(ws, "").problems == ["The file is empty."]
    assert "Missing column(s): category" in preview_import(ws, "tag,name\nA,B\n").problems[0]


def test_only_asset_admins_import(ws, tenant_a):
    with pytest.raises(PermissionDenied):
        import_assets(ws, actor=tenant_a.user(Role.NAVIGATOR), text=GOOD_AND_BAD, mode="valid_only")


def test_the_import_page_previews_then_imports_valid_rows(ws, manager, login):
    client = login(manager)
    url = f"/assets/w/{ws.organization.slug}/{ws.slug}/import/"
    upload = SimpleUploadedFile("gear.csv", GOOD_AND_BAD.encode(), content_type="text/csv")
    page = client.post(url, {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "tag LX-101 is also on line 2" in html
    assert "Import the 2 valid rows only" in html
    refused = client.post(url, {"text": GOOD_AND_BAD, "mode": "all"})
    assert refused.status_code == 400 and "Nothing was imported" in refused.content.decode()
    assert Asset.objects.count() == 1
    done = client.post(url, {"text": GOOD_AND_BAD, "mode": "valid_only"})
    assert done.status_code == 302
    assert Asset.objects.count() == 3
