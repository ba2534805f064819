"""The German catalog: built from the source and the translators' part files, checked, compiled.

`locale/<lang>/LC_MESSAGES/django.po` is the one committed catalog. While several people translate
at once, each keeps their entries in `locale/<lang>/parts/<part>.po`; `fill` copies a part's msgstr
into every entry of the catalog still empty (matched on msgctxt + msgid + msgid_plural), so the
parts fold in at merge time and can then be deleted. `problems` names what is untranslated or
fuzzy: a string the source marks and nobody translated fails `make check`.

The .mo files are not committed (.gitignore): `compile_catalogs` writes them with polib (pure
Python, no Debian gettext needed to run or test) from the catalog plus any parts, and `make run`,
`make test` and the test session (conftest.py) call it, so a fresh clone reads German at once.
Extraction (`makemessages`) needs GNU gettext; only `make messages` and `make check` run it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

HEADER = {
    "Project-Id-Version": "Dragonfly",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
PLURAL_FORMS = {"de": "nplurals=2; plural=(n != 1);"}


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def live(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if not e.obsolete and e.msgid]


def fill(catalog: polib.POFile, parts: Iterable[polib.POFile]) -> int:
    """Copy the parts' translations into the catalog's empty entries; returns how many were filled.
    A part's entry for a msgid the source no longer marks is ignored (it no longer matters)."""
    known: dict[tuple[str, str, str], polib.POEntry] = {}
    for part in parts:
        for entry in live(part):
            if translated(entry) and "fuzzy" not in entry.flags:
                known.setdefault(key(entry), entry)
    filled = 0
    for entry in live(catalog):
        source = known.get(key(entry))
        if source is None or (translated(entry) and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(source.msgstr_plural)
        else:
            entry.msgstr = source.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    return filled


def problems(catalog: polib.POFile) -> list[str]:
    """One line per entry a reader would see in English: untranslated, or fuzzy (a guess to check)."""
    found = []
    for entry in live(catalog):
        where = f' (context "{entry.msgctxt}")' if entry.msgctxt else ""
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}{where}")
        elif not translated(entry):
            found.append(f"untranslated: {entry.msgid!r}{where}")
    return found


def part_files(locale_dir: Path, language: str) -> list[polib.POFile]:
    return [polib.pofile(str(p)) for p in sorted((locale_dir / language / "parts").glob("*.po"))]


def catalog_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def empty_catalog(language: str) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {**HEADER, "Language": language, "Plural-Forms": PLURAL_FORMS.get(language, "")}
    return catalog


def compiled(locale_dir: Path, language: str) -> polib.POFile:
    """The committed catalog (or an empty one) with the parts' translations folded in."""
    path = catalog_path(locale_dir, language)
    catalog = polib.pofile(str(path)) if path.exists() else empty_catalog(language)
    parts = part_files(locale_dir, language)
    if not path.exists():  # no catalog yet: the parts are the catalog
        seen: set[tuple[str, str, str]] = set()
        for part in parts:
            for entry in live(part):
                if key(entry) not in seen:
                    seen.add(key(entry))
                    catalog.append(entry)
    fill(catalog, parts)
    return catalog


def write_mo(catalog: polib.POFile, target: Path) -> None:
    """Write atomically: test workers compiling at once never read half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        catalog.save_as_mofile(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def compile_catalogs(locale_dir: Path, languages: Iterable[str]) -> list[Path]:
    written = []
    for language in languages:
        path = catalog_path(locale_dir, language)
        if not path.exists() and not part_files(locale_dir, language):
            continue
        target = path.with_suffix(".mo")
        write_mo(compiled(locale_dir, language), target)
        written.append(target)
    return written
