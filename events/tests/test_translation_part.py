"""The German part file of Events, venues and people (locale/de/parts/evpeople.po) holds exactly the
strings these apps mark, each translated with the same placeholders: a string marked without a German
line (or a line left behind after its string went away) fails here, before the catalog is built."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

polib = pytest.importorskip("polib")

APPS = ("events", "locations", "people")
PART = Path(settings.BASE_DIR) / "locale" / "de" / "parts" / "evpeople.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _extracted(tmp_path, monkeypatch):
    """What makemessages finds in these apps' code and templates (copied alone, so nothing else counts)."""
    root = Path(settings.BASE_DIR)
    for app in APPS:
        shutil.copytree(root / app, tmp_path / app, ignore=shutil.ignore_patterns("tests", "migrations", "__pycache__"))
        shutil.copytree(root / "templates" / app, tmp_path / "templates" / app)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["de"], no_obsolete=True, verbosity=0)
    return {_key(e): e for e in polib.pofile(str(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"))}


def test_every_marked_string_has_one_german_line_with_the_same_placeholders(tmp_path, monkeypatch):
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed")
    extracted = _extracted(tmp_path, monkeypatch)
    part = {_key(e): e for e in polib.pofile(str(PART))}
    assert sorted(set(extracted) - set(part)) == [], "marked but not translated"
    assert sorted(set(part) - set(extracted)) == [], "translated but no longer marked"
    for key, entry in part.items():
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[0], entry.msgstr_plural[1]]
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            assert all(forms), key
            assert set(PLACEHOLDER.findall(forms[1])) == wanted, key
        else:
            assert entry.msgstr, key
            assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), key
