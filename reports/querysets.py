"""Which saved reports, subscriptions, exports and metrics a user may see: always `visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from dragonfly.tenancy.querysets import TenantQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access


class SavedReportQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        """A saved report is its owner's until shared; shared, the workspace's readers of reports see it.
        Either way only where the reader may read its source (a finance report stays hidden from crew)."""
        from .registry import SOURCES

        in_reach = super().visible_q(access, perm)
        readable = Q(pk__in=[])
        for source in SOURCES.values():
            readable |= Q(source=source.key) & access.visible_q(self.model, source.perm)
        return in_reach & readable & (Q(shared=True) | Q(owner_id=access.user.pk))


class _Personal(TenantQuerySet):
    owner_field = "user"

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return Q(**{f"{self.owner_field}_id": access.user.pk}) & access.workspace_q("workspace__")


class SubscriptionQuerySet(_Personal):
    """A subscription is its subscriber's own."""


class ExportJobQuerySet(_Personal):
    """An export (and its file) is its requester's own."""

    owner_field = "requested_by"


class CustomMetricQuerySet(TenantQuerySet):
    pass
