"""The production advancing catalog as data: read from and written to CSV.

`advancing/data/catalog.csv` is the source of truth in the repository. Migration 0005
loads it, `manage.py load_catalog` re-syncs it, the admin imports and exports it. Loading
is idempotent: rows are matched by item_id and written only when something differs.
"""

import csv
import io
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dragonfly.core.csv_export import SafeWriter, unguarded_cell

from .errors import CatalogLoadError
from .models import CATEGORY_PREFIX

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "catalog.csv"
COLUMNS = [
    "item_id",
    "category",
    "subcategory",
    "item_name",
    "common_variations",
    "related_accessories",
    "specifications",
    "standard_unit",
]
LIST_SEPARATOR = " | "
# CSV column -> model field, for the columns that are compared and written.
FIELDS = {
    "category": "category",
    "subcategory": "subcategory",
    "item_name": "name",
    "common_variations": "common_variations",
    "related_accessories": "related_accessories",
    "specifications": "specifications",
    "standard_unit": "standard_unit",
}
LIMITS = {"item_id": 20, "subcategory": 80, "item_name": 200, "standard_unit": 40}


def load_catalog(path=DEFAULT_PATH, *, model=None):
    """Create or update catalog items from a CSV file (a path or an open text file).

    Returns (created, updated, unchanged). Raises CatalogLoadError listing every bad row,
    having written nothing. `model` lets a data migration pass its historical model."""
    if model is None:
        from .models import CatalogItem as model
    rows = read_rows(path)
    existing = {item.item_id: item for item in model.objects.all()}
    to_create, to_update, unchanged = [], [], 0
    for row in rows:
        item = existing.get(row["item_id"])
        if item is None:
            to_create.append(model(item_id=row["item_id"], **_values(row)))
        elif _apply(item, row):
            to_update.append(item)
        else:
            unchanged += 1
    with transaction.atomic():
        model.objects.bulk_create(to_create, batch_size=500)
        model.objects.bulk_update(to_update, [*FIELDS.values(), "updated_at"], batch_size=500)
    return len(to_create), len(to_update), unchanged


def read_rows(path):
    """Parse and check every row; raise CatalogLoadError with all the problems at once."""
    if isinstance(path, (str, Path)):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return _check_rows(list(csv.DictReader(handle)))
    return _check_rows(list(csv.DictReader(path)))


def catalog_rows(queryset):
    """The rows of a catalog CSV (the format load_catalog reads), read in chunks."""
    for item in queryset.order_by("item_id").iterator(chunk_size=500):
        yield [
            item.item_id,
            item.category,
            item.subcategory,
            item.name,
            LIST_SEPARATOR.join(item.common_variations),
            LIST_SEPARATOR.join(item.related_accessories),
            item.specifications,
            item.standard_unit,
        ]


def export_catalog_csv(queryset, file):
    """Write catalog items in the same format load_catalog reads (formula-guarded, like every export)."""
    writer = SafeWriter(file)
    writer.writerow(COLUMNS)
    for row in catalog_rows(queryset):
        writer.writerow(row)
    return file


def export_catalog_text(queryset):
    return export_catalog_csv(queryset, io.StringIO()).getvalue()


def _check_rows(raw_rows):
    if raw_rows and set(COLUMNS) - set(raw_rows[0]):
        missing = ", ".join(c for c in COLUMNS if c not in raw_rows[0])
        raise CatalogLoadError([f"The header lacks the column(s): {missing}."])
    errors, seen, rows = [], set(), []
    for number, raw in enumerate(raw_rows, start=2):  # row 1 is the header
        # An exported catalog reads back as it was: the formula guard the export added comes off.
        row = {column: unguarded_cell(raw.get(column) or "").strip() for column in COLUMNS}
        problems = _row_problems(row, seen)
        if problems:
            errors.append(f"Row {number} ({row['item_id'] or 'no id'}): {'; '.join(problems)}")
        seen.add(row["item_id"])
        rows.append(row)
    if errors:
        raise CatalogLoadError(errors)
    return rows


def _row_problems(row, seen):
    problems = []
    for column in ("item_id", "category", "subcategory", "item_name", "standard_unit"):
        if not row[column]:
            problems.append(f"{column} is empty")
    prefix = CATEGORY_PREFIX.get(row["category"])
    if row["category"] and prefix is None:
        problems.append(f"unknown category “{row['category']}”")
    elif prefix and row["item_id"] and not row["item_id"].startswith(f"{prefix}-"):
        problems.append(f"ids in {row['category']} start with {prefix}-")
    if row["item_id"] in seen:
        problems.append("the item_id appears twice")
    for column, limit in LIMITS.items():
        if len(row[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    return problems


def _split(text):
    return [part.strip() for part in text.split("|") if part.strip()]


def _values(row):
    values = {field: row[column] for column, field in FIELDS.items()}
    values["common_variations"] = _split(row["common_variations"])
    values["related_accessories"] = _split(row["related_accessories"])
    return values


def _apply(item, row):
    """Copy the row onto the item; True when anything changed."""
    changed = False
    for field, value in _values(row).items():
        if getattr(item, field) != value:
            setattr(item, field, value)
            changed = True
    if changed:
        item.updated_at = timezone.now()
    return changed
