"""The organization's finance settings: approval threshold, over-budget policy, PO numbering."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.core.pages import form_page, initial_from
from dragonfly.tenancy.access import get_access

from .. import services
from ..forms import FinanceSettingsForm
from ..models import FinanceSettings
from ._common import finance_context


def finance_settings(request):
    workspace = request.workspace or None
    if workspace is None:
        raise Http404("No workspace.")
    organization = workspace.organization
    access = get_access(request.user)
    if not (access.is_platform_admin or organization.pk in access.admin_organization_ids):
        raise PermissionDenied(_("Only the organization's administrators change its finance settings."))
    current = FinanceSettings.for_organization(organization)
    initial = initial_from(current, ("second_approval_threshold", "over_budget_policy", "po_prefix"))
    return form_page(
        request,
        FinanceSettingsForm(request.POST or None, initial=initial),
        save=lambda data: services.update_finance_settings(organization, actor=request.user, **data),
        template="finance/settings.html",
        context=finance_context(request, workspace, "overview", organization=organization),
        redirect_to=lambda saved: reverse("finance:settings"),
        success=_("Finance settings saved."),
        versioned=current,
    )
