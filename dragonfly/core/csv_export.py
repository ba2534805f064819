"""CSV exports: streamed, and safe to open in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text starting with = + - @ (tab, CR) gets a leading ' so a spreadsheet shows it, never runs it."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


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
    writer = csv.writer(_Echo())
    zone = timezone.get_current_timezone()  # the viewer's: the rows are written after the view returned

    def lines():
        with timezone.override(zone):
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
