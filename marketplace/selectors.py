"""What the marketplace pages and the API read: `visible_to` + the related rows each list shows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Listing, Order, Review
from .querysets import ListingQuerySet, OrderQuerySet


def listings(user: Any, perm: str | None = None) -> ListingQuerySet:
    return (
        Listing.objects.visible_to(user, perm).select_related("workspace__organization").order_by("-created_at", "-id")
    )


def orders(user: Any) -> OrderQuerySet:
    return (
        Order.objects.visible_to(user)
        .select_related("listing", "workspace__organization", "buyer_workspace__organization")
        .order_by("-created_at", "-id")
    )


def reviews_of(user: Any, listing: Listing) -> QuerySet[Review]:
    return Review.objects.visible_to(user).filter(listing=listing).order_by("-created_at", "-id")


def listable_assets(user: Any, workspace: Any) -> QuerySet[Any]:
    """The workspace's own assets the user may see: what can be offered as surplus gear."""
    from assets.models import Asset

    return Asset.objects.visible_to(user).filter(workspace=workspace).order_by("name", "id")
