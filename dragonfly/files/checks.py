"""Start-up checks of the file storage: `FILE_STORAGE=s3` without its bucket is refused at start
(every `manage.py` command, and `check --deploy`), not at the first upload."""

from django.conf import settings
from django.core.checks import Error


def file_storage(app_configs=None, **kwargs):
    kind = getattr(settings, "FILE_STORAGE", "local")
    if kind not in {"local", "s3"}:
        return [
            Error(
                f"FILE_STORAGE={kind!r} is not a storage Dragonfly knows.",
                hint="Leave it unset for the local disk, or set FILE_STORAGE=s3.",
                id="files.E001",
            )
        ]
    if kind != "s3":
        return []
    options = settings.STORAGES["default"].get("OPTIONS", {})
    errors = []
    if not options.get("bucket_name"):
        errors.append(
            Error(
                "FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME: the bucket the files are kept in.",
                hint="Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for a store other than AWS).",
                id="files.E002",
            )
        )
    if bool(options.get("access_key")) != bool(options.get("secret_key")):
        errors.append(
            Error(
                "FILE_STORAGE=s3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together.",
                hint="Set both, or neither to use the machine's own credentials (an instance role, ~/.aws).",
                id="files.E003",
            )
        )
    return errors
