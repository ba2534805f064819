"""Who sees postings and contracts: always built on `visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from dragonfly.tenancy.querysets import TenantQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access


class JobPostingQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        """The workspace's own postings by role; a published public posting for any signed-in user
        (the board of every organization: it shows only what the posting itself says)."""
        own = super().visible_q(access, perm)
        if perm is not None:
            return own
        return own | Q(public=True, status="published")

    def board(self) -> JobPostingQuerySet:
        """Published public postings, newest first: the community's job board."""
        return self.filter(public=True, status="published").order_by("-published_at", "-id")


class ContractQuerySet(TenantQuerySet):
    def in_force(self, day: Any) -> ContractQuerySet:
        """Signed or active contracts whose dates cover `day`: their terms apply then."""
        return self.filter(status__in=("signed", "active"), starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class PublicRfpQuerySet(TenantQuerySet):
    """A published public request for proposals is read by any signed-in user of any organization
    (the rule of the job board); a withdrawn one by its workspace's roles only. The listing shows
    only what it says itself (title, scope, deadline, lines, shared documents)."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        own = super().visible_q(access, perm)
        if perm is not None:
            return own
        return own | Q(status="published")

    def board(self) -> PublicRfpQuerySet:
        """Published listings whose request still takes bids, the nearest deadline first."""
        return self.filter(status="published", rfq__status="open").order_by("rfq__respond_by", "-id")


class PublicBidQuerySet(TenantQuerySet):
    """A public bid's bidding side: read by role in the bidder's workspace (`workspace`), never by the
    requester's members through this row (they read the finance `Bid` it points at)."""
