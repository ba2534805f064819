"""Read helpers shared by the productions and events pages, forms, API and tasks."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import active_q


def org_timezone(workspace):
    try:
        return zoneinfo.ZoneInfo(workspace.organization.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def local_today(workspace, now=None):
    """Today's date where the workspace's organization works."""
    return (now or timezone.now()).astimezone(org_timezone(workspace)).date()


def workspace_people(workspace):
    """Active users holding a role in the workspace (directly or organization-wide), by name."""
    User = get_user_model()
    members = Q(memberships__workspace_id=workspace.pk) | Q(
        memberships__organization_id=workspace.organization_id, memberships__workspace__isnull=True
    )
    ids = User.objects.filter(members, active_q("memberships__"), is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def is_workspace_person(workspace, user):
    return user is not None and workspace_people(workspace).filter(pk=user.pk).exists()


def display_name(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.username


def may_in_workspace(user, perm, workspace):
    """A role-based check on the workspace itself: "may this user add tasks here?"."""
    access = get_access(user)
    return access.is_platform_admin or user.has_perm(perm, workspace)
