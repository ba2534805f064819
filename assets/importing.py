"""Bulk import of assets from CSV: a preview with a per-row error report, then one of two modes.

    preview = preview_import(workspace, text)         # nothing written
    import_assets(workspace, actor=..., text=text, mode="all")         # refuses if any row is bad
    import_assets(workspace, actor=..., text=text, mode="valid_only")  # imports the good rows

The file is read again on import (never trusted from the preview), and the whole import is
one transaction: a tag taken by someone else meanwhile imports nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from .errors import AssetInvalid, ImportRefused
from .models import MANUAL_STATUSES, Asset, AssetStatus, normalize_tag

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
MAX_VALUE = Decimal("999999999999.99")
COLUMNS = [
    "tag",
    "name",
    "category",
    "make",
    "model",
    "serial_number",
    "home_location",
    "purchase_date",
    "purchase_value",
    "status",
    "notes",
]
REQUIRED = ("tag", "name", "category")
ALIASES = {
    "asset tag": "tag",
    "asset_tag": "tag",
    "serial": "serial_number",
    "serial number": "serial_number",
    "location": "home_location",
    "home location": "home_location",
    "value": "purchase_value",
    "purchase value": "purchase_value",
    "purchase date": "purchase_date",
    "model_name": "model",
}
LIMITS = {"tag": 40, "name": 200, "category": 80, "make": 120, "model": 120, "serial_number": 120, "home_location": 200}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
MODES = ("all", "valid_only")


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportPreview:
    rows: list
    problems: list  # errors about the file itself (no header, too big): nothing can be imported
    notices: list = field(default_factory=list)  # worth knowing, not blocking (ignored columns)

    @property
    def valid(self):
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self):
        return [r for r in self.rows if not r.ok]

    @property
    def ok(self):
        return not self.problems and not self.invalid and bool(self.rows)

    def error_lines(self):
        return self.problems + [f"Line {r.line}: " + "; ".join(r.errors) for r in self.invalid]


def preview_import(workspace, text):
    """Read and check every row; writes nothing."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return ImportPreview(
            [], [_("The file is larger than %(megabytes)s MB; split it.") % {"megabytes": MAX_BYTES // (1024 * 1024)}]
        )
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        return ImportPreview([], [_("The file is empty.")])
    except csv.Error as exc:
        return ImportPreview([], [_("This is not a readable CSV file (%(exc)s).") % {"exc": exc}])
    columns = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        return ImportPreview(
            [],
            [
                _("Missing column(s): %(names)s. Expected: %(expected)s.")
                % {"names": ", ".join(missing), "expected": ", ".join(COLUMNS)}
            ],
        )
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in COLUMNS]
    notices = [_("Ignored column(s): %(names)s.") % {"names": ", ".join(unknown)}] if unknown else []
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return ImportPreview(
                    [], [_("At most %(max_rows)s rows per import; split the file.") % {"max_rows": MAX_ROWS}]
                )
            values = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns) if c in COLUMNS}
            rows.append(_check_row(number, values))
    except csv.Error as exc:
        return ImportPreview(
            [],
            [
                _("The CSV file is malformed near line %(line_num)s (%(exc)s).")
                % {"line_num": reader.line_num, "exc": exc}
            ],
        )
    _check_tags(workspace, rows)
    return ImportPreview(rows, [], notices)


def _check_row(line, values):
    row = ImportRow(line, values)
    for name in REQUIRED:
        if not values.get(name):
            row.errors.append(_("%(name)s is required") % {"name": name})
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            row.errors.append(_("%(name)s is longer than %(limit)s characters") % {"name": name, "limit": limit})
    values["tag"] = normalize_tag(values.get("tag", ""))
    raw_date = values.get("purchase_date", "")
    values["purchase_date"] = None
    if raw_date:
        for fmt in DATE_FORMATS:
            try:
                values["purchase_date"] = datetime.datetime.strptime(raw_date, fmt).date()
                break
            except ValueError:
                continue
        else:
            row.errors.append(_("purchase_date “%(raw_date)s” is not a date (use YYYY-MM-DD)") % {"raw_date": raw_date})
    raw_value = values.get("purchase_value", "").replace(",", "")
    values["purchase_value"] = None
    if raw_value:
        try:
            amount = Decimal(raw_value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_VALUE:
            row.errors.append(
                _("purchase_value “%(value)s” is not an amount") % {"value": values.get("purchase_value") or raw_value}
            )
        else:
            values["purchase_value"] = amount.quantize(Decimal("0.01"))
    status = (values.get("status") or "").strip().lower().replace(" ", "_")
    values["status"] = status or AssetStatus.AVAILABLE
    if values["status"] not in MANUAL_STATUSES:
        row.errors.append(
            _("status “%(status)s” must be one of: %(names)s") % {"status": status, "names": ", ".join(MANUAL_STATUSES)}
        )
    return row


def _check_tags(workspace, rows):
    seen = {}
    for row in rows:
        tag = row.values["tag"]
        if not tag:
            continue
        if tag in seen:
            row.errors.append(_("tag %(tag)s is also on line %(line)s") % {"tag": tag, "line": seen[tag]})
        else:
            seen[tag] = row.line
    in_org = Asset.objects.filter(organization_id=workspace.organization_id, tag__in=list(seen))
    taken = set(in_org.values_list("tag", flat=True))
    for row in rows:
        if row.values["tag"] in taken:
            row.errors.append(_("tag %(tag)s is already used in this organization") % {"tag": row.values["tag"]})


def import_assets(workspace, *, actor, text, mode="all"):
    """Import the file. mode="all": nothing unless every row is good; "valid_only": the good rows."""
    if not actor.has_perm("assets.add_asset", workspace):
        raise PermissionDenied(_("Your role does not add assets in this workspace."))
    if mode not in MODES:
        raise AssetInvalid(_("Choose to import all rows or the valid rows only."))
    preview = preview_import(workspace, text)
    if preview.problems:
        raise AssetInvalid(" ".join(preview.problems))
    if not preview.rows:
        raise AssetInvalid(_("The file has no rows to import."))
    if mode == "all" and preview.invalid:
        raise ImportRefused(preview.error_lines())
    rows = preview.valid
    currency = workspace.organization.currency
    assets = [
        Asset(
            organization_id=workspace.organization_id,
            workspace=workspace,
            tag=r.values["tag"],
            name=r.values["name"],
            category=r.values["category"],
            make=r.values.get("make", ""),
            model_name=r.values.get("model", ""),
            serial_number=r.values.get("serial_number", ""),
            home_location=r.values.get("home_location", ""),
            purchase_date=r.values["purchase_date"],
            purchase_value=r.values["purchase_value"],
            status=r.values["status"],
            notes=r.values.get("notes", ""),
            currency=currency,
        )
        for r in rows
    ]
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = Asset.objects.bulk_create(assets, batch_size=500)
        except IntegrityError as exc:
            raise AssetInvalid(
                _("Some tags were taken while you were importing; nothing was imported. Preview the file again.")
            ) from exc
        record_activity(
            workspace,
            actor=actor,
            verb="assets.imported",
            workspace=workspace,
            data={
                "created": len(created),
                "skipped": len(preview.invalid),
                "mode": mode,
                "tags": [a.tag for a in created[:50]],
            },
        )
    return created, preview.invalid
