"""The marketplace's writes: listings (services.listings), orders and their moves (services.orders),
reviews (services.reviews). Views and the API call these and nothing else."""

from .listings import LISTING_FIELDS, create_listing, list_asset, update_listing
from .orders import (
    add_to_cart,
    buy,
    cancel_order,
    complete_order,
    confirm_order,
    move_order,
    place_order,
    ship_order,
)
from .photos import MAX_PHOTOS, add_photo, move_photo, remove_photo, reorder_photos
from .reviews import reply_to_review, review_order

__all__ = [
    "LISTING_FIELDS",
    "MAX_PHOTOS",
    "add_photo",
    "add_to_cart",
    "buy",
    "cancel_order",
    "complete_order",
    "confirm_order",
    "create_listing",
    "list_asset",
    "move_order",
    "place_order",
    "move_photo",
    "remove_photo",
    "reorder_photos",
    "reply_to_review",
    "review_order",
    "ship_order",
    "update_listing",
]
