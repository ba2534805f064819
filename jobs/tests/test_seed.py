"""The demo workspaces have job postings (one applied to across organizations) and contracts; a
second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from jobs.models import Contract, JobApplication, JobPosting

pytestmark = pytest.mark.django_db


def test_demo_jobs_load_twice_without_duplicates(client, seeded_demo):
    counts = (JobPosting.objects.count(), JobApplication.objects.count(), Contract.objects.count())
    call_command("seed_jobs_demo", stdout=io.StringIO())
    assert (JobPosting.objects.count(), JobApplication.objects.count(), Contract.objects.count()) == counts
    assert counts[0] >= 4 and counts[1] >= 1
    assert Contract.objects.filter(status="active", document__isnull=False).exists()
    application = JobApplication.objects.select_related("posting", "user").first()
    # Applied across organizations: the applicant's organization is not the posting's.
    assert not application.user.memberships.filter(organization=application.posting.workspace.organization).exists()
    client.force_login(application.user)
    assert application.posting.title in client.get("/jobs/").content.decode()
