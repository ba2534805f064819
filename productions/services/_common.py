"""What every productions service shares: permission checks, input checks, the health hook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from ..errors import ProductionInvalid
from ..selectors import is_workspace_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model

    from dragonfly.tenancy.models import Workspace

    from ..models import Production


def require(actor: User, perm: str, obj: Model, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def clean_text(value: Any, label: str, *, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ProductionInvalid(f"Give the {label}.")
    if len(text) > max_length:
        raise ProductionInvalid(f"The {label} takes at most {max_length} characters.")
    return text


def check_person(workspace: Workspace, user: User | None, label: str) -> None:
    """People on a production must belong to its workspace (never another organization's)."""
    if user is not None and not is_workspace_person(workspace, user):
        raise ProductionInvalid(f"The {label} must be a member of {workspace.name}.")


def refresh_health_on_commit(production: Production) -> None:
    """Recalculate the health score once the change that affects it is committed."""
    from ..tasks import refresh_production_health

    refresh_production_health.delay_on_commit(production.pk)
