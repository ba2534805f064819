"""Builders for the public request for proposals stories: a request of one organization's office,
published for every organization, with a document shared and one kept."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.files.services import create_document
from dragonfly.tenancy.roles import Role
from finance.services import bids as bid_services
from finance.tests.helpers import make_production
from jobs import services

from .helpers import today


def draft_request(tenant, title="Festival PA system", days=10):
    return bid_services.create_rfq(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        production=make_production(tenant),
        title=title,
        description="Internal: budget 12,000, keep Rival Audio out.",
        respond_by=today(tenant) + datetime.timedelta(days=days),
        lines=[
            {"description": "Line array, 24 boxes", "quantity": "1", "unit": "system"},
            {"description": "Rigging crew", "quantity": "4", "unit": "person"},
        ],
    )


def document_of(tenant, rfq, title):
    upload = SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4\n%" + title.encode() + b"\n", content_type="application/pdf")
    return create_document(
        tenant.workspace,
        actor=tenant.user(Role.GLADIATOR),
        upload=upload,
        attach_to=rfq,
        title=title,
        bucket="documents",
    )


def public_request(tenant, **kwargs):
    """A published request: its rider shared, its budget sheet not. Returns (listing, rider, budget)."""
    rfq = draft_request(tenant, **kwargs)
    rider, budget = document_of(tenant, rfq, "Technical rider"), document_of(tenant, rfq, "Budget sheet")
    listing = services.publish_rfp(
        actor=tenant.user(Role.GLADIATOR),
        rfq=rfq,
        scope="Main stage PA for three days, delivery and rigging included.",
        documents=[rider],
    )
    return listing, rider, budget


def prices(listing, *amounts):
    return [{"rfq_line": line.pk, "unit_price": p} for line, p in zip(listing.rfq.lines.all(), amounts, strict=True)]


def public_bid(listing, bidder, *amounts, days=30, workspace=None):
    user = bidder.user(Role.GLADIATOR)
    return services.submit_public_bid(
        listing,
        actor=user,
        workspace=workspace or bidder.workspace,
        valid_until=today(bidder) + datetime.timedelta(days=days),
        lines=prices(listing, *amounts),
    )
