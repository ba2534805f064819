"""What every productions service shares: permission checks, input checks, the health hook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import require, text_cleaner

from ..errors import ProductionInvalid
from ..selectors import is_workspace_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

    from ..models import Production


__all__ = ["check_person", "clean_text", "delete_from_production", "refresh_health_on_commit", "require"]

clean_text = text_cleaner(ProductionInvalid)


def check_person(workspace: Workspace, user: User | None, label: str) -> None:
    """People on a production must belong to its workspace (never another organization's)."""
    if user is not None and not is_workspace_person(workspace, user):
        raise ProductionInvalid(
            _("The %(role)s must be a member of %(workspace)s.") % {"role": label, "workspace": workspace.name}
        )


def refresh_health_on_commit(production: Production) -> None:
    """Recalculate the health score once the change that affects it is committed."""
    from ..tasks import refresh_production_health

    refresh_production_health.delay_on_commit(production.pk)


def delete_from_production(obj: Any, *, actor: User, verb: str) -> None:
    """Delete a row of a production (a task, a milestone, a compliance item) if the actor holds its delete
    permission: the activity entry goes on the production, whose health is recalculated after commit."""
    opts = obj._meta
    refusal = {
        "task": _("You may not delete this task."),
        "milestone": _("You may not delete this milestone."),
        "complianceitem": _("You may not delete this compliance item."),
    }.get(opts.model_name, _("You may not delete this."))
    require(actor, f"{opts.app_label}.delete_{opts.model_name}", obj, refusal)
    production = obj.production
    with transaction.atomic():
        record_activity(production, actor=actor, verb=verb, data={"title": obj.title})
        obj.delete()
    refresh_health_on_commit(production)
