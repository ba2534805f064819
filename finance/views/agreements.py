"""Vendor agreement pages: the list, recording one with its rates, and the signed contract (stored in
the contracts bucket, which only organization admins read)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from dragonfly.core.pages import form_action, initial_from, visible_or_404
from dragonfly.tenancy.access import is_org_admin, local_today, require

from .. import selectors
from ..filters import AgreementFilter
from ..forms import DocumentForm
from ..forms_bids import AgreementForm, AgreementRateFormSet
from ..models import Agreement
from ..services import agreements as agreement_services
from ._common import document_form, finance_context, finance_workspace, page_url, workspace_list

HEADER = ("vendor", "title", "reference", "valid_from", "valid_to", "remind_days", "notes")


def get_agreement(request, pk):
    return visible_or_404(Agreement, request.user, pk, "workspace__organization", "vendor", "signed_document")


def agreement_list(request, org_slug, ws_slug):
    return workspace_list(request, "agreements", selectors.agreements, AgreementFilter, rows=_with_state)


def _with_state(agreements):
    agreements = list(agreements)
    for agreement in agreements:
        today = local_today(agreement.workspace)
        agreement.in_force = agreement.in_force_on(today)
        agreement.days_left = (agreement.valid_to - today).days
        agreement.renewal_due = agreement.in_force and agreement.days_left <= agreement.remind_days
    return agreements


def new_agreement(request, org_slug, ws_slug):
    workspace = finance_workspace(request, "finance.add_agreement", _("Your role does not record agreements here."))
    return _agreement_form(request, workspace, {}, None)


def edit_agreement(request, pk):
    agreement = get_agreement(request, pk)
    require(request.user, "finance.change_agreement", agreement, _("You may not change this agreement."))
    rates = AgreementRateFormSet.initial_of(agreement.rates.all())
    return _agreement_form(request, agreement.workspace, initial_from(agreement, HEADER), rates, agreement)


def _agreement_form(request, workspace, initial, rates, agreement=None):
    return document_form(
        request,
        AgreementForm(request.POST or None, user=request.user, workspace=workspace, initial=initial),
        AgreementRateFormSet(request.POST or None, initial=rates, prefix="rates"),
        workspace=workspace,
        document=agreement,
        create=lambda *, lines, **header: agreement_services.create_agreement(rates=lines, **header),
        update=lambda agreement, *, lines, **header: agreement_services.update_agreement(
            agreement, rates=lines, **header
        ),
        template="finance/agreement_form.html",
        tab="agreements",
        key="agreement",
        success=lambda saved: _("“%(title)s” saved.") % {"title": saved.title},
    )


def agreement_detail(request, pk, *, status=200, document_form=None):
    agreement = get_agreement(request, pk)
    user = request.user
    is_admin = is_org_admin(user, agreement.workspace.organization_id)
    can_change = user.has_perm("finance.change_agreement", agreement)
    (agreement,) = _with_state([agreement])
    context = finance_context(
        request,
        agreement.workspace,
        "agreements",
        agreement=agreement,
        rates=list(agreement.rates.all()),
        can_change=can_change,
        show_document=is_admin,
        document_form=(document_form or DocumentForm()) if is_admin and can_change else None,
        history=selectors.history(agreement)[:12] if can_change else [],
    )
    return render(request, "finance/agreement_detail.html", context, status=status)


def add_signed_document(request, pk):
    agreement = get_agreement(request, pk)
    require(request.user, "finance.change_agreement", agreement, _("You may not change this agreement."))
    return form_action(
        request,
        DocumentForm(request.POST, request.FILES),
        save=lambda data: agreement_services.add_signed_document(agreement, data["file"], actor=request.user),
        redisplay=lambda form, status: agreement_detail(request, pk, status=status, document_form=form),
        redirect_to=page_url(agreement),
        success=_("The signed contract is stored with the contracts."),
        upload_field="file",
    )
