"""The catalog build: part files fill the catalog, and anything left untranslated fails the check."""

import polib

from dragonfly.core import catalog


def po(*entries):
    file = catalog.empty_catalog("de")
    for entry in entries:
        file.append(entry)
    return file


def entry(msgid, msgstr="", **kwargs):
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kwargs)


def test_parts_fill_the_empty_entries_matching_context_and_plural():
    extracted = po(
        entry("Save"),
        entry("already", msgctxt="workflow state"),
        polib.POEntry(msgid="%(n)d item", msgid_plural="%(n)d items", msgstr_plural={0: "", 1: ""}),
        entry("Kept", "Behalten"),
    )
    part = po(
        entry("Save", "Speichern"),
        entry("already", "bereits", msgctxt="workflow state"),
        entry("already", "schon"),  # another context: does not match
        polib.POEntry(
            msgid="%(n)d item", msgid_plural="%(n)d items", msgstr_plural={0: "%(n)d Posten", 1: "%(n)d Posten"}
        ),
        entry("Kept", "Überschrieben"),
        entry("Gone from the source", "Weg"),
    )
    assert catalog.fill(extracted, [part]) == 3
    assert [e.msgstr for e in extracted if not e.msgid_plural] == ["Speichern", "bereits", "Behalten"]
    assert extracted.find("%(n)d item").msgstr_plural == {0: "%(n)d Posten", 1: "%(n)d Posten"}
    assert catalog.problems(extracted) == []
    assert extracted.find("Gone from the source") is None


def test_a_missing_or_fuzzy_translation_is_reported():
    extracted = po(entry("Save"), entry("Log out", "Abmelden", flags=["fuzzy"]), entry("Home", "Start"))
    catalog.fill(extracted, [po(entry("Something else", "Etwas anderes"))])
    assert catalog.problems(extracted) == ["untranslated: 'Save'", "fuzzy: 'Log out'"]


def test_compiling_without_a_catalog_uses_the_parts(tmp_path):
    parts = tmp_path / "de" / "parts"
    parts.mkdir(parents=True)
    po(entry("Save", "Speichern"), entry("Untranslated")).save(str(parts / "core.po"))
    [mo] = catalog.compile_catalogs(tmp_path, ["de"])
    assert mo == tmp_path / "de" / "LC_MESSAGES" / "django.mo"
    compiled = polib.mofile(str(mo))
    assert [(e.msgid, e.msgstr) for e in compiled] == [("Save", "Speichern")]


def test_the_committed_parts_cover_what_the_shared_pages_mark():
    """The German part of the core is complete: no entry without its msgstr (make check proves the rest)."""
    from pathlib import Path

    from django.conf import settings

    for part in catalog.part_files(Path(settings.LOCALE_PATHS[0]), "de"):
        assert catalog.problems(part) == []
