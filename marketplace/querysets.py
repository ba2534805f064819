"""Who sees which marketplace rows, decided once here and read by every page, API list and search."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from dragonfly.tenancy.querysets import TenantQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access

PUBLISHED = "published"  # models.ListingStatus.PUBLISHED (the models import this module)


class ListingQuerySet(TenantQuerySet):
    """Published listings for every signed-in user; drafts and withdrawn ones for the seller's members."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        own = access.visible_q(self.model, perm or "marketplace.view_listing")
        return own if perm else Q(status=PUBLISHED) | own

    def published(self) -> ListingQuerySet:
        return self.filter(status=PUBLISHED)


class OrderQuerySet(TenantQuerySet):
    """An order is seen from both sides: the seller's workspace and the buyer's."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        perm = perm or "marketplace.view_order"
        # The buyer's side reads the same role rules through the order's other workspace.
        buyer_side = SimpleNamespace(workspace_path="buyer_workspace", _meta=self.model._meta)
        return access.visible_q(self.model, perm) | access.visible_q(buyer_side, perm)

    def sold_by(self, workspace: Any) -> OrderQuerySet:
        return self.filter(workspace=workspace)

    def bought_by(self, workspace: Any) -> OrderQuerySet:
        return self.filter(buyer_workspace=workspace)


class ReviewQuerySet(TenantQuerySet):
    """Reviews show with their listing: to everyone on a published one, to the seller's members always."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        own = access.visible_q(self.model, perm or "marketplace.view_listing")
        return own if perm else Q(listing__status=PUBLISHED) | own


class ListingPhotoQuerySet(ReviewQuerySet):
    """Photos show with their listing, exactly as its reviews do."""
