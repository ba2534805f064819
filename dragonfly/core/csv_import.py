"""Reading an uploaded CSV for a bulk import: text from the upload, then rows keyed by header, checked."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024


def decode_csv_upload(upload: Any, max_bytes: int = MAX_BYTES) -> str:
    """The upload's text (UTF-8, else Windows-1252, as spreadsheets save it); a binary file is refused."""
    raw = upload.read(max_bytes + 1)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise forms.ValidationError(_("The file is not text; save it as CSV (UTF-8)."))


@dataclass
class CsvReport:
    """Checked rows (each with an `errors` list) and problems with the file itself (nothing can be used)."""

    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def valid(self) -> list:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self) -> list:
        return [r for r in self.rows if r.errors]


class CsvRefused(Exception):
    """The file as a whole cannot be read (too big, no header, missing columns, malformed)."""


def csv_records(text: str, *, required: tuple, columns: list, max_bytes: int, max_rows: int) -> Iterator:
    """(line number, {lower-cased header: stripped cell}) for each non-blank row; CsvRefused says what is wrong."""
    if len(text.encode("utf-8")) > max_bytes:
        raise CsvRefused(_("The file is larger than %(mb)s MB; split it.") % {"mb": max_bytes // (1024 * 1024)})
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvRefused(_("The file is empty.")) from None
    except csv.Error as exc:
        raise CsvRefused(_("This is not a readable CSV file (%(error)s).") % {"error": exc}) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvRefused(
            _("Missing column(s): %(missing)s. Expected: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(columns)}
        )
    count = 0
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > max_rows:
                raise CsvRefused(_("At most %(rows)s rows per file; split it.") % {"rows": max_rows})
            yield number, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
    except csv.Error as exc:
        raise CsvRefused(
            _("The CSV file is malformed near line %(line)s (%(error)s).") % {"line": reader.line_num, "error": exc}
        ) from None
