"""The weekly clean-up removes report files past retention: the job says the file is gone."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.cleanup import run_cleanup
from dragonfly.files.models import Attachment
from dragonfly.tenancy.roles import Role
from reports import services
from reports.models import ExportJob

from .helpers import vendor_spend

pytestmark = pytest.mark.django_db


def test_report_files_past_retention_are_removed(tenant_a, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_FILE_RETENTION_DAYS = 30
    vendor_spend(tenant_a)
    lead = tenant_a.user(Role.GLADIATOR)
    with django_capture_on_commit_callbacks(execute=True):
        old = services.request_export(actor=lead, workspace=tenant_a.workspace, fmt="csv", template="po-spend")
        fresh = services.request_export(actor=lead, workspace=tenant_a.workspace, fmt="csv", template="po-spend")
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
    old.refresh_from_db()
    name = old.file.file.name
    assert default_storage.exists(name)

    assert run_cleanup(dry_run=True)["report_files"] == 1
    assert Attachment.objects.count() == 2  # a dry run removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert run_cleanup()["report_files"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "expired" and old.file is None and not default_storage.exists(name)
    assert fresh.status == "done" and fresh.file is not None
    entry = ActivityEntry.objects.get(verb="cleanup.removed")
    assert entry.data["report_files"] == 1
    assert run_cleanup()["report_files"] == 0  # twice removes nothing more
