"""The marketplace API: the same services, filters and visibility as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from dragonfly.core.viewsets import ServiceCreateMixin, TenantServiceViewSet, TenantViewSet, detail_action

from .. import selectors, services
from ..filters import ListingFilter, OrderFilter
from ..models import Review
from . import serializers as s

moved = extend_schema(responses=s.OrderSerializer)


class ListingViewSet(TenantServiceViewSet):
    """Listings: every organization's published ones, and the drafts of one's own workspaces."""

    selector = staticmethod(selectors.listings)
    serializer_class = s.ListingSerializer
    filterset_class = ListingFilter
    create_service = staticmethod(services.create_listing)
    update_service = staticmethod(services.update_listing)


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Orders seen from either side. A POST puts a listing in the buyer workspace's cart; `place` orders
    it (taking the units off the stock), the seller `confirm`s and `ship`s, then it is `complete`d."""

    selector = staticmethod(selectors.orders)
    serializer_class = s.OrderSerializer
    filterset_class = OrderFilter
    create_service = staticmethod(services.add_to_cart)
    place = detail_action("place", services.place_order, s.NoteSerializer, schema=moved)
    confirm = detail_action("confirm", services.confirm_order, s.NoteSerializer, schema=moved)
    ship = detail_action("ship", services.ship_order, s.NoteSerializer, schema=moved)
    complete = detail_action("complete", services.complete_order, s.NoteSerializer, schema=moved)
    cancel = detail_action("cancel", services.cancel_order, s.NoteSerializer, schema=moved)
    review = detail_action(
        "review",
        lambda order, **body: services.review_order(order, **body).order,
        s.ReviewBodySerializer,
        schema=moved,
    )


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Reviews of listings one may see; the seller answers one with `reply`."""

    model = Review
    ordering = ("-created_at", "-id")
    serializer_class = s.ReviewSerializer
    reply = detail_action(
        "reply", services.reply_to_review, s.ReplySerializer, schema=extend_schema(responses=s.ReviewSerializer)
    )
