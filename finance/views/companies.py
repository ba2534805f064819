"""Company pages: vendors, clients, venues and agencies, with contacts, documents and the
Merchant login of a contact."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module
from dragonfly.files.models import Attachment
from dragonfly.tenancy.access import get_access

from .. import selectors, services
from ..filters import CompanyFilter
from ..forms import CompanyForm, ContactForm, DocumentForm, MerchantLinkForm
from ._common import error_status, filtered_page, finance_context, get_company, get_contact, safe_querystring


def company_list(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_company", workspace):
        raise PermissionDenied("Your role does not show companies.")
    page, form, status = filtered_page(
        request, selectors.companies(request.user).filter(workspace=workspace), CompanyFilter
    )
    context = finance_context(
        request,
        workspace,
        "companies",
        page=page,
        filter_form=form,
        querystring=safe_querystring(request),
        can_create=request.user.has_perm("finance.add_company", workspace),
    )
    return render(request, "finance/companies.html", context, status=status)


def _save_company(request, workspace, company=None):
    initial = (
        {}
        if company is None
        else {
            k: getattr(company, k)
            for k in (
                "name",
                "kind",
                "tax_id",
                "email",
                "phone",
                "address",
                "payment_terms_days",
                "preferred_categories",
                "rating",
                "notes",
                "active",
            )
        }
    )
    form = CompanyForm(request.POST or None, initial=initial or {"active": True, "payment_terms_days": 30})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if company is None:
                    company = services.create_company(actor=request.user, workspace=workspace, **form.cleaned_data)
                else:
                    company = services.update_company(company, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"{company.name} saved.")
                return redirect("finance:company", company.pk)
        else:
            status = 400
    return render(
        request,
        "finance/company_form.html",
        finance_context(request, workspace, "companies", form=form, company=company),
        status=status,
    )


def new_company(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.add_company", workspace):
        raise PermissionDenied("Your role does not add companies here.")
    return _save_company(request, workspace)


def edit_company(request, pk):
    company = get_company(request, pk)
    if not request.user.has_perm("finance.change_company", company):
        raise PermissionDenied("You may not change this company.")
    return _save_company(request, company.workspace, company)


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
    if not request.user.has_perm("finance.change_company", company):
        raise PermissionDenied("You may not change this company's contacts.")
    form = ContactForm(request.POST)
    if not form.is_valid():
        return company_detail(request, pk, status=400, contact_form=form)
    try:
        services.save_contact(company, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return company_detail(request, pk, status=error_status(exc), contact_form=form)
    messages.success(request, f"{form.cleaned_data['name']} added.")
    return redirect("finance:company", pk)


@require_POST
def contact_action(request, pk, action):
    contact = get_contact(request, pk)
    company = contact.company
    if not request.user.has_perm("finance.change_company", company):
        raise PermissionDenied("You may not change this company's contacts.")
    try:
        if action == "delete":
            services.delete_contact(contact, actor=request.user)
            messages.success(request, f"{contact.name} removed.")
        elif action == "link":
            form = MerchantLinkForm(request.POST, workspace=company.workspace, prefix=f"c{contact.pk}")
            if not form.is_valid():
                return company_detail(request, company.pk, status=400, error="Pick a Merchant of this workspace.")
            services.link_merchant(contact, actor=request.user, user=form.cleaned_data["user"])
            messages.success(request, "Merchant login saved.")
        else:
            raise Http404("No such action.")
    except DomainError as exc:
        return company_detail(request, company.pk, status=error_status(exc), error=str(exc))
    return redirect("finance:company", company.pk)


@require_POST
def add_document(request, pk):
    company = get_company(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return company_detail(request, pk, status=400, document_form=form)
    try:
        services.add_document(company, form.cleaned_data["file"], actor=request.user)
    except ValidationError as exc:
        form.add_error("file", " ".join(exc.messages))
        return company_detail(request, pk, status=400, document_form=form)
    messages.success(request, "Document stored with the contracts.")
    return redirect("finance:company", pk)
