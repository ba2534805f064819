"""The ten buckets on an S3-compatible object store (`FILE_STORAGE=s3`, django-storages).

A stored name starts with its bucket (`documents/2026/12/<uuid>.pdf`, see `models.stored_name`), so
one Django storage keeps them all: a private bucket's objects sit in the private S3 bucket and are
opened only through a URL signed for `FILE_URL_SECONDS`, handed out by the permission-checked views;
the public ones (avatars, logos) sit in the public S3 bucket (the same one unless configured) and
are read at their plain URL (or the custom domain in front of it). Nothing here decides who may read
a file: the views do, before they ask for a URL."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from .buckets import BUCKETS
from .sniff import EXTENSIONS

PUBLIC_BUCKETS = frozenset(name for name, bucket in BUCKETS.items() if bucket.public)
# The type an object is stored with, from the extension we gave it (that of the detected type): the
# browser's claim about the upload never reaches the store.
_TYPE_OF_EXTENSION = {ext: kind for kind, ext in reversed(list(EXTENSIONS.items()))}


class _ObjectStore(S3Storage):
    def get_object_parameters(self, name: str) -> dict[str, Any]:
        params = super().get_object_parameters(name)
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        params["ContentType"] = _TYPE_OF_EXTENSION.get(extension, "application/octet-stream")
        return params


@deconstructible(path="dragonfly.files.storage.BucketStorage")
class BucketStorage(Storage):
    """Routes each name by its first folder: the public buckets to the public store, the rest to the
    private one (whose URLs are signed)."""

    def __init__(self, *, public_bucket_name: str | None = None, public_domain: str | None = None, **options: Any):
        # Our names are random, so nothing is overwritten; never uploading with an ACL keeps the
        # store's own policy in charge (many stores refuse ACLs altogether).
        options = {"file_overwrite": False, "default_acl": None, **options}
        self.private = _ObjectStore(querystring_auth=True, **options)
        self.public = _ObjectStore(
            **{
                **options,
                "bucket_name": public_bucket_name or options.get("bucket_name"),
                "querystring_auth": False,
                "custom_domain": public_domain,
            }
        )

    def store_for(self, name: str) -> _ObjectStore:
        return self.public if name.split("/", 1)[0] in PUBLIC_BUCKETS else self.private

    def download_url(self, name: str, *, filename: str, content_type: str, inline: bool) -> str:
        """Where a reader fetches the file: a public bucket's plain URL, else one signed for
        `querystring_expire` seconds that makes the store answer with our type and disposition
        (a download for anything but safe images and PDFs) and never be cached."""
        store = self.store_for(name)
        if store is self.public:
            return store.url(name)
        return store.url(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(not inline, filename) or "",
                "ResponseCacheControl": "private, no-store",
            },
        )

    # The Storage API, each call on the store the name belongs to.
    def _open(self, name, mode="rb"):
        return self.store_for(name)._open(name, mode)

    def _save(self, name, content):
        return self.store_for(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.store_for(name).get_available_name(name, max_length)

    def delete(self, name):
        self.store_for(name).delete(name)

    def exists(self, name):
        return self.store_for(name).exists(name)

    def listdir(self, path):
        return self.store_for(path).listdir(path)

    def size(self, name):
        return self.store_for(name).size(name)

    def url(self, name):
        return self.store_for(name).url(name)

    def get_modified_time(self, name):
        return self.store_for(name).get_modified_time(name)
