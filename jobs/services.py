"""Job postings (applying feeds people's hiring pipeline) and contracts (their moves through the
transition engine, the signed document in the admin-only `contracts` bucket).

Each service takes the object first and the acting user keyword-only, checks the permission, and
writes the row and its activity entry in one transaction. The pages and the API call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import Conflict
from dragonfly.core.events import publish
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import get_access, local_today, require
from dragonfly.tenancy.models import Workspace
from finance.models import Company, CompanyKind, RfqStatus
from finance.services import invoice_approved_time
from finance.services.bids import enter_bid, open_rfq, past_deadline, withdraw_bid
from people.models import CertificationKind
from people.services.hiring import add_applicant, close_opening, create_opening

from .errors import AlreadyApplied, JobsInvalid
from .models import (
    CHANGE_PERM,
    BidderCompany,
    Contract,
    ContractStatus,
    JobApplication,
    JobPosting,
    PostingStatus,
    PublicBid,
    PublicRfp,
    PublicRfpStatus,
    RateUnit,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.files.models import Document
    from dragonfly.tenancy.models import Organization
    from finance.models import Bid, Invoice, RequestForQuote

POSTING_FIELDS = (
    "production",
    "title",
    "description",
    "place",
    "starts_on",
    "ends_on",
    "rate",
    "rate_unit",
    "currency",
    "certifications",
    "public",
)
CONTRACT_FIELDS = (
    "title",
    "person",
    "company",
    "production",
    "scope",
    "starts_on",
    "ends_on",
    "rate",
    "rate_unit",
    "currency",
)


def _check_terms(workspace: Workspace, data: dict[str, Any]) -> None:
    """What a posting and a contract share: a title, dates in order, a rate not below zero, a known
    unit and currency, related rows of the same workspace."""
    if not (data.get("title") or "").strip():
        raise JobsInvalid(_("A title is needed."))
    data["title"] = data["title"].strip()
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts is None:
        raise JobsInvalid(_("A start date is needed."))
    if ends is not None and ends < starts:
        raise JobsInvalid(_("The end date can't be before the start date."))
    rate = data.get("rate")
    if rate is not None and Decimal(rate) < 0:
        raise JobsInvalid(_("A rate can't be below zero."))
    if data.get("rate_unit", RateUnit.DAY) not in RateUnit.values:
        raise JobsInvalid(_("Choose the rate per hour, per day or a flat fee."))
    currency = (data.get("currency") or workspace.organization.currency or "EUR").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise JobsInvalid(_("A currency is a three-letter code such as EUR."))
    data["currency"] = currency
    for name in ("production", "person", "company"):
        row = data.get(name)
        if row is not None and row.workspace_id != workspace.pk:
            raise JobsInvalid(_("That %(what)s belongs to another workspace.") % {"what": row._meta.verbose_name})


# --- job postings ------------------------------------------------------------------------------
def create_posting(workspace: Workspace, *, actor: User, **fields: Any) -> JobPosting:
    """Post a position: opens the people `Opening` its applicants join, with the posting's terms."""
    require(actor, "jobs.add_jobposting", workspace, _("Your role does not post jobs in this workspace."))
    data = {name: fields[name] for name in POSTING_FIELDS if name in fields}
    _check_terms(workspace, data)
    kinds = list(dict.fromkeys(data.get("certifications") or []))
    unknown = [k for k in kinds if k not in CertificationKind.values]
    if unknown:
        raise JobsInvalid(_("Unknown certification: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    data["certifications"] = kinds
    with transaction.atomic():
        opening = create_opening(
            workspace,
            actor=actor,
            title=data["title"],
            production=data.get("production"),
            description=data.get("description", ""),
        )
        posting = JobPosting.objects.create(workspace=workspace, opening=opening, created_by=actor, **data)
        record_activity(posting, actor=actor, verb="posting.published")
    return posting


def close_posting(posting: JobPosting, *, actor: User) -> JobPosting:
    """Take the posting off the board; its opening takes no more applicants (the pipeline goes on)."""
    require(actor, "jobs.change_jobposting", posting, _("You may not change this job posting."))
    if posting.status == PostingStatus.CLOSED:
        raise JobsInvalid(_("This job posting is already closed."))
    with transaction.atomic():
        if posting.opening.is_open:
            close_opening(posting.opening, actor=actor)
        posting.status = PostingStatus.CLOSED
        posting.save(update_fields=["status"])
        record_activity(posting, actor=actor, verb="posting.closed")
    return posting


def apply_to_posting(posting: JobPosting, *, actor: User, note: str = "") -> JobApplication:
    """A signed-in user (of any organization, for a public posting) applies: the hiring pipeline gets
    an applicant with their name and email (people's `add_applicant`, entered for the posting's author),
    and who screens applicants there hears of it."""
    if not JobPosting.objects.visible_to(actor).filter(pk=posting.pk).exists():
        raise JobsInvalid(_("This job posting is not open to you."))
    if posting.status != PostingStatus.PUBLISHED or not posting.opening.is_open:
        raise JobsInvalid(_("This job posting is closed; it takes no more applications."))
    if JobApplication.objects.filter(posting=posting, user=actor).exists():
        raise AlreadyApplied(_("You have already applied to this job."))
    poster = posting.created_by
    if poster is None or not poster.is_active or not poster.has_perm("people.add_application", posting.opening):
        raise JobsInvalid(_("This job posting takes no applications at the moment."))
    with transaction.atomic():
        application = add_applicant(
            posting.opening,
            actor=poster,
            first_name=actor.first_name or actor.get_username(),
            last_name=actor.last_name,
            email=actor.email,
            notes=(note or "").strip()[:5000],
        )
        applied = JobApplication.objects.create(posting=posting, user=actor, application=application)
        entry = record_activity(posting, actor=actor, verb="posting.applied", workspace=posting.workspace)
        publish("posting.applied", posting, actor=actor, entry=entry, data={"application": application.pk})
    return applied


# --- contracts ---------------------------------------------------------------------------------
def _check_party(data: dict[str, Any]) -> None:
    if (data.get("person") is None) == (data.get("company") is None):
        raise JobsInvalid(_("A contract is with one freelancer or one company: choose exactly one."))
    if data.get("rate") is None:
        raise JobsInvalid(_("A contract needs a rate."))


def create_contract(workspace: Workspace, *, actor: User, **fields: Any) -> Contract:
    require(actor, "jobs.add_contract", workspace, _("Your role does not make contracts in this workspace."))
    data = {name: fields[name] for name in CONTRACT_FIELDS if name in fields}
    _check_terms(workspace, data)
    _check_party(data)
    with transaction.atomic():
        contract = Contract.objects.create(workspace=workspace, created_by=actor, **data)
        record_activity(contract, actor=actor, verb="contract.created")
    return contract


def update_contract(contract: Contract, *, actor: User, **fields: Any) -> Contract:
    """Change a draft's terms; once sent, the terms stand (take it back to draft to change them)."""
    require(actor, CHANGE_PERM, contract, _("You may not change this contract."))
    if contract.status != ContractStatus.DRAFT:
        raise JobsInvalid(_("Only a draft contract can be changed; take it back to draft first."))
    data = {name: getattr(contract, name) for name in CONTRACT_FIELDS}
    data.update({name: fields[name] for name in CONTRACT_FIELDS if name in fields})
    _check_terms(contract.workspace, data)
    _check_party(data)
    with transaction.atomic():
        changes = {}
        for name, value in data.items():
            if getattr(contract, name) != value:
                changes[name] = [str(getattr(contract, name)), str(value)]
                setattr(contract, name, value)
        contract.save()
        record_activity(contract, actor=actor, verb="contract.updated", data={"changes": changes})
    return contract


def attach_signed_document(contract: Contract, *, actor: User, upload: UploadedFile) -> Contract:
    """Store the signed agreement in the `contracts` bucket (organization admins only) on the contract."""
    from dragonfly.files.services import store_upload

    require(actor, CHANGE_PERM, contract, _("You may not change this contract."))
    if contract.status not in (ContractStatus.DRAFT, ContractStatus.SENT):
        raise JobsInvalid(_("The signed document is added before the contract is marked signed."))
    with transaction.atomic():
        contract.document = store_upload(
            upload, bucket="contracts", actor=actor, workspace=contract.workspace, attach_to=contract
        )
        contract.save(update_fields=["document", "updated_at"])
        record_activity(contract, actor=actor, verb="contract.document_added")
    return contract


def move_contract(contract: Contract, *, actor: User, to_status: str, note: str = "") -> Contract:
    """draft → sent → signed (with its signed document) → active → completed; terminated from any
    open state; a sent contract may go back to draft for changes."""

    def check(locked: Contract) -> None:
        if to_status == ContractStatus.SIGNED and locked.document_id is None:
            raise JobsInvalid(_("Add the signed document before marking the contract signed."))

    return transition(contract, to_status, actor=actor, note=(note or "").strip(), prepare=check).obj


def contract_from_bid(bid: Bid, *, actor: User) -> Contract | None:
    """The draft contract an awarded bid makes: with the bid's company, for its request's production,
    scope and currency, its total as a flat fee, starting on the organization's today. None when the
    actor's role makes no contracts (the award stands) or the bid has its contract already."""
    rfq = bid.rfq
    if not actor.has_perm("jobs.add_contract", rfq.workspace) or Contract.objects.filter(bid=bid).exists():
        return None
    with transaction.atomic():
        contract = create_contract(
            rfq.workspace,
            actor=actor,
            title=rfq.title,
            company=bid.company,
            production=rfq.production,
            scope=rfq.description,
            starts_on=local_today(rfq.workspace),
            rate=bid.total,
            rate_unit=RateUnit.FLAT,
            currency=rfq.currency,
        )
        contract.bid = bid
        contract.save(update_fields=["bid", "updated_at"])
    return contract


IN_FORCE = (ContractStatus.SIGNED, ContractStatus.ACTIVE)


def invoice_contract_time(contract: Contract, *, actor: User, exchange_rate: Decimal | None = None) -> Invoice:
    """The freelancer's draft invoice for their approved, not yet invoiced time within the contract's
    dates, each entry at the rate of the contract covering its day (finance: one line per entry)."""
    require(actor, "jobs.view_contract", contract, _("You may not see this contract."))
    person = contract.person
    if person is None:
        raise JobsInvalid(_("A company's contract is invoiced by the company: draft an invoice at its rate."))
    if contract.status not in IN_FORCE:
        raise JobsInvalid(_("Only a signed or active contract's time is invoiced."))
    with transaction.atomic():
        invoice = invoice_approved_time(
            person, actor=actor, since=contract.starts_on, until=contract.ends_on, exchange_rate=exchange_rate
        )
        record_activity(contract, actor=actor, verb="contract.time_invoiced", data={"invoice": invoice.pk})
    return invoice


# --- public requests for proposals ---------------------------------------------------------------
# A request for quote (finance) published for every organization. The bid of another organization
# is a finance `Bid` in the requester's workspace, from a company record standing for the bidding
# organization (`BidderCompany`); its `PublicBid` row is what the bidder's organization reads.
def publish_rfp(
    *, actor: User, rfq: RequestForQuote, scope: str | None = "", documents: Iterable[Document] = ()
) -> PublicRfp:
    """Publish a draft or open request for every organization (a draft opens without invitations).
    Only the public `scope` and the chosen `documents` of the request are shown with it."""
    require(actor, "jobs.add_publicrfp", rfq.workspace, _("Your role does not publish requests for proposals here."))
    require(actor, "finance.change_requestforquote", rfq, _("You may not change this request for quote."))
    if rfq.respond_by is None:
        raise JobsInvalid(_("Set the date bids are due by before publishing the request."))
    if past_deadline(rfq):
        raise JobsInvalid(_("The deadline for bids on this request has passed."))
    if rfq.status not in (RfqStatus.DRAFT, RfqStatus.OPEN):
        raise Conflict(_("Only a draft or open request for quote can be published."))
    shared = list(documents)
    rfq_type = ContentType.objects.get_for_model(type(rfq))
    if any(d.content_type_id != rfq_type.pk or str(d.object_id) != str(rfq.pk) for d in shared):
        raise JobsInvalid(_("Share documents of this request only."))
    # Written for the public on purpose: the request's own description may hold internal notes.
    scope = (scope or "").strip()
    if not scope:
        raise JobsInvalid(_("Describe the work asked for: every organization reads this scope."))
    with transaction.atomic():
        listing = PublicRfp.objects.select_for_update().filter(rfq=rfq).first()
        if listing is not None and listing.status == PublicRfpStatus.PUBLISHED:
            raise Conflict(_("This request is public already."))
        if listing is None:
            listing = PublicRfp.objects.create(workspace=rfq.workspace, rfq=rfq, scope=scope, created_by=actor)
        else:
            listing.scope, listing.status = scope, PublicRfpStatus.PUBLISHED
            listing.save(update_fields=["scope", "status"])
        listing.documents.set(shared)
        if rfq.status == RfqStatus.DRAFT:
            open_rfq(rfq, actor=actor, public=True)
        record_activity(listing, actor=actor, verb="rfp.published", data={"documents": len(shared)})
    return listing


def withdraw_rfp(listing: PublicRfp, *, actor: User) -> PublicRfp:
    """Take the request off the public board: no more public bids; those in stay in its comparison."""
    require(actor, "jobs.change_publicrfp", listing, _("You may not change this public request."))
    with transaction.atomic():
        listing = PublicRfp.objects.select_for_update().get(pk=listing.pk)
        if listing.status == PublicRfpStatus.WITHDRAWN:
            raise Conflict(_("This request is not public any more."))
        listing.status = PublicRfpStatus.WITHDRAWN
        listing.save(update_fields=["status"])
        record_activity(listing, actor=actor, verb="rfp.withdrawn")
    return listing


def bidding_workspaces(user: User) -> Any:
    """The workspaces `user` may bid for (their role there carries `jobs.add_publicbid`)."""
    access = get_access(user)
    rows = Workspace.objects.filter(access.workspace_q()).select_related("organization").order_by("name", "pk")
    return [ws for ws in rows if user.has_perm("jobs.add_publicbid", ws)]


def submit_public_bid(
    listing: PublicRfp,
    *,
    actor: User,
    workspace: Workspace,
    valid_until: datetime.date | None,
    lines: Iterable[Mapping[str, Any]],
    notes: str | None = "",
) -> PublicBid:
    """Bid on a public request for the actor's own organization (`workspace`: where their role may
    bid). One live bid per bidding organization and request: a second is refused (409) until the
    first is withdrawn. Refused after the deadline."""
    require(actor, "jobs.add_publicbid", workspace, _("Your role does not let you bid for your organization."))
    rfq = listing.rfq
    if listing.status != PublicRfpStatus.PUBLISHED:
        raise Conflict(_("This request is not public any more."))
    if workspace.organization_id == rfq.workspace.organization_id:
        raise JobsInvalid(_("This is your own organization's request: enter bids on its request for quote."))
    if past_deadline(rfq):
        raise Conflict(_("The deadline for bids on this request has passed."))
    with transaction.atomic():
        company = bidder_company(rfq.workspace, workspace.organization)
        bid = enter_bid(
            rfq, company=company, actor=actor, valid_until=valid_until, lines=lines, notes=notes, by_deadline=True
        )
        public = PublicBid.objects.create(workspace=workspace, rfp=listing, bid=bid)
        record_activity(public, actor=actor, verb="rfp.bid_submitted", data={"total": str(bid.total)})
    return public


def withdraw_public_bid(public: PublicBid, *, actor: User, note: str | None = "") -> PublicBid:
    """The bidder takes their bid back, until the deadline."""
    require(actor, "jobs.change_publicbid", public, _("You may not withdraw this bid."))
    if past_deadline(public.bid.rfq):
        raise Conflict(_("The deadline has passed: the bid stands until the request is decided."))
    with transaction.atomic():
        # The bidder holds no role in the request's workspace: their own organization's role decided.
        withdraw_bid(public.bid, actor=actor, note=note, check_perm=False)
        record_activity(public, actor=actor, verb="rfp.bid_withdrawn")
    public.bid.refresh_from_db()
    return public


def bidder_company(workspace: Workspace, organization: Organization) -> Company:
    """The company record `workspace` keeps for a bidding organization: found by the link, or made
    once. A company of the same name that is not linked is never reused: the new one gets the
    organization's slug after its name."""
    found = BidderCompany.objects.filter(workspace=workspace, organization=organization).select_related("company")
    if (link := found.first()) is not None:
        return link.company
    for name in (
        organization.name,
        f"{organization.name} ({organization.slug})",
        f"{organization.name} #{organization.pk}",
    ):
        try:
            with transaction.atomic():
                company = Company.objects.create(
                    workspace=workspace,
                    name=name[:200],
                    kind=CompanyKind.VENDOR,
                    notes=_("Bids through the public requests for proposals."),
                )
                BidderCompany.objects.create(workspace=workspace, organization=organization, company=company)
                return company
        except IntegrityError:  # the name is taken, or another bid made the link a moment ago
            if (link := found.first()) is not None:
                return link.company
    raise Conflict(_("No company record could be made for %(name)s.") % {"name": organization.name})
