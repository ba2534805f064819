"""An organization's finance settings: changed by its administrators."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dragonfly.tenancy.access import is_org_admin

from ..errors import FinanceInvalid
from ..models import FinanceSettings, OverBudgetPolicy
from ..money import amount
from ._common import record


def update_finance_settings(organization, *, actor, second_approval_threshold, over_budget_policy, po_prefix=None):
    if not is_org_admin(actor, organization):
        raise PermissionDenied("Only the organization's administrators change its finance settings.")
    if over_budget_policy not in OverBudgetPolicy.values:
        raise FinanceInvalid("Choose whether going over budget warns or blocks.")
    threshold = amount(second_approval_threshold, "The threshold")
    with transaction.atomic():
        settings, _ = FinanceSettings.objects.select_for_update().get_or_create(organization=organization)
        settings.second_approval_threshold, settings.over_budget_policy = threshold, over_budget_policy
        if po_prefix is not None:
            prefix = po_prefix.strip()
            if not prefix or len(prefix) > 12:
                raise FinanceInvalid("The purchase order prefix takes 1 to 12 characters.")
            settings.po_prefix = prefix
        settings.save()
        record(
            settings,
            actor=actor,
            verb="finance.settings_changed",
            workspace=None,
            data={"threshold": str(threshold), "policy": over_budget_policy},
        )
    return settings
