"""An organization's finance settings: changed by its administrators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.tenancy.access import is_org_admin

from ..errors import FinanceInvalid
from ..models import FinanceSettings, OverBudgetPolicy
from ..money import amount
from ._common import record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Organization

    from ..money import Number


def update_finance_settings(
    organization: Organization,
    *,
    actor: User,
    second_approval_threshold: Number,
    over_budget_policy: str,
    po_prefix: str | None = None,
) -> FinanceSettings:
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only the organization's administrators change its finance settings."))
    if over_budget_policy not in OverBudgetPolicy.values:
        raise FinanceInvalid(_("Choose whether going over budget warns or blocks."))
    threshold = amount(second_approval_threshold, _("The threshold"))
    with transaction.atomic():
        settings, _created = FinanceSettings.objects.select_for_update().get_or_create(organization=organization)
        settings.second_approval_threshold, settings.over_budget_policy = threshold, over_budget_policy
        if po_prefix is not None:
            prefix = po_prefix.strip()
            if not prefix or len(prefix) > 12:
                raise FinanceInvalid(_("The purchase order prefix takes 1 to 12 characters."))
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
