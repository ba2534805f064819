"""`manage.py build_messages`: the German catalog, for developers and CI (README, "Languages").

build_messages             extract the marked strings (makemessages), fold in the part files,
                           write locale/<lang>/LC_MESSAGES/django.po, compile .mo; fails when
                           anything is left untranslated or fuzzy            (make messages)
build_messages --check     the same, but the tree is left as it was: only the verdict (make check)
build_messages --compile   compile .mo from the committed catalog and the parts, nothing else; no
                           GNU gettext needed                          (make run, make test)
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dragonfly.core import catalog

# Not user-facing (tests assert English; dragonfly.testing holds test helpers) or not ours.
IGNORE = [
    ".venv/*",
    "node_modules/*",
    "artifacts/*",
    "bench/*",
    "staticfiles/*",
    "media/*",
    "*/tests/*",
    "dragonfly/testing/*",
]


class Command(BaseCommand):
    help = "Build, check and compile the translation catalogs."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="report only; leave every file as it was")
        mode.add_argument("--compile", action="store_true", help="only compile .mo (no extraction)")

    def handle(self, *args, check=False, compile=False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        if compile:
            for path in catalog.compile_catalogs(locale_dir, languages):
                self.stdout.write(f"compiled {path}")
            return
        failures = []
        for language in languages:
            failures += self.build(locale_dir, language, keep=not check)
        if failures:
            for line in failures:
                self.stderr.write(line)
            raise CommandError(
                f"{len(failures)} catalog entries need a translation: add them to locale/<lang>/parts/*.po "
                "(or the catalog) and run `make messages`."
            )
        self.stdout.write(self.style.SUCCESS("The catalogs are complete and match the source."))

    def build(self, locale_dir, language, *, keep):
        path = catalog.catalog_path(locale_dir, language)
        before = path.read_bytes() if path.exists() else None
        try:
            call_command(
                "makemessages",
                locale=[language],
                no_location=True,
                no_obsolete=True,
                ignore_patterns=IGNORE,
                verbosity=0,
            )
            extracted = polib.pofile(str(path))
            filled = catalog.fill(extracted, catalog.part_files(locale_dir, language))
            found = [f"{language}: {line}" for line in catalog.problems(extracted)]
            if keep:
                extracted.metadata.update(
                    {**catalog.HEADER, "Language": language, "Plural-Forms": catalog.PLURAL_FORMS[language]}
                )
                extracted.metadata_is_fuzzy = False  # makemessages marks a fresh header fuzzy; ours is filled in
                extracted.header = "German translations of Dragonfly (README, Languages)."
                extracted.save(str(path))
                catalog.write_mo(extracted, path.with_suffix(".mo"))
                self.stdout.write(f"{language}: {len(catalog.live(extracted))} entries, {filled} from the parts")
            return found
        finally:
            if not keep:  # --check: put the catalog back as it was (or remove the one makemessages made)
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(before)
