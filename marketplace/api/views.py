"""The marketplace API: the same services, filters and visibility as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from dragonfly.core.parsers import FormParser, JSONParser, MultiPartParser
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

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.ListingPhotoSerializer(many=True),
        description="The listing's photos.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.PhotoUploadSerializer},
        responses={201: s.ListingPhotoSerializer},
        description="Add a photo (multipart `photo`); a file that is not a photo, or too big, is a 400.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,  # at most MAX_PHOTOS: the whole list, in order
        filter_backends=[],
    )
    def photos(self, request, pk=None):
        listing = self.get_object()  # an unseen listing (another organization's draft) is a 404
        if request.method == "POST":
            upload = self.body(s.PhotoUploadSerializer)["photo"]
            photo = services.add_photo(listing, actor=request.user, upload=upload)
            return Response(s.ListingPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)
        return Response(s.ListingPhotoSerializer(selectors.photos_of(listing), many=True).data)

    @extend_schema(request=s.PhotoOrderSerializer, responses=s.ListingPhotoSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="reorder-photos")
    def reorder_photos(self, request, pk=None):
        """Put the photos in the order given (every photo id of the listing once, first to last; the
        first is the market's thumbnail). Only the seller's organization finds this (others: 404)."""
        listing = self.get_object()
        if not selectors.arranges_photos(request.user, listing):
            raise NotFound()
        order = self.body(s.PhotoOrderSerializer)["order"]
        return Response(
            s.ListingPhotoSerializer(services.reorder_photos(listing, actor=request.user, order=order), many=True).data
        )


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
