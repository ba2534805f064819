"""What every module's demo seed shares: which workspaces a seed fills and who it acts as.

A seed builds its rows through the module's services (so activity, history and statuses are
real), acting as a demo login whose role allows the change, and adds nothing on a second run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from .models import Membership, Workspace

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User
    from django.db.models import QuerySet

__all__ = ["member_with_role", "seeded_workspaces"]


def seeded_workspaces(keys: Iterable[tuple[str, str]]) -> QuerySet[Workspace]:
    """The workspaces named by (organization slug, workspace slug) pairs that exist, oldest first."""
    wanted = Q(pk__in=[])
    for org, slug in keys:
        wanted |= Q(organization__slug=org, slug=slug)
    return Workspace.objects.filter(wanted).select_related("organization").order_by("pk")


def member_with_role(workspace: Workspace, role: int) -> User | None:
    """The first active user holding `role` in `workspace`, directly or organization-wide."""
    membership = (
        Membership.objects.active()
        .filter(
            Q(workspace=workspace) | Q(workspace__isnull=True), organization_id=workspace.organization_id, role=role
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None
