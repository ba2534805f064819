"""Copy the files uploaded to the local disk into the object store, when moving to FILE_STORAGE=s3.

Every stored file an attachment row names is copied under the same name (so no row changes), each
to the S3 bucket its storage bucket belongs to; one already there with the same size is skipped, so
a second run (or a run after an interrupted one) copies only what is missing. The local files stay:
remove them once the store serves the files."""

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError

from dragonfly.files.models import Attachment


class Command(BaseCommand):
    help = "Copy locally stored files into the object store configured by FILE_STORAGE=s3 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=None, help="the local uploads folder (default: the configured one)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be copied, copy nothing")

    def handle(self, *args, source, dry_run, **options):
        if not hasattr(default_storage, "download_url"):
            raise CommandError("The file storage is the local disk: set FILE_STORAGE=s3 and its bucket first.")
        local = FileSystemStorage(location=source)  # None: the uploads folder of the settings
        copied = present = missing = 0
        names = Attachment.objects.order_by().values_list("file", flat=True).distinct()
        for name in names.iterator():
            if not local.exists(name):
                missing += 1
                self.stderr.write(f"missing locally: {name}")
            else:
                there = default_storage.exists(name)
                if there and default_storage.size(name) == local.size(name):
                    present += 1
                    continue
                copied += 1
                if dry_run:
                    continue
                if there:  # another size: not our file's copy; replace it rather than store a second name
                    default_storage.delete(name)
                with local.open(name, "rb") as handle:
                    default_storage.save(name, handle)
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(f"{verb} {copied}, already in the store {present}, missing locally {missing}")
