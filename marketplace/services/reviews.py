"""Reviews: the buyer's stars and words once an order completed (one per order), and the seller's reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from ..errors import MarketplaceInvalid
from ..models import Order, OrderStatus, Review
from .orders import may_act_for_buyer, may_act_for_seller

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def review_order(order: Order, *, actor: User, rating: int, text: str = "") -> Review:
    if not may_act_for_buyer(actor, order):
        raise PermissionDenied(_("Only the buyer's side reviews an order."))
    if order.status != OrderStatus.COMPLETED:
        raise MarketplaceInvalid(_("An order is reviewed once it is completed."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise MarketplaceInvalid(_("Give 1 to 5 stars."))
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order, listing_id=order.listing_id, rating=rating, text=(text or "").strip(), author=actor
            )
            record_activity(
                review, actor=actor, verb="review.written", workspace=order.workspace, data={"rating": rating}
            )
    except IntegrityError:
        raise MarketplaceInvalid(_("This order has its review already.")) from None
    return review


def reply_to_review(review: Review, *, actor: User, reply: str) -> Review:
    if not may_act_for_seller(actor, review.order):
        raise PermissionDenied(_("Only the seller replies to a review."))
    reply = (reply or "").strip()
    if not reply:
        raise MarketplaceInvalid(_("Write the reply."))
    with transaction.atomic():
        review.reply = reply
        review.replied_at = timezone.now()
        review.save(update_fields=["reply", "replied_at"])
        record_activity(review, actor=actor, verb="review.replied", workspace=review.order.workspace)
    return review
