"""Read helpers shared by the productions and events pages, forms, API and tasks.

Today's date and a workspace's people come from the access vocabulary (dragonfly.tenancy.access),
re-exported here for the callers that read them from productions."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING

from dragonfly.tenancy.access import get_access, local_today, workspace_people

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

__all__ = ["display_name", "is_workspace_person", "local_today", "may_in_workspace", "org_timezone", "workspace_people"]


def org_timezone(workspace: Workspace) -> datetime.tzinfo:
    """The organization's timezone; UTC when it names none (or one that does not exist)."""
    try:
        return zoneinfo.ZoneInfo(workspace.organization.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def is_workspace_person(workspace: Workspace, user: User | None) -> bool:
    """Whether `user` holds a role in `workspace` (directly or organization-wide)."""
    return user is not None and workspace_people(workspace).filter(pk=user.pk).exists()


def display_name(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.username


def may_in_workspace(user: User, perm: str, workspace: Workspace) -> bool:
    """A role-based check on the workspace itself: "may this user add tasks here?"."""
    access = get_access(user)
    return access.is_platform_admin or user.has_perm(perm, workspace)
