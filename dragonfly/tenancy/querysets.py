from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from .access import get_access

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from .models import Workspace


class TenantQuerySet(models.QuerySet):
    """Base queryset of every workspace-owned model: one method decides what a user sees."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Self:
        """Rows the user may see (or hold `perm` on): role in the row's workspace, or a grant."""
        access = get_access(user)
        if not access.authenticated:
            return self.none()
        if access.is_platform_admin:
            return self.all()
        perm = perm or f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        return self.filter(access.visible_q(self.model, perm))

    def in_workspace(self, workspace: Workspace) -> Self:
        path = getattr(self.model, "workspace_path", "workspace")
        return self.filter(**{path: workspace})


class OrganizationQuerySet(models.QuerySet):
    """Base queryset of an organization-owned model (settings, templates): its members read it."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Self:
        """Rows of the organizations the user belongs to (every row, for platform admins)."""
        access = get_access(user)
        if not access.authenticated:
            return self.none()
        return self.all() if access.is_platform_admin else self.filter(organization_id__in=access.organization_ids)
