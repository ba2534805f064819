"""A listing's photos: added and removed by the seller's members who may edit the listing. The picture
itself is stored the one way the platform stores a module's pictures (`dragonfly.files.images`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.files.images import store_image
from dragonfly.files.services import UploadRefused
from dragonfly.tenancy.access import require

from ..errors import MarketplaceInvalid
from ..models import Listing, ListingPhoto

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_PHOTOS = 8


def add_photo(listing: Listing, *, actor: User, upload: Any) -> ListingPhoto:
    """One more photo of `listing` (after the others); a refused picture stores nothing."""
    require(actor, "marketplace.change_listing", listing, _("Your role does not edit this listing."))
    with transaction.atomic():
        locked = Listing.objects.select_for_update().select_related("workspace__organization").get(pk=listing.pk)
        taken = ListingPhoto.objects.filter(listing=locked).aggregate(count=Count("id"), last=Max("position"))
        if taken["count"] >= MAX_PHOTOS:
            raise MarketplaceInvalid(
                _("A listing shows at most %(max)s photos; remove one before adding another.") % {"max": MAX_PHOTOS}
            )
        try:
            image = store_image(upload, actor=actor, organization=locked.workspace.organization, attach_to=locked)
        except UploadRefused as exc:
            raise MarketplaceInvalid(" ".join(exc.messages)) from None
        position = 0 if taken["last"] is None else taken["last"] + 1
        photo = ListingPhoto.objects.create(listing=locked, image=image, position=position)
        record_activity(
            locked, actor=actor, verb="listing.photo_added", data={"photo": photo.pk, "file": image.original_name}
        )
    return photo


def remove_photo(photo: ListingPhoto, *, actor: User) -> None:
    """Take a photo off its listing (its stored picture goes with it)."""
    listing = photo.listing
    require(actor, "marketplace.change_listing", listing, _("Your role does not edit this listing."))
    with transaction.atomic():
        image = photo.image
        name = image.original_name
        record_activity(listing, actor=actor, verb="listing.photo_removed", data={"photo": photo.pk, "file": name})
        photo.delete()
        image.delete()
        transaction.on_commit(lambda: image.file.delete(save=False))


def move_photo(photo: ListingPhoto, *, actor: User, direction: str) -> list[ListingPhoto]:
    """One step earlier or later among its listing's photos (the first is the market's thumbnail);
    at the edge nothing changes. Returns the photos in their new order."""
    if direction not in ("earlier", "later"):
        raise MarketplaceInvalid(_("Move a photo earlier or later."))
    with transaction.atomic():
        photos = _locked_photos(photo.listing, actor)
        ids = [p.pk for p in photos]
        index = ids.index(photo.pk)
        target = index - 1 if direction == "earlier" else index + 1
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
        return _put_in_order(photo.listing, photos, ids, actor)


def reorder_photos(listing: Listing, *, actor: User, order: Iterable[Any]) -> list[ListingPhoto]:
    """Put the listing's photos in `order`: every photo id of the listing once, first to last."""
    try:
        ids = [int(pk) for pk in order]
    except (TypeError, ValueError):
        raise MarketplaceInvalid(_("The new order names photos that are not on this listing.")) from None
    with transaction.atomic():
        photos = _locked_photos(listing, actor)
        if sorted(ids) != sorted(p.pk for p in photos):
            raise MarketplaceInvalid(_("Name every photo of the listing once, in the new order; reload if it changed."))
        return _put_in_order(listing, photos, ids, actor)


def _locked_photos(listing: Listing, actor: User) -> list[ListingPhoto]:
    require(actor, "marketplace.change_listing", listing, _("Your role does not edit this listing."))
    # The listing's lock orders this against a photo added or removed meanwhile.
    Listing.objects.select_for_update().filter(pk=listing.pk).first()
    return list(ListingPhoto.objects.filter(listing=listing).select_related("image").order_by("position", "id"))


def _put_in_order(listing: Listing, photos: list[ListingPhoto], ids: list[int], actor: User) -> list[ListingPhoto]:
    by_id = {p.pk: p for p in photos}
    ordered = [by_id[pk] for pk in ids]
    if any(p.position != position for position, p in enumerate(ordered)):
        for position, p in enumerate(ordered):
            p.position = position
        ListingPhoto.objects.bulk_update(ordered, ["position"])
        record_activity(listing, actor=actor, verb="listing.photos_reordered", data={"order": ids})
    return ordered
