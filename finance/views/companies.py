"""Company pages: vendors, clients, venues and agencies, with contacts, documents and the
Merchant login of a contact."""

from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, error_status, form_action, form_page, initial_from
from dragonfly.files.models import Attachment
from dragonfly.tenancy.access import get_access, require

from .. import selectors, services
from ..filters import CompanyFilter
from ..forms import CompanyForm, ContactForm, DocumentForm, MerchantLinkForm
from ..services.companies import FIELDS as COMPANY_FIELDS
from ._common import finance_context, finance_workspace, get_company, get_contact, page_url, workspace_list


def company_list(request, org_slug, ws_slug):
    return workspace_list(request, "companies", selectors.companies, CompanyFilter)


def new_company(request, org_slug, ws_slug):
    workspace = finance_workspace(request, "finance.add_company", _("Your role does not add companies here."))
    return _company_form(
        request,
        workspace,
        None,
        {"active": True, "payment_terms_days": 30},
        lambda data: services.create_company(actor=request.user, workspace=workspace, **data),
    )


def edit_company(request, pk):
    company = get_company(request, pk)
    require(request.user, "finance.change_company", company, _("You may not change this company."))
    return _company_form(
        request,
        company.workspace,
        company,
        initial_from(company, COMPANY_FIELDS),
        lambda data: services.update_company(company, actor=request.user, **data),
    )


def _company_form(request, workspace, company, initial, save):
    return form_page(
        request,
        CompanyForm(request.POST or None, initial=initial),
        save=save,
        template="finance/company_form.html",
        context=finance_context(request, workspace, "companies", company=company),
        redirect_to=page_url,
        success=lambda saved: f"{saved.name} saved.",
        versioned=company,
    )


def company_detail(request, pk, *, status=200, error=None, contact_form=None, document_form=None):
    company = get_company(request, pk)
    user = request.user
    access = get_access(user)
    is_admin = access.is_platform_admin or company.workspace.organization_id in access.admin_organization_ids
    can_change = user.has_perm("finance.change_company", company)
    contacts = list(selectors.contacts(user).filter(company=company))
    for contact in contacts:
        contact.link_form = (
            MerchantLinkForm(workspace=company.workspace, initial={"user": contact.user_id}, prefix=f"c{contact.pk}")
            if can_change
            else None
        )
    context = finance_context(
        request,
        company.workspace,
        "companies",
        company=company,
        contacts=contacts,
        can_change=can_change,
        error=error,
        contact_form=contact_form or (ContactForm() if can_change else None),
        documents=Attachment.objects.visible_to(user).filter(
            bucket="contracts",
            content_type__model="company",
            content_type__app_label="finance",
            object_id=str(company.pk),
        )
        if is_admin
        else None,
        document_form=(document_form or DocumentForm()) if is_admin and can_change else None,
        orders=selectors.purchase_orders(user).filter(vendor=company)[:10],
        invoices=selectors.invoices(user).filter(company=company)[:10],
        history=selectors.history(company)[:8],
    )
    return render(request, "finance/company_detail.html", context, status=status)


@require_POST
def add_contact(request, pk):
    company = get_company(request, pk)
    require(request.user, "finance.change_company", company, _("You may not change this company's contacts."))
    return form_action(
        request,
        ContactForm(request.POST),
        save=lambda data: services.save_contact(company, actor=request.user, **data),
        redisplay=lambda form, status: company_detail(request, pk, status=status, contact_form=form),
        redirect_to=page_url(company),
        success=lambda contact: f"{contact.name} added.",
    )


@require_POST
def contact_action(request, pk, action):
    contact = get_contact(request, pk)
    company = contact.company
    require(request.user, "finance.change_company", company, _("You may not change this company's contacts."))
    if action == "delete":
        call, done = partial(services.delete_contact, contact, actor=request.user), f"{contact.name} removed."
    elif action == "link":
        form = MerchantLinkForm(request.POST, workspace=company.workspace, prefix=f"c{contact.pk}")
        if not form.is_valid():
            return company_detail(request, company.pk, status=400, error=_("Pick a Merchant of this workspace."))
        call = partial(services.link_merchant, contact, actor=request.user, user=form.cleaned_data["user"])
        done = _("Merchant login saved.")
    else:
        raise Http404("No such action.")
    return action_page(
        request,
        call,
        redirect_to=page_url(company),
        success=done,
        on_refusal=lambda exc: company_detail(request, company.pk, status=error_status(exc), error=str(exc)),
    )


@require_POST
def add_document(request, pk):
    company = get_company(request, pk)
    return form_action(
        request,
        DocumentForm(request.POST, request.FILES),
        save=lambda data: services.add_document(company, data["file"], actor=request.user),
        redisplay=lambda form, status: company_detail(request, pk, status=status, document_form=form),
        redirect_to=page_url(company),
        success=_("Document stored with the contracts."),
        upload_field="file",
    )
