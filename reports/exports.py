"""A report's result as a file: CSV, XLSX or PDF, written row by row.

CSV and XLSX cells go through the one spreadsheet guard (`dragonfly.core.csv_export.safe_cell`):
text a spreadsheet would run as a formula (= + - @ …) gets a leading ', so it is shown, never run.
The PDF is drawn with reportlab like a purchase order's (finance/pdf.py)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape  # nosec B406 # escapes text for reportlab's markup; parses no XML

from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.csv_export import csv_time, safe_cell, zoned

from .engine import Result
from .registry import DATETIME

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PDF_MAX_ROWS = 5000  # a PDF longer than this is not read; it says so and points at CSV/XLSX
Progress = Callable[[int], None]


def _rows(result: Result, progress: Progress | None):
    for n, row in enumerate(result.rows, start=1):
        yield row
        if progress is not None and n % 500 == 0:
            progress(n)


def _plain(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == DATETIME and isinstance(value, datetime.datetime):
        return csv_time(value)
    return value


def to_csv(result: Result, progress: Progress | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(zoned(c.label) if c.kind == DATETIME else c.label) for c in result.columns])
    kinds = [c.kind for c in result.columns]
    for row in _rows(result, progress):
        writer.writerow([safe_cell(_plain(v, k)) for v, k in zip(row, kinds, strict=False)])
    return out.getvalue().encode("utf-8")


def _cell(value: Any, kind: str) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no zones: the header names it
    if isinstance(value, Decimal | int | float | datetime.date):
        return value
    return safe_cell("" if value is None else str(value))


def to_xlsx(result: Result, progress: Progress | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=result.title[:31] or "Report")
    header = []
    for column in result.columns:
        label = zoned(column.label) if column.kind == DATETIME else column.label
        header.append(safe_cell(label))
    sheet.append(header)
    kinds = [c.kind for c in result.columns]
    for row in _rows(result, progress):
        sheet.append([_cell(v, k) for v, k in zip(row, kinds, strict=False)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(result: Result, progress: Progress | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    def p(text: Any, style: Any) -> Paragraph:
        return Paragraph(escape(str(text if text is not None else "")), style)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm
    )
    doc.title = result.title
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    kinds = [c.kind for c in result.columns]
    rows = [[p(c.label, small) for c in result.columns]]
    cut = False
    for n, row in enumerate(_rows(result, progress), start=1):
        if n > PDF_MAX_ROWS:
            cut = True
            break
        rows.append([p(_plain(v, k), small) for v, k in zip(row, kinds, strict=False)])
    story: list[Any] = [p(result.title, styles["Heading2"])]
    story += [p(note, small) for note in result.notes]
    story.append(Spacer(1, 4 * mm))
    if len(rows) == 1:
        story.append(p(_("No rows."), small))
    else:
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dee2e6")),
                ]
            )
        )
        story.append(table)
    if cut:
        story += [
            Spacer(1, 4 * mm),
            p(
                _("Only the first %(rows)s rows are shown; export as CSV or XLSX for all.") % {"rows": PDF_MAX_ROWS},
                small,
            ),
        ]
    doc.build(story)
    return buffer.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}


def render(result: Result, fmt: str, progress: Progress | None = None) -> bytes:
    return WRITERS[fmt](result, progress)


def filename(result: Result, fmt: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(result.title) or 'report'}-{timezone.localdate():%Y-%m-%d}.{fmt}"
