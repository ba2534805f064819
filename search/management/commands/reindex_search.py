"""Rebuild global search's index from the rows: after a deploy that adds a source, after bulk
updates (which send no signals), or whenever the index is in doubt. Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.registry import sources


class Command(BaseCommand):
    help = "Rebuild the global search index (every source, or those named with --type)."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", dest="types", help="A source key; repeat for more.")

    def handle(self, *args, types=None, **options):
        known = {s.key for s in sources()}
        unknown = sorted(set(types or []) - known)
        if unknown:
            raise CommandError(f"Unknown search types: {', '.join(unknown)} (known: {', '.join(sorted(known))}).")
        counts = services.reindex(types)
        for key, written in counts.items():
            self.stdout.write(f"{key}: {written}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} entries."))
