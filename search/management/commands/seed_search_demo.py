"""The demo's search index: every seeded row made searchable. Run last by seed_demo (the seeds
before it index as they save; rows a seed bulk-updates are caught here). Adds nothing on a second run."""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = "Index the demo data for global search."

    def handle(self, *args, **options):
        counts = services.reindex()
        self.stdout.write(f"Search index: {sum(counts.values())} entries.")
