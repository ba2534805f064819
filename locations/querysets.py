"""Which venues a list, a form choice or the API may show: always built on `visible_to(user)`."""

from __future__ import annotations

from typing import Any

from dragonfly.tenancy.querysets import TenantQuerySet


class LocationQuerySet(TenantQuerySet):
    def venues(self) -> LocationQuerySet:
        """Venues of their own, not the spaces inside them."""
        return self.filter(parent__isnull=True)

    def parents_for(self, user: Any, workspace: Any, *, exclude: Any = None) -> LocationQuerySet:
        """The venues a space of `workspace` may sit inside (never `exclude`, the one being edited)."""
        qs = self.visible_to(user).in_workspace(workspace).venues()
        if exclude is not None and exclude.pk:
            qs = qs.exclude(pk=exclude.pk)
        return qs.order_by("name", "id")


class ZoneQuerySet(TenantQuerySet):
    def choices_for(self, user: Any, workspace: Any) -> ZoneQuerySet:
        """The zones an event, crew call or asset of `workspace` may point at, labelled with their venue."""
        return (
            self.visible_to(user)
            .in_workspace(workspace)
            .select_related("site_map__location")
            .order_by("site_map__location__name", "name", "id")
        )
