"""A production manager keeps a rider through its versions: every upload is kept (who, when, size,
note), the stable link serves the current one, an old one can be restored, and the storage bucket's
limits hold for every version."""

import dataclasses
import os

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import Conflict
from dragonfly.files import services
from dragonfly.files.buckets import BUCKETS
from dragonfly.files.models import Attachment, Document, DocumentCategory
from dragonfly.files.services import UploadRefused
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production

from .helpers import DWG, body, make_document, pdf, upload

pytestmark = pytest.mark.django_db
R = Role


def stored(root):
    return sorted(f for _, _, files in os.walk(root) for f in files)


def test_new_versions_keep_the_old_ones_and_the_stable_link_follows(tenant_a, login):
    production = make_production(tenant_a)
    gladiator = tenant_a.user(R.GLADIATOR)
    rider = make_document(tenant_a, attach_to=production, note="First issue")
    stable = rider.download_url
    services.add_version(rider, actor=gladiator, upload=pdf("rider-v2.pdf", "v2"), note="B-stage added")
    v3 = services.add_version(rider, actor=gladiator, upload=pdf("rider-v3.pdf", "v3"), note="Power")
    rider.refresh_from_db()
    history = list(rider.versions.order_by("version").values_list("version", "original_name", "note"))
    assert history == [
        (1, "rider.pdf", "First issue"),
        (2, "rider-v2.pdf", "B-stage added"),
        (3, "rider-v3.pdf", "Power"),
    ]
    assert rider.current == v3 and v3.uploaded_by == gladiator and v3.size > 0
    assert v3.content_object == production  # each version stays linked to the production
    client = login(gladiator)
    assert stable == rider.download_url  # the link never changes...
    assert body(client.get(stable)).endswith(b"% v3\n")  # ...and serves the current version
    assert body(client.get(f"/files/document/{rider.pk}/v/1/")).endswith(b"% v1\n")  # old ones stay
    verbs = list(ActivityEntry.objects.filter(object_id=str(rider.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["uploaded", "uploaded a new version", "uploaded a new version"]


def test_restoring_an_old_version_makes_it_current_and_is_recorded(tenant_a, media_root):
    gladiator = tenant_a.user(R.GLADIATOR)
    rider = make_document(tenant_a)
    services.add_version(rider, actor=gladiator, upload=pdf("rider-v2.pdf", "v2"))
    files_before = stored(media_root)
    restored = services.restore_version(rider, actor=gladiator, version=1)
    rider.refresh_from_db()
    assert (restored.version, restored.restored_from.version, rider.current) == (3, 1, restored)
    assert restored.note == "Restored from version 1"
    assert stored(media_root) == files_before  # the restored version shares the stored file
    assert restored.file.read().endswith(b"% v1\n")
    entry = ActivityEntry.objects.get(verb="restored a version")
    assert (entry.actor, entry.from_state, entry.to_state) == (gladiator, "1", "3")
    with pytest.raises(Conflict, match="already the current one"):
        services.restore_version(rider, actor=gladiator, version=3)
    with pytest.raises(services.DomainError, match="no version 9"):
        services.restore_version(rider, actor=gladiator, version=9)
    assert rider.versions.count() == 3


def test_bucket_limits_hold_for_every_version(tenant_a, media_root, monkeypatch):
    gladiator = tenant_a.user(R.GLADIATOR)
    rider = make_document(tenant_a)  # in "documents": PDF, images, office, text; no CAD
    files_before = stored(media_root)
    with pytest.raises(UploadRefused, match="not a file type documents accepts"):
        services.add_version(rider, actor=gladiator, upload=upload(DWG, "stage.dwg"))
    monkeypatch.setitem(BUCKETS, "documents", dataclasses.replace(BUCKETS["documents"], max_bytes=40))
    with pytest.raises(UploadRefused, match="may be at most"):
        services.add_version(rider, actor=gladiator, upload=pdf("big.pdf", "x" * 50))
    rider.refresh_from_db()
    assert rider.versions.count() == 1 and rider.current.version == 1
    assert stored(media_root) == files_before  # nothing stored
    plan = make_document(tenant_a, title="Stage plan", bucket="technical-drawings", upload_=upload(DWG, "stage.dwg"))
    assert services.add_version(plan, actor=gladiator, upload=upload(DWG, "stage-v2.dwg")).version == 2


def test_who_may_upload_restore_and_share(tenant_a):
    rider = make_document(tenant_a)
    services.add_version(rider, actor=tenant_a.user(R.NAVIGATOR), upload=pdf("v2.pdf", "v2"))
    deviator = tenant_a.user(R.DEVIATOR)  # a crew lead adds files, but does not replace them
    assert make_document(tenant_a, title="Crew list").pk
    with pytest.raises(PermissionDenied):
        services.add_version(rider, actor=deviator, upload=pdf("v3.pdf", "v3"))
    with pytest.raises(PermissionDenied):
        services.restore_version(rider, actor=deviator, version=1)
    with pytest.raises(PermissionDenied):
        services.share_document(rider, actor=tenant_a.user(R.NAVIGATOR), days=7)
    with pytest.raises(PermissionDenied):
        services.create_document(tenant_a.workspace, actor=tenant_a.user(R.PASSENGER), upload=pdf())
    assert rider.versions.count() == 2


def test_categories_are_per_organization(tenant_a, tenant_b):
    names = list(DocumentCategory.objects.filter(organization=tenant_a.org).values_list("name", flat=True))
    assert names[:5] == ["Riders", "Contracts", "Plans", "Permits", "Insurance"]  # a new organization's defaults
    theirs = DocumentCategory.objects.get(organization=tenant_b.org, name="Riders")
    with pytest.raises(services.DomainError, match="another organization"):
        make_document(tenant_a, category=theirs)
    riders = DocumentCategory.objects.get(organization=tenant_a.org, name="Riders")
    assert make_document(tenant_a, category=riders).category == riders


def test_a_module_upload_becomes_a_document_and_existing_files_are_migrated(tenant_a):
    gladiator = tenant_a.user(R.GLADIATOR)
    production = make_production(tenant_a)
    receipt = services.store_upload(
        pdf("permit.pdf"),
        bucket="technical-drawings",
        actor=gladiator,
        workspace=tenant_a.workspace,
        attach_to=production,
    )
    document = receipt.document
    assert (document.title, document.category.name, document.current, receipt.version) == (
        "permit.pdf",
        "Plans",
        receipt,
        1,
    )
    assert document.content_object == production
    # A file stored before documents existed: the migration makes it version 1 of its own document.
    Attachment.objects.filter(pk=receipt.pk).update(document=None, version=None)
    Document.objects.all().delete()
    migration = __import__("dragonfly.files.migrations.0005_documents_from_attachments", fromlist=["forwards"])
    migration.forwards(apps, None)
    receipt.refresh_from_db()
    migrated = receipt.document
    assert (migrated.title, migrated.current, receipt.version, migrated.created_by) == (
        "permit.pdf",
        receipt,
        1,
        gladiator,
    )
    assert (migrated.content_object, migrated.category.name, migrated.created_at) == (
        production,
        "Plans",
        receipt.created_at,
    )
    # Deleting its only stored file takes the document with it.
    services.delete_attachment(receipt)
    assert not Document.objects.exists()
