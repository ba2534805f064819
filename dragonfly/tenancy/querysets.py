from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

from .access import get_access

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from .access import Access
    from .models import Workspace


NOTHING = "nothing"  # `visible_filter` of a user who sees no row (signed out, inactive)
EVERYTHING = "everything"  # `visible_filter` of a platform admin


class VisibleQuerySet(models.QuerySet):
    """One method decides what a user sees: nothing signed out, everything for a platform admin,
    otherwise the rows `visible_q` names."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Self:
        """Rows the user may see (or hold `perm` on)."""
        return self.seen_through(self.visible_filter(user, perm))

    def visible_filter(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Any:
        """What `visible_to` filters by, as a value: NOTHING, EVERYTHING or the filter (a Q). Users whose
        values are equal see the same rows, so a live event asks the database once for all of them
        (dragonfly/realtime/checks.py) without building and compiling a query per user."""
        access = get_access(user)
        if not access.authenticated:
            return NOTHING
        if access.is_platform_admin:
            return EVERYTHING
        return self.visible_q(access, perm)

    def seen_through(self, found: Any) -> Self:
        """These rows as `found` (a `visible_filter` value) lets them be seen."""
        if found is NOTHING:
            return self.none()
        if found is EVERYTHING:
            return self.all()
        return self.filter(found)

    def visible_q(self, access: Access, perm: str | None) -> Any:
        raise NotImplementedError


class TenantQuerySet(VisibleQuerySet):
    """Base queryset of every workspace-owned model: rows the user may see (or hold `perm` on), by
    role in the row's workspace or by a grant."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        perm = perm or f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        return access.visible_q(self.model, perm)

    def in_workspace(self, workspace: Workspace) -> Self:
        path = getattr(self.model, "workspace_path", "workspace")
        return self.filter(**{path: workspace})


class OrganizationQuerySet(VisibleQuerySet):
    """Base queryset of an organization-wide model (its settings, its templates): its members see it."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return models.Q(organization_id__in=access.organization_ids)
