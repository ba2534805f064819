"""How a workspace treats a clash between two bookings of one venue or facility: refuse (the default;
the person booking must confirm the clash) or warn (saved, with the clash said). events.conflicts
reads it for every venue and facility check."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import require
from dragonfly.tenancy.models import Workspace

from ..errors import LocationInvalid
from ..models import BookingRule, ClashPolicy


def clash_policy(workspace_id: int) -> str:
    rule = BookingRule.objects.filter(workspace_id=workspace_id).values_list("on_clash", flat=True).first()
    return rule or ClashPolicy.REFUSE


def set_clash_policy(workspace: Workspace, *, actor: Any, on_clash: str) -> BookingRule:
    require(actor, "locations.change_bookingrule", workspace, _("Your role does not set how bookings clash here."))
    if on_clash not in ClashPolicy.values:
        raise LocationInvalid(_("Pick refuse or warn."))
    with transaction.atomic():
        rule, _created = BookingRule.objects.select_for_update().get_or_create(workspace=workspace)
        rule.on_clash = on_clash
        rule.save()
        record_activity(rule, actor=actor, verb="location.clash_policy_set", data={"on_clash": on_clash})
    return rule
