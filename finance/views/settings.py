"""The organization's finance settings: approval threshold, over-budget policy, PO numbering."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import get_access

from .. import services
from ..forms import FinanceSettingsForm
from ..models import FinanceSettings
from ._common import error_status, finance_context


def finance_settings(request):
    workspace = request.workspace or None
    if workspace is None:
        raise Http404("No workspace.")
    organization = workspace.organization
    access = get_access(request.user)
    if not (access.is_platform_admin or organization.pk in access.admin_organization_ids):
        raise PermissionDenied("Only the organization's administrators change its finance settings.")
    current = FinanceSettings.for_organization(organization)
    form = FinanceSettingsForm(
        request.POST or None,
        initial={
            "second_approval_threshold": current.second_approval_threshold,
            "over_budget_policy": current.over_budget_policy,
            "po_prefix": current.po_prefix,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_finance_settings(organization, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, "Finance settings saved.")
                return redirect("finance:settings")
        else:
            status = 400
    return render(
        request,
        "finance/settings.html",
        finance_context(request, workspace, "overview", form=form, organization=organization),
        status=status,
    )
