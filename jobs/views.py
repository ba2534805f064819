"""The jobs pages: the job board (every signed-in user), a workspace's postings and contracts, a
posting (apply, close) and a contract (edit a draft, its moves, the signed document). A view parses
input, calls one service, renders. The workspace pages sit in the People section of the site."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
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
from dragonfly.tenancy.access import is_org_admin
from people.privacy import can_see_personal_data

from . import selectors, services
from .filters import ContractFilter, PostingFilter
from .forms import ApplyForm, ContractForm, DocumentForm, InvoiceTimeForm, MoveForm, PostingForm
from .models import Contract, ContractStatus, JobApplication, JobPosting, PostingStatus

SECTION = "people"
PER_PAGE = 25


def _nav(workspace, active):
    args = [workspace.organization.slug, workspace.slug]
    return {
        "jobs_tabs": [
            ("postings", _("Job postings"), reverse("jobs:postings", args=args)),
            ("contracts", _("Contracts"), reverse("jobs:contracts", args=args)),
            ("board", _("Job board"), reverse("jobs:board")),
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
