"""The catalog: loaded by `migrate`, re-synced idempotently, searchable by what crews type."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from advancing.catalog import DEFAULT_PATH, export_catalog_csv, export_catalog_text, load_catalog
from advancing.errors import CatalogLoadError
from advancing.filters import search_catalog
from advancing.models import CATEGORIES, CatalogItem

pytestmark = pytest.mark.django_db


def csv_text(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "item_id",
            "category",
            "subcategory",
            "item_name",
            "common_variations",
            "related_accessories",
            "specifications",
            "standard_unit",
        ]
    )
    writer.writerows(rows)
    out.seek(0)
    return out


def test_migrate_alone_loads_329_items_in_24_categories():
    assert CatalogItem.objects.count() == 329
    assert set(CatalogItem.objects.values_list("category", flat=True)) == {c for c, _ in CATEGORIES}
    assert len(CATEGORIES) == 24


def test_every_item_id_carries_its_categorys_prefix():
    for category, prefix in CATEGORIES:
        ids = CatalogItem.objects.filter(category=category).values_list("item_id", flat=True)
        assert ids and all(i.startswith(f"{prefix}-") for i in ids), category


def test_loading_again_changes_nothing():
    before = dict(CatalogItem.objects.values_list("item_id", "updated_at"))
    assert load_catalog() == (0, 0, 329)
    assert dict(CatalogItem.objects.values_list("item_id", "updated_at")) == before


def test_a_changed_row_is_updated_and_a_new_row_created():
    pa = CatalogItem.objects.get(item_id="TECH-1000")
    pa.name, pa.common_variations = "Old name", []
    pa.save()
    with open(DEFAULT_PATH, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    rows.append(["OTHER-9999", "Other", "Misc", "Gaffer tape", "Black | White", "", "50 mm x 50 m", "Per Unit"])
    assert load_catalog(csv_text(rows)) == (1, 1, 328)
    pa.refresh_from_db()
    assert pa.name == "Line Array PA System"
    assert "Meyer Panther" in pa.common_variations
    assert CatalogItem.objects.get(item_id="OTHER-9999").common_variations == ["Black", "White"]


def test_a_file_with_bad_rows_is_refused_whole_with_every_row_named():
    rows = [
        ["TECH-5000", "Technical", "Audio", "Good row", "", "", "", "Per Unit"],
        ["TECH-5001", "Techno", "Audio", "Bad category", "", "", "", "Per Unit"],
        ["PROD-5002", "Technical", "Audio", "Wrong prefix", "", "", "", "Per Unit"],
        ["TECH-5003", "Technical", "Audio", "", "", "", "", ""],
        ["TECH-5000", "Technical", "Audio", "Duplicate", "", "", "", "Per Unit"],
    ]
    with pytest.raises(CatalogLoadError) as caught:
        load_catalog(csv_text(rows))
    errors = caught.value.errors
    assert [e.split(":")[0] for e in errors] == [
        "Row 3 (TECH-5001)",
        "Row 4 (PROD-5002)",
        "Row 5 (TECH-5003)",
        "Row 6 (TECH-5000)",
    ]
    assert "unknown category “Techno”" in errors[0]
    assert "item_name is empty" in errors[2] and "standard_unit is empty" in errors[2]
    assert "appears twice" in errors[3]
    assert not CatalogItem.objects.filter(item_id="TECH-5000").exists()


def test_a_file_without_the_columns_is_refused():
    with pytest.raises(CatalogLoadError, match="lacks the column"):
        load_catalog(io.StringIO("id,name\n1,PA\n"))


def test_export_then_load_is_a_round_trip():
    text = export_catalog_text(CatalogItem.objects.all())
    assert text.splitlines()[0].startswith("item_id,category,subcategory,item_name")
    assert load_catalog(io.StringIO(text)) == (0, 0, 329)


@pytest.mark.parametrize("name", [" =1+1", "\t=1+1", "+1 cable", "-20 dB pad", "@mention board"])
def test_export_guards_formulas_and_reads_back_the_same(name):
    CatalogItem.objects.filter(item_id="TECH-1000").update(name=name, specifications=" =HYPERLINK(1)")
    text = export_catalog_text(CatalogItem.objects.filter(item_id="TECH-1000"))
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[3] == "'" + name and row[6] == "' =HYPERLINK(1)"
    CatalogItem.objects.filter(item_id="TECH-1000").update(name="Renamed", specifications="")
    assert load_catalog(io.StringIO(text)) == (0, 1, 0)
    item = CatalogItem.objects.get(item_id="TECH-1000")
    assert (item.name, item.specifications) == (name.strip(), "=HYPERLINK(1)")


def test_export_writes_lists_with_the_separator():
    out = export_catalog_csv(CatalogItem.objects.filter(item_id="TECH-1000"), io.StringIO())
    row = list(csv.reader(io.StringIO(out.getvalue())))[1]
    assert row[4].startswith("L-Acoustics K2 | d&b GSL")


def test_the_command_reports_and_refuses_a_bad_file(tmp_path):
    out = io.StringIO()
    call_command("load_catalog", stdout=out)
    assert out.getvalue().strip() == "Catalog: 0 created, 0 updated, 329 unchanged."
    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,category\nX,Y\n")
    with pytest.raises(CommandError, match="lacks the column"):
        call_command("load_catalog", str(bad))


@pytest.mark.parametrize(
    "query, item_id",
    [
        ("line array", "TECH-1000"),  # name
        ("panther", "TECH-1000"),  # a common variation
        ("Meyer PANTHER", "TECH-1000"),  # words in any case
        ("cardioid configurable", "TECH-1002"),  # specifications
        ("forklift", None),  # a name in another category
    ],
)
def test_search_finds_by_name_variation_and_specification(query, item_id):
    found = list(search_catalog(CatalogItem.objects.all(), query).values_list("item_id", flat=True))
    if item_id:
        assert item_id in found
    assert found, query


def test_search_needs_every_word():
    assert not search_catalog(CatalogItem.objects.all(), "panther forklift").exists()
