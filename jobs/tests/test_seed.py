"""The demo workspaces have job postings (one applied to across organizations) and contracts; a
second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from jobs.models import BidderCompany, Contract, JobApplication, JobPosting, PublicBid, PublicRfp

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


def test_the_demo_public_request_carries_the_other_organizations_bid(client, seeded_demo):
    listing = PublicRfp.objects.select_related("workspace__organization").get()
    public = PublicBid.objects.select_related("workspace__organization", "bid__company").get()
    assert public.rfp == listing and public.workspace.organization != listing.workspace.organization
    assert BidderCompany.objects.get().company == public.bid.company
    call_command("seed_jobs_demo", stdout=io.StringIO())
    assert (PublicRfp.objects.count(), PublicBid.objects.count()) == (1, 1)
    bidder = public.bid.submitted_by
    client.force_login(bidder)
    assert listing.rfq.title in client.get("/jobs/rfps/bids/").content.decode()
