"""Writes on organizations and memberships: starting an organization, granting a role, removing a member."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError

from .access import clear_access, get_access, is_org_admin
from .models import Membership, Organization, Workspace
from .roles import Role


class MembershipRefused(DomainError):
    pass


def _unique_slug(model: Any, base: str, **scope: Any) -> str:
    base = slugify(base)[:70] or "org"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def start_organization(*, actor: Any, name: str, workspace_name: str, timezone_name: str = "UTC") -> Workspace:
    """A new organization with its first workspace; the founder administers it (org-wide Phantom)."""
    name, workspace_name = (name or "").strip(), (workspace_name or "").strip()
    if not name or not workspace_name:
        raise MembershipRefused(_("Give the organization and its first workspace a name."))
    with transaction.atomic():
        org = Organization.objects.create(name=name, slug=_unique_slug(Organization, name), timezone=timezone_name)
        workspace = Workspace.objects.create(
            organization=org, name=workspace_name, slug=_unique_slug(Workspace, workspace_name, organization=org)
        )
        grant_membership(actor, organization=org, workspace=None, role=Role.PHANTOM, actor=actor, check=False)
        record_activity(org, actor=actor, verb="organization.started", workspace=workspace)
    return workspace


def grantable_roles(actor: Any, organization: Any) -> list[Role]:
    """The roles `actor` may hand out in `organization`: none stronger than their own; Legend is platform-wide."""
    access = get_access(actor)
    own = Role.LEGEND if access.is_platform_admin else access.role_in_organization(organization)
    if own is None:
        return []
    return [role for role in Role if role != Role.LEGEND and role >= own]


def grant_membership(
    user: Any, *, organization: Any, workspace: Any, role: int, actor: Any, check: bool = True
) -> Membership:
    """Give `user` `role` in `workspace` (None: organization-wide). An existing membership there keeps
    the stronger of the two roles. `check=False` only for grants a service already vetted."""
    if check and Role(role) not in grantable_roles(actor, organization):
        raise PermissionDenied(_("You cannot grant a role stronger than your own."))
    if workspace is not None and workspace.organization_id != organization.pk:
        raise MembershipRefused(_("This workspace belongs to another organization."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, workspace=workspace, defaults={"role": role}
        )
        if not created and (role < membership.role or not membership.is_active):
            membership.role, membership.expires_at = min(role, membership.role), None
            membership.save(update_fields=["role", "expires_at"])
        record_activity(
            membership, actor=actor, verb="membership.granted", workspace=workspace, data={"role": Role(role).label}
        )
    clear_access(user)
    return membership


def remove_member(organization: Any, user: Any, *, actor: Any) -> int:
    """Take `user` out of `organization` (every membership there). Someone left with no organization
    is signed out everywhere: their sessions end and their API tokens stop working at once. Someone
    who still works for another organization keeps them (a token is the user's, not one
    organization's): access is worked out afresh on their next request and no longer reaches this
    organization. Returns the memberships removed."""
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins remove members."))
    if user.pk == actor.pk:
        raise MembershipRefused(_("You cannot remove yourself; ask another admin."))
    with transaction.atomic():
        memberships = Membership.objects.filter(organization=organization, user=user)
        for membership in memberships:
            record_activity(membership, actor=actor, verb="membership.removed", workspace=membership.workspace)
        removed, _kinds = memberships.delete()
        if not Membership.objects.filter(user=user).exists():
            end_sessions(user)
            revoke_api_tokens(user)
    clear_access(user)
    return removed


def end_sessions(user: Any) -> int:
    """Delete the user's stored sessions. Sessions are keyed by a random id, not by user, so each live
    one is decoded: fine at a production company's scale (thousands of sessions), not a hot path."""
    pk, ended = str(user.pk), []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == pk:
            ended.append(session.pk)
    # Through the configured store: with Redis the cached copy goes too (the signed-in request reads it first).
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ended:
        store().delete(key)
    return len(ended)


def revoke_api_tokens(user: Any) -> int:
    from dragonfly.tokens.services import revoke_all_tokens

    return revoke_all_tokens(user)


def assign_role(user: Any, *, organization: Any, workspace: Any, role: int, actor: Any) -> Membership:
    """Set `user`'s role in `workspace` (None: organization-wide) to exactly `role`, stronger or weaker
    than before: the admin area's role assignment. Only for people already in the organization, by an
    org admin, and never a role stronger than the admin's own."""
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins assign roles."))
    if Role(role) not in grantable_roles(actor, organization):
        raise PermissionDenied(_("You cannot grant a role stronger than your own."))
    if workspace is not None and workspace.organization_id != organization.pk:
        raise MembershipRefused(_("This workspace belongs to another organization."))
    if not Membership.objects.filter(organization=organization, user=user).exists():
        raise MembershipRefused(_("Invite this person first: they are not a member of the organization."))
    if user.pk == actor.pk:
        raise MembershipRefused(_("You cannot change your own role; ask another admin."))
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organization=organization, workspace=workspace, defaults={"role": role}
        )
        before = None if created else membership.role
        if not created:
            membership.role, membership.expires_at = role, None
            membership.save(update_fields=["role", "expires_at"])
        record_activity(
            membership,
            actor=actor,
            verb="membership.role_assigned",
            workspace=workspace,
            data={"role": Role(role).label, "before": Role(before).label if before else None},
        )
    clear_access(user)
    return membership
