"""The weekly clean-up really removes what has expired: sessions, read notifications past retention,
expired grants and dead invitation links, stored files no row points to. `manage.py cleanup
--dry-run` prints the counts and removes nothing; a real run writes one activity entry."""

import datetime
import os
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.cleanup import run_cleanup
from dragonfly.core.tasks import weekly_cleanup
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.models import Invitation, ObjectGrant, Workspace

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def ago(**kwargs):
    return NOW - datetime.timedelta(**kwargs)


@pytest.fixture
def expired(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NOTIFICATION_RETENTION_DAYS = 90
    user = tenant_a.user(7)
    Session.objects.create(session_key="old", session_data="x", expire_date=ago(days=1))
    Session.objects.create(session_key="live", session_data="x", expire_date=NOW + datetime.timedelta(days=1))
    Notification.objects.create(
        recipient=user, kind="general", title="Read long ago", dedupe_key="a", read_at=ago(days=91)
    )
    Notification.objects.create(
        recipient=user, kind="general", title="Read lately", dedupe_key="b", read_at=ago(days=5)
    )
    Notification.objects.create(recipient=user, kind="general", title="Unread", dedupe_key="c")
    perm = Permission.objects.get(codename="view_workspace")
    ct = ContentType.objects.get_for_model(Workspace)
    for grantee, expires in ((user, ago(days=40)), (tenant_a.user(6), NOW + datetime.timedelta(days=3))):
        ObjectGrant.objects.create(
            user=grantee, permission=perm, content_type=ct, object_pk=tenant_a.workspace.pk, expires_at=expires
        )
    Invitation.objects.create(
        organization=tenant_a.org, email="gone@x.org", role=7, token_hash="a" * 64, expires_at=ago(days=40)
    )
    Invitation.objects.create(
        organization=tenant_a.org,
        email="open@x.org",
        role=7,
        token_hash="b" * 64,
        expires_at=NOW + datetime.timedelta(days=3),
    )
    orphan = default_storage.save("documents/2026/01/orphan.pdf", ContentFile(b"%PDF-1.4"))
    os.utime(default_storage.path(orphan), (ago(days=2).timestamp(),) * 2)
    fresh = default_storage.save("documents/2026/01/being-saved.pdf", ContentFile(b"%PDF-1.4"))
    return orphan, fresh


def test_a_dry_run_counts_and_removes_nothing(expired):
    out = StringIO()
    call_command("cleanup", "--dry-run", stdout=out)
    text = out.getvalue()
    for line in (
        "expired sessions: would remove 1",
        "read notifications past retention: would remove 1",
        "expired object grants: would remove 1",
        "dead invitation links: would remove 1",
        "stored files no row points to: would remove 1",
    ):
        assert line in text
    assert Session.objects.count() == 2 and Notification.objects.count() == 3 and ObjectGrant.objects.count() == 2
    assert default_storage.exists(expired[0])
    assert not ActivityEntry.objects.filter(verb="cleanup.removed").exists()


def test_the_weekly_job_removes_what_expired_once_and_says_so(expired):
    orphan, fresh = expired
    counts = weekly_cleanup.delay().get()
    assert {k: counts[k] for k in ("sessions", "notifications", "grants", "invitations", "uploads")} == {
        "sessions": 1,
        "notifications": 1,
        "grants": 1,
        "invitations": 1,
        "uploads": 1,
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert set(Notification.objects.values_list("title", flat=True)) == {"Read lately", "Unread"}
    assert ObjectGrant.objects.count() == 1 and list(Invitation.objects.values_list("email", flat=True)) == [
        "open@x.org"
    ]
    assert not default_storage.exists(orphan) and default_storage.exists(fresh)  # a file being saved stays
    entry = ActivityEntry.objects.get(verb="cleanup.removed")
    assert entry.data == {"sessions": 1, "notifications": 1, "grants": 1, "invitations": 1, "uploads": 1}
    assert not any(run_cleanup().values())  # a second run removes nothing
    assert ActivityEntry.objects.filter(verb="cleanup.removed").count() == 1


def test_a_stored_file_with_its_row_stays(tenant_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dragonfly.files.services import store_upload

    settings.MEDIA_ROOT = tmp_path
    attachment = store_upload(
        SimpleUploadedFile("rider.pdf", b"%PDF-1.4 rider"),
        bucket="documents",
        actor=tenant_a.user(4),
        workspace=tenant_a.workspace,
    )
    os.utime(attachment.file.path, (ago(days=3).timestamp(),) * 2)
    assert run_cleanup(now=NOW)["uploads"] == 0
    assert default_storage.exists(attachment.file.name)
