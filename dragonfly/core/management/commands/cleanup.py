"""`manage.py cleanup [--dry-run]`: the weekly clean-up by hand; prints what it removed (or would)."""

from django.core.management.base import BaseCommand

from dragonfly.core.cleanup import run_cleanup, steps


class Command(BaseCommand):
    help = (
        "Remove expired sessions, old read notifications, expired grants and links, old report files, orphan uploads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; remove nothing.")

    def handle(self, *args, dry_run=False, **options):
        counts = run_cleanup(dry_run=dry_run)
        labels = {step.key: step.label for step in steps()}
        verb = "would remove" if dry_run else "removed"
        for key, count in counts.items():
            self.stdout.write(f"{labels[key]}: {verb} {count}")
