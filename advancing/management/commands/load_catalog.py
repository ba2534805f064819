from django.core.management.base import BaseCommand, CommandError

from advancing.catalog import DEFAULT_PATH, load_catalog
from advancing.errors import CatalogLoadError


class Command(BaseCommand):
    help = "Create or update the advancing catalog from a CSV file. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="CSV file (default: the bundled one)")

    def handle(self, *args, path, **options):
        try:
            created, updated, unchanged = load_catalog(path)
        except CatalogLoadError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        self.stdout.write(f"Catalog: {created} created, {updated} updated, {unchanged} unchanged.")
