"""What an organization changes of the roles' platform-wide permissions (the admin area's role matrix).

The defaults are the role groups (tenancy.roles); an organization's changes live on the organization
(`Organization.role_permissions`) and `Access.role_has` reads them with the memberships. An org admin may
take any permission from a role below the admins, and give a role any permission that some role below
the admins holds by default: nothing here makes a Raider an admin. Admin roles keep their defaults."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError

from .access import clear_access, get_access, is_org_admin
from .models import Organization
from .roles import ORG_ADMIN_ROLES, Role

EDITABLE_ROLES = tuple(role for role in Role if role not in ORG_ADMIN_ROLES)


class RoleSettingsRefused(DomainError):
    pass


def grantable_permissions(actor: Any) -> set[str]:
    """The permissions an org admin may give a role: those some role below the admins holds by default."""
    defaults = get_access(actor).role_permissions
    return set().union(*(defaults[role] for role in EDITABLE_ROLES))


def effective(organization: Organization, role: Role, perm: str, actor: Any) -> bool:
    changed = (organization.role_permissions or {}).get(str(int(role)), {})
    return bool(changed[perm]) if perm in changed else perm in get_access(actor).role_permissions[role]


def set_role_permissions(
    organization: Organization, *, actor: Any, perms: list[str], wanted: dict[Role, set[str]]
) -> Organization:
    """Make each editable role hold exactly `wanted[role]` of `perms` in `organization` (a page of the
    matrix: one app's permissions). A value equal to the default is stored as no change."""
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may change what roles may do."))
    refused_roles = [role.label for role in wanted if role not in EDITABLE_ROLES]
    if refused_roles:
        raise RoleSettingsRefused(
            _("The admin roles (%(roles)s) keep their permissions.") % {"roles": ", ".join(refused_roles)}
        )
    defaults = get_access(actor).role_permissions
    grantable = grantable_permissions(actor)
    unknown = sorted(set().union(set(), *wanted.values()) - set(perms))
    if unknown:
        raise RoleSettingsRefused(_("No such permission here: %(perms)s.") % {"perms": ", ".join(unknown)})
    too_strong = sorted({p for role, held in wanted.items() for p in held - defaults[role] if p not in grantable})
    if too_strong:
        raise RoleSettingsRefused(
            _("Only permissions a role below the admins holds can be given; these are for admins: %(perms)s.")
            % {"perms": ", ".join(too_strong)}
        )
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        before = {key: dict(value) for key, value in (organization.role_permissions or {}).items()}
        after = {key: dict(value) for key, value in before.items()}
        for role, held in wanted.items():
            changes = after.setdefault(str(int(role)), {})
            for perm in perms:
                holds = perm in held
                if holds == (perm in defaults[role]):
                    changes.pop(perm, None)
                else:
                    changes[perm] = holds
        after = {key: value for key, value in after.items() if value}
        if after != before:
            organization.role_permissions = after
            organization.save(update_fields=["role_permissions"])
            record_activity(
                organization,
                actor=actor,
                verb="organization.role_permissions_changed",
                workspace=None,
                data={"before": before, "after": after},
            )
    clear_access(actor)  # the actor's own access rows carried the old changes
    return organization
