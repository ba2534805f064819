"""What the marketplace pages and the API read: `visible_to` + the related rows each list shows."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from dragonfly.tenancy.access import get_access

from .models import Listing, ListingPhoto, Order, Review
from .querysets import ListingQuerySet, OrderQuerySet


def listings(user: Any, perm: str | None = None) -> ListingQuerySet:
    """The listings `user` sees, each with `cover_photo` (its first photo's id, or None) for the list's thumbnail."""
    first_photo = ListingPhoto.objects.filter(listing=OuterRef("pk")).order_by("position", "id").values("pk")[:1]
    return (
        Listing.objects.visible_to(user, perm)
        .select_related("workspace__organization")
        .annotate(cover_photo=Subquery(first_photo))
        .order_by("-created_at", "-id")
    )


def arranges_photos(user: Any, listing: Listing) -> bool:
    """Whether `user` belongs to the listing's seller organization: only there may its photos be
    arranged (whether their role may is `marketplace.change_listing`); to anyone else the photo
    manager does not exist, even on a published listing (404)."""
    access = get_access(user)
    return access.is_platform_admin or listing.workspace.organization_id in access.organization_ids


def photos_of(listing: Listing) -> QuerySet[ListingPhoto]:
    """A listing's photos in their order (the caller has shown the listing through `visible_to`)."""
    return ListingPhoto.objects.filter(listing=listing).select_related("image").order_by("position", "id")


def orders(user: Any) -> OrderQuerySet:
    return (
        Order.objects.visible_to(user)
        .select_related("listing", "invoice", "workspace__organization", "buyer_workspace__organization")
        .order_by("-created_at", "-id")
    )


def reviews_of(user: Any, listing: Listing) -> QuerySet[Review]:
    return Review.objects.visible_to(user).filter(listing=listing).order_by("-created_at", "-id")


def listable_assets(user: Any, workspace: Any) -> QuerySet[Any]:
    """The workspace's own assets the user may see: what can be offered as surplus gear."""
    from assets.models import Asset

    return Asset.objects.visible_to(user).filter(workspace=workspace).order_by("name", "id")
