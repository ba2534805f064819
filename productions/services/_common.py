"""What every productions service shares: permission checks, input checks, the health hook."""

from django.core.exceptions import PermissionDenied

from ..errors import ProductionInvalid
from ..selectors import is_workspace_person


def require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def clean_text(value, label, *, max_length, required=False):
    text = (value or "").strip()
    if required and not text:
        raise ProductionInvalid(f"Give the {label}.")
    if len(text) > max_length:
        raise ProductionInvalid(f"The {label} takes at most {max_length} characters.")
    return text


def check_person(workspace, user, label):
    """People on a production must belong to its workspace (never another organization's)."""
    if user is not None and not is_workspace_person(workspace, user):
        raise ProductionInvalid(f"The {label} must be a member of {workspace.name}.")


def refresh_health_on_commit(production):
    """Recalculate the health score once the change that affects it is committed."""
    from ..tasks import refresh_production_health

    refresh_production_health.delay_on_commit(production.pk)
