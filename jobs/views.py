"""The jobs pages: the job board (every signed-in user), a workspace's postings and contracts, a
posting (apply, close) and a contract (edit a draft, its moves, the signed document). A view parses
input, calls one service, renders. The workspace pages sit in the People section of the site."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import (
    action_page,
    filtered,
    form_action,
    form_page,
    paginate,
    safe_querystring,
    visible_or_404,
)
from dragonfly.core.workspace_views import require_module
from dragonfly.files.serving import file_response
from dragonfly.tenancy.access import is_org_admin
from finance.models import BidStatus, RequestForQuote, RfqStatus
from finance.services.bids import past_deadline
from people.privacy import can_see_personal_data

from . import selectors, services
from .filters import ContractFilter, PostingFilter
from .forms import (
    ApplyForm,
    ContractForm,
    DocumentForm,
    InvoiceTimeForm,
    MoveForm,
    PostingForm,
    PublicBidForm,
    PublishRfpForm,
)
from .models import (
    Contract,
    ContractStatus,
    JobApplication,
    JobPosting,
    PostingStatus,
    PublicBid,
    PublicRfp,
    PublicRfpStatus,
)

SECTION = "people"
PER_PAGE = 25


def _nav(workspace, active):
    args = [workspace.organization.slug, workspace.slug]
    return {
        "jobs_tabs": [
            ("postings", _("Job postings"), reverse("jobs:postings", args=args)),
            ("contracts", _("Contracts"), reverse("jobs:contracts", args=args)),
            ("board", _("Job board"), reverse("jobs:board")),
            ("rfps", _("Requests for proposals"), reverse("jobs:rfps")),
        ],
        "jobs_active": active,
    }


# --- the job board (any signed-in user) --------------------------------------------------------
def board(request):
    rows = selectors.board(request.user)
    filterset, found, status = filtered(request, rows, PostingFilter, keys=("q",))
    workspace = request.workspace or None
    mine = workspace is not None and request.user.has_perm("jobs.view_jobposting", workspace)
    return render(
        request,
        "jobs/board.html",
        {
            "page": paginate(request, found, PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            **(_nav(workspace, "board") if mine else {}),
        },
        status=status,
    )


# --- a workspace's postings --------------------------------------------------------------------
def postings(request, org_slug, ws_slug):
    workspace = require_module(
        request, SECTION, "jobs.view_jobposting", _("Your role does not see job postings in this workspace.")
    )
    base = JobPosting.objects.visible_to(request.user, "jobs.view_jobposting").in_workspace(workspace)
    filterset, found, status = filtered(request, base, PostingFilter, keys=("q", "status"))
    return render(
        request,
        "jobs/postings.html",
        {
            "workspace": workspace,
            "page": paginate(request, found.order_by("-published_at", "-id"), PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("jobs.add_jobposting", workspace),
            **_nav(workspace, "postings"),
        },
        status=status,
    )


def new_posting(request, org_slug, ws_slug):
    workspace = require_module(
        request, SECTION, "jobs.add_jobposting", _("Your role does not post jobs in this workspace.")
    )
    return form_page(
        request,
        PostingForm(request.POST or None, user=request.user, workspace=workspace),
        save=lambda data: services.create_posting(workspace, actor=request.user, **data),
        template="jobs/posting_form.html",
        context={"workspace": workspace, **_nav(workspace, "postings")},
        redirect_to=lambda posting: reverse("jobs:posting", args=[posting.pk]),
        success=lambda posting: _("“%(title)s” posted.") % {"title": posting},
    )


def posting(request, pk, *, apply_form=None, status=200):
    item = visible_or_404(JobPosting, request.user, pk, "workspace__organization", "production")
    manages = request.user.has_perm("jobs.change_jobposting", item)
    applied = JobApplication.objects.filter(posting=item, user=request.user).first()
    is_open = item.status == PostingStatus.PUBLISHED
    return render(
        request,
        "jobs/posting_detail.html",
        {
            "posting": item,
            "manages": manages,
            "applied": applied,
            "applicants": item.applications.count() if manages else None,
            "apply_form": (apply_form or ApplyForm()) if is_open and applied is None else None,
            "can_see_opening": request.user.has_perm("people.view_opening", item.opening),
        },
        status=status,
    )


@require_POST
def apply(request, pk):
    item = visible_or_404(JobPosting, request.user, pk)
    return form_action(
        request,
        ApplyForm(request.POST),
        save=lambda data: services.apply_to_posting(item, actor=request.user, note=data["note"]),
        redisplay=lambda form, status: posting(request, pk, apply_form=form, status=status),
        redirect_to=reverse("jobs:posting", args=[pk]),
        success=_("Your application was sent."),
    )


@require_POST
def close_posting(request, pk):
    item = visible_or_404(JobPosting, request.user, pk)
    return action_page(
        request,
        lambda: services.close_posting(item, actor=request.user),
        redirect_to=reverse("jobs:posting", args=[pk]),
        success=_("The job posting is closed."),
    )


# --- contracts ---------------------------------------------------------------------------------
def contracts(request, org_slug, ws_slug):
    workspace = require_module(
        request, SECTION, "jobs.view_contract", _("Your role does not see contracts in this workspace.")
    )
    base = selectors.contracts(request.user).in_workspace(workspace)
    filterset, found, status = filtered(request, base, ContractFilter, keys=("q", "status", "person", "company"))
    return render(
        request,
        "jobs/contracts.html",
        {
            "workspace": workspace,
            "page": paginate(request, found, PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("jobs.add_contract", workspace),
            **_nav(workspace, "contracts"),
        },
        status=status,
    )


def new_contract(request, org_slug, ws_slug):
    workspace = require_module(
        request, SECTION, "jobs.add_contract", _("Your role does not make contracts in this workspace.")
    )
    return form_page(
        request,
        ContractForm(request.POST or None, user=request.user, workspace=workspace),
        save=lambda data: services.create_contract(workspace, actor=request.user, **data),
        template="jobs/contract_form.html",
        context={"workspace": workspace, "contract": None, **_nav(workspace, "contracts")},
        redirect_to=lambda contract: reverse("jobs:contract", args=[contract.pk]),
        success=lambda contract: _("Contract “%(title)s” drafted.") % {"title": contract},
    )


def _contract(request, pk):
    return visible_or_404(Contract, request.user, pk, "workspace__organization", "person", "company", "production")


def contract(request, pk, *, document_form=None, status=200):
    item = _contract(request, pk)
    may_change = request.user.has_perm("jobs.change_contract", item)
    may_upload = (
        may_change
        and item.status in (ContractStatus.DRAFT, ContractStatus.SENT)
        and is_org_admin(request.user, item.workspace.organization)
    )
    return render(
        request,
        "jobs/contract_detail.html",
        {
            "contract": item,
            "workspace": item.workspace,
            "moves": [(s, ContractStatus(s).label) for s in item.moves_for(request.user)],
            "can_edit": may_change and item.status == ContractStatus.DRAFT,
            "document_form": (document_form or DocumentForm()) if may_upload else None,
            "invoice_url": _invoice_url(request.user, item),
            "can_invoice_time": _may_invoice_time(request.user, item),
            # A contract in another currency than the organization's needs the day's rate.
            "invoice_time_form": InvoiceTimeForm() if item.currency != item.workspace.organization.currency else None,
        },
        status=status,
    )


def _invoice_url(user, item):
    """A company's contract in force: the page of a draft invoice starting at its rate (finance.terms)."""
    if not item.company_id or item.status not in (ContractStatus.SIGNED, ContractStatus.ACTIVE):
        return ""
    if not user.has_perm("finance.add_invoice", item.workspace):
        return ""
    url = reverse("finance:new_invoice", args=[item.workspace.organization.slug, item.workspace.slug])
    return f"{url}?company={item.company_id}"


def _may_invoice_time(user, item):
    """A freelancer's contract in force, to someone who records invoices and reads the rate."""
    return bool(
        item.person_id
        and item.status in services.IN_FORCE
        and user.has_perm("finance.add_invoice", item.workspace)
        and can_see_personal_data(user, item.person)
    )


@require_POST
def invoice_time(request, pk):
    item = _contract(request, pk)
    form = InvoiceTimeForm(request.POST)
    rate = form.cleaned_data["exchange_rate"] if form.is_valid() else None
    return action_page(
        request,
        lambda: services.invoice_contract_time(item, actor=request.user, exchange_rate=rate),
        # A refusal (no time left to invoice) comes back to the contract with its reason.
        redirect_to=lambda invoice: (
            reverse("finance:invoice", args=[invoice.pk]) if invoice else reverse("jobs:contract", args=[pk])
        ),
        success=_("Approved time drafted on an invoice."),
    )


def edit_contract(request, pk):
    item = _contract(request, pk)
    if not request.user.has_perm("jobs.change_contract", item):
        raise PermissionDenied(_("You may not change this contract."))
    fields = ContractForm.base_fields
    initial = {name: getattr(item, name) for name in fields}
    return form_page(
        request,
        ContractForm(request.POST or None, user=request.user, workspace=item.workspace, initial=initial),
        save=lambda data: services.update_contract(item, actor=request.user, **data),
        template="jobs/contract_form.html",
        context={"workspace": item.workspace, "contract": item},
        redirect_to=lambda contract: reverse("jobs:contract", args=[contract.pk]),
        success=_("Contract saved."),
        versioned=item,
    )


@require_POST
def move_contract(request, pk, to_status):
    item = _contract(request, pk)
    if to_status not in ContractStatus.values:
        raise PermissionDenied(_("Unknown contract status."))
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return action_page(
        request,
        lambda: services.move_contract(item, actor=request.user, to_status=to_status, note=note),
        redirect_to=reverse("jobs:contract", args=[pk]),
        success=_("Contract moved to “%(status)s”.") % {"status": ContractStatus(to_status).label},
    )


@require_POST
def add_document(request, pk):
    item = _contract(request, pk)
    return form_action(
        request,
        DocumentForm(request.POST, request.FILES),
        save=lambda data: services.attach_signed_document(item, actor=request.user, upload=data["upload"]),
        redisplay=lambda form, status: contract(request, pk, document_form=form, status=status),
        redirect_to=reverse("jobs:contract", args=[pk]),
        success=_("Signed document stored."),
        upload_field="upload",
    )


# --- public requests for proposals ---------------------------------------------------------------
def _rfp(request, pk):
    return visible_or_404(PublicRfp, request.user, pk, "rfq__workspace__organization", "workspace__organization")


def rfp_board(request):
    """Every organization's public requests still taking bids (any signed-in user)."""
    return render(
        request,
        "jobs/rfp_board.html",
        {"page": paginate(request, selectors.public_rfps(request.user), PER_PAGE), "rfp_active": "board"},
    )


def rfp(request, pk, *, bid_form=None, status=200):
    """A public request: what it asks (title, scope, deadline, lines, shared documents), the bids the
    reader's own organizations made on it, and the bid form for who may bid."""
    item = _rfp(request, pk)
    rfq = item.rfq
    lines = list(rfq.lines.all())
    requester = request.user.has_perm("finance.view_requestforquote", rfq)
    own = list(selectors.public_bids(request.user).filter(rfp=item))
    open_now = item.status == PublicRfpStatus.PUBLISHED and rfq.status == RfqStatus.OPEN and not past_deadline(rfq)
    workspaces = [] if requester or not open_now else services.bidding_workspaces(request.user)
    # An organization bids once (a second bid is refused until the first is withdrawn): no form for it.
    bidding = {p.workspace.organization_id for p in own if p.bid.status != BidStatus.WITHDRAWN}
    workspaces = [ws for ws in workspaces if ws.organization_id not in bidding]
    if workspaces and bid_form is None:
        bid_form = PublicBidForm(rfq=rfq, lines=lines, workspaces=workspaces, initial={"workspace": workspaces[0]})
    # A refused bid is shown again with its reason, even when the refusal closed the form (the deadline).
    return render(
        request,
        "jobs/rfp_detail.html",
        {
            "listing": item,
            "rfq": rfq,
            "lines": lines,
            "documents": list(item.documents.order_by("title", "pk")),
            "own_bids": own,
            "open_now": open_now,
            "requester": requester,
            "can_withdraw_listing": item.status == PublicRfpStatus.PUBLISHED
            and request.user.has_perm("jobs.change_publicrfp", item),
            "bid_form": bid_form,
            "rfp_active": "board",
        },
        status=status,
    )


def rfp_document(request, pk, document_pk):
    """A document the requester marked shareable, for whoever reads the public request."""
    item = _rfp(request, pk)
    document = get_object_or_404(item.documents.select_related("current"), pk=document_pk)
    if document.current is None:
        raise Http404("No file yet.")
    return file_response(document.current, inline=False)


@require_POST
def rfp_bid(request, pk):
    item = _rfp(request, pk)
    workspaces = services.bidding_workspaces(request.user)
    if not workspaces:
        raise PermissionDenied(_("Your role does not let you bid for your organization."))
    form = PublicBidForm(request.POST, rfq=item.rfq, lines=list(item.rfq.lines.all()), workspaces=workspaces)
    return form_action(
        request,
        form,
        save=lambda data: services.submit_public_bid(
            item,
            actor=request.user,
            workspace=data["workspace"],
            valid_until=data["valid_until"],
            notes=data["notes"],
            lines=form.prices(),
        ),
        redisplay=lambda form, status: rfp(request, pk, bid_form=form, status=status),
        redirect_to=lambda public: reverse("jobs:public_bid", args=[public.pk]),
        success=_("Your bid is in."),
    )


def my_bids(request):
    """The bids the reader's organizations made on public requests, with their status."""
    return render(
        request,
        "jobs/public_bids.html",
        {"page": paginate(request, selectors.public_bids(request.user), PER_PAGE), "rfp_active": "mine"},
    )


def public_bid(request, pk):
    item = visible_or_404(PublicBid, request.user, pk, "bid__rfq__workspace__organization", "workspace__organization")
    bid = item.bid
    return render(
        request,
        "jobs/public_bid_detail.html",
        {
            "public": item,
            "bid": bid,
            "lines": list(bid.lines.select_related("rfq_line")),
            "can_withdraw": bid.status == BidStatus.SUBMITTED
            and not past_deadline(bid.rfq)
            and request.user.has_perm("jobs.change_publicbid", item),
            "rfp_active": "mine",
        },
    )


@require_POST
def withdraw_public_bid(request, pk):
    item = visible_or_404(PublicBid, request.user, pk, "bid__rfq__workspace")
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return action_page(
        request,
        lambda: services.withdraw_public_bid(item, actor=request.user, note=note),
        redirect_to=reverse("jobs:public_bid", args=[pk]),
        success=_("Your bid is withdrawn."),
    )


def publish_rfp(request, rfq_pk):
    """The requester publishes a request for quote for every organization."""
    rfq = visible_or_404(RequestForQuote, request.user, rfq_pk, "workspace__organization")
    if not request.user.has_perm("jobs.add_publicrfp", rfq.workspace):
        raise PermissionDenied(_("Your role does not publish requests for proposals here."))
    return form_page(
        request,
        PublishRfpForm(request.POST or None, rfq=rfq),
        save=lambda data: services.publish_rfp(actor=request.user, rfq=rfq, **data),
        template="jobs/rfp_publish.html",
        context={"rfq": rfq, "workspace": rfq.workspace},
        redirect_to=lambda listing: reverse("jobs:rfp", args=[listing.pk]),
        success=_("The request is public: every organization can find it and bid."),
    )


@require_POST
def withdraw_rfp(request, pk):
    item = _rfp(request, pk)
    return action_page(
        request,
        lambda: services.withdraw_rfp(item, actor=request.user),
        redirect_to=reverse("jobs:rfp", args=[pk]),
        success=_("The request is off the public board."),
    )
