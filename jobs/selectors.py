"""What pages, the API and other forms read: the job board, and a signed contract's terms for a
freelancer or a company on a day (the default rate of their time entries and invoices)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import Contract, JobPosting, PublicBid, PublicRfp


def board(user: Any) -> Any:
    """Published public postings of every organization, for any signed-in user; newest first."""
    return JobPosting.objects.visible_to(user).board().select_related("workspace__organization")


def postings(user: Any) -> Any:
    """The postings a user sees (their workspaces' own and the public board), newest first."""
    return (
        JobPosting.objects.visible_to(user).select_related("workspace__organization").order_by("-published_at", "-id")
    )


def contracts(user: Any) -> Any:
    return (
        Contract.objects.visible_to(user)
        .select_related("person", "company", "production")
        .order_by("-starts_on", "-id")
    )


@dataclass(frozen=True)
class Terms:
    """The rate a signed contract sets, and the contract it comes from."""

    rate: Decimal
    rate_unit: str
    currency: str
    contract: Contract


def terms_on(day: datetime.date, *, person: Any = None, company: Any = None) -> Terms | None:
    """The terms of the signed or active contract with `person` or `company` covering `day` (the one
    starting last when several do), or None: a time entry or an invoice for them takes its rate."""
    if (person is None) == (company is None):
        raise ValueError("terms_on needs a person or a company")
    party = {"person": person} if person is not None else {"company": company}
    contract = Contract.objects.in_force(day).filter(**party).order_by("-starts_on", "-id").first()
    if contract is None:
        return None
    return Terms(contract.rate, contract.rate_unit, contract.currency, contract)


def public_rfps(user: Any) -> Any:
    """The public requests for proposals still taking bids, for any signed-in user; deadline first."""
    return PublicRfp.objects.visible_to(user).board().select_related("rfq", "workspace__organization")


def public_bids(user: Any) -> Any:
    """The bids the user's organizations made on other organizations' public requests, newest first."""
    return (
        PublicBid.objects.visible_to(user)
        .select_related("bid__rfq__workspace__organization", "workspace__organization", "rfp")
        .order_by("-created_at", "-id")
    )
