"""Read helpers shared by the productions and events pages, forms, API and tasks.

Today's date, the organization's time zone, a person's name and a workspace's people come from the
access vocabulary (dragonfly.tenancy.access), re-exported here for the callers that read them from productions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragonfly.tenancy.access import display_name, get_access, local_today, org_timezone, workspace_people

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

__all__ = ["display_name", "is_workspace_person", "local_today", "may_in_workspace", "org_timezone", "workspace_people"]


def is_workspace_person(workspace: Workspace, user: User | None) -> bool:
    """Whether `user` holds a role in `workspace` (directly or organization-wide)."""
    return user is not None and workspace_people(workspace).filter(pk=user.pk).exists()


def may_in_workspace(user: User, perm: str, workspace: Workspace) -> bool:
    """A role-based check on the workspace itself: "may this user add tasks here?"."""
    access = get_access(user)
    return access.is_platform_admin or user.has_perm(perm, workspace)
