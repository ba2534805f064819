"""CSV exports: streamed, and safe to open in a spreadsheet.

Every export writes through `SafeWriter` (or `stream_csv`, built on it), so one guard decides
which cells a spreadsheet could run as a formula."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from .db_routers import reading_for_reports

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _is_formula(text):
    # Spreadsheets skip leading blanks before reading "=…", so " =1+1" is a formula too.
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


def safe_cell(value):
    """Text a spreadsheet would run (= + - @, tab, CR, also after leading blanks) gets a leading ' so
    it is shown, never run."""
    if value is None:
        return ""
    if isinstance(value, str) and _is_formula(value):
        return GUARD + value
    return value


def unguarded_cell(text):
    """The text `safe_cell` guarded, for an importer reading back our own export."""
    return text[1:] if text.startswith(GUARD) and _is_formula(text[1:]) else text


class SafeWriter:
    """A csv.writer whose every cell goes through safe_cell."""

    def __init__(self, file):
        self._writer = csv.writer(file)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(v) for v in row])


class _Echo:
    def write(self, value):
        return value


def csv_time(value):
    """A moment as a spreadsheet reads it ("2026-11-24 14:02"), in the viewer's zone: name the zone
    in the column's header with `zoned`."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def zoned(column):
    """A time column's header naming the zone its cells are in: "submitted_at (Europe/Berlin)"."""
    return f"{column} ({timezone.get_current_timezone_name()})"


def stream_csv(filename, header, rows):
    """A CSV response written row by row as the client reads it: memory stays flat at any size when
    `rows` is a generator over `.iterator(chunk_size=…)` (a server-side cursor on PostgreSQL). The
    rows are read inside `reading_for_reports()`, so from the replica when one is configured."""
    writer = SafeWriter(_Echo())
    zone = timezone.get_current_timezone()  # the viewer's: the rows are written after the view returned

    def lines():
        with timezone.override(zone), reading_for_reports():
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
