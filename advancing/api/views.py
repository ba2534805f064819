"""The platform spec's advancing routes. Each view parses the body, calls one service, answers.

Advances are always fetched through `visible_to`, so another organization's id is a 404;
the services raise PermissionDenied (403), DomainError (400) and Conflict (409), which
dragonfly.core.api.exception_handler turns into responses.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.api import error_responses

from .. import services
from ..filters import AdvanceFilter, CatalogFilter
from ..models import Advance, CatalogItem
from ..selectors import REVIEW_PERMS, review_queue, visible_advances, with_item_count
from .serializers import (
    AdvanceCreateSerializer,
    AdvanceDetailSerializer,
    AdvanceSerializer,
    AdvanceUpdateSerializer,
    ApproveSerializer,
    CatalogItemSerializer,
    FulfilSerializer,
    RejectSerializer,
)

ERRORS = error_responses(
    {
        403: "Your role may not do this to this advance.",
        404: "No advance with this id is visible to you.",
        409: "The advance's status forbids this move (e.g. already approved).",
    }
)


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def fetch_advance(user, pk, perms=()):
    """The advance if the user may see it, or may act on it through `perms` (a grant to approve
    one advance lets a Merchant open it); otherwise 404, never 403, so ids reveal nothing."""
    queryset = Advance.objects.visible_to(user)
    for perm in perms:
        queryset = queryset | Advance.objects.visible_to(user, perm=perm)
    related = ("workspace", "organization", "production", "submitter", "reviewed_by")
    advance = with_item_count(queryset.select_related(*related)).prefetch_related("items").filter(pk=pk).first()
    if advance is None:
        raise NotFound("No advance with this id is visible to you.")
    return advance


def detail_response(request, advance, perms=(), status_code=status.HTTP_200_OK):
    fresh = fetch_advance(request.user, advance.pk, perms)
    return Response(AdvanceDetailSerializer(fresh, context={"request": request}).data, status=status_code)


class CatalogListView(generics.ListAPIView):
    """The production advancing catalog (enabled items), for every signed-in user."""

    serializer_class = CatalogItemSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CatalogFilter
    pagination_class = Pagination
    queryset = CatalogItem.objects.enabled().order_by("item_id")


class AdvanceListCreateView(generics.ListCreateAPIView):
    """The advances the user may see (a Raider: their own), and creating a draft."""

    serializer_class = AdvanceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AdvanceFilter
    pagination_class = Pagination

    def get_queryset(self):
        return visible_advances(self.request.user)

    @extend_schema(request=AdvanceCreateSerializer, responses={201: AdvanceDetailSerializer, **ERRORS})
    def post(self, request):
        body = AdvanceCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        advance = services.create_advance(actor=request.user, **body.validated_data)
        return detail_response(request, advance, status_code=status.HTTP_201_CREATED)


class AdvanceDetailView(APIView):
    """One advance; PATCH submits, cancels, or edits a draft."""

    @extend_schema(responses={200: AdvanceDetailSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return detail_response(request, fetch_advance(request.user, pk))

    @extend_schema(request=AdvanceUpdateSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def patch(self, request, pk):
        advance = fetch_advance(request.user, pk)
        body = AdvanceUpdateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["action"] == "submit":
            advance = services.submit_advance(advance, actor=request.user)
        elif data["action"] == "cancel":
            advance = services.cancel_advance(advance, actor=request.user, note=data["note"])
        else:
            advance = services.update_draft(advance, actor=request.user, **data["changes"])
        return detail_response(request, advance)


class FulfilView(APIView):
    """Record the running total fulfilled on one line (a retry with the same total changes nothing)."""

    @extend_schema(request=FulfilSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def post(self, request, pk):
        advance = fetch_advance(request.user, pk)
        body = FulfilSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        advance = services.record_fulfilment(advance, actor=request.user, **body.validated_data)
        return detail_response(request, advance)


class ReviewQueueView(generics.ListAPIView):
    """Submitted and under-review advances the user may review or approve, oldest first."""

    serializer_class = AdvanceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AdvanceFilter
    pagination_class = Pagination

    def get_queryset(self):
        return review_queue(self.request.user)


class ReviewDetailView(APIView):
    """One advance, for its reviewer."""

    @extend_schema(responses={200: AdvanceDetailSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return detail_response(request, fetch_advance(request.user, pk, REVIEW_PERMS), REVIEW_PERMS)


class DecisionView(APIView):
    """Base of the reviewer's moves: fetch (404), validate the body (400), call the service."""

    body_class = None

    def post(self, request, pk):
        advance = fetch_advance(request.user, pk, REVIEW_PERMS)
        kwargs = {}
        if self.body_class is not None:
            body = self.body_class(data=request.data)
            body.is_valid(raise_exception=True)
            kwargs = self.service_kwargs(body)
        advance = self.decide(advance, actor=request.user, **kwargs)
        return detail_response(request, advance, REVIEW_PERMS)

    def service_kwargs(self, body):
        return body.validated_data


class ApproveView(DecisionView):
    body_class = ApproveSerializer

    @extend_schema(request=ApproveSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def post(self, request, pk):
        """Approve, optionally with fewer than requested on some lines and an approved cost."""
        return super().post(request, pk)

    def service_kwargs(self, body):
        return body.service_kwargs()

    def decide(self, advance, **kwargs):
        return services.approve_advance(advance, **kwargs)


class RejectView(DecisionView):
    body_class = RejectSerializer

    @extend_schema(request=RejectSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def post(self, request, pk):
        """Reject with the reason (reviewer_notes is required)."""
        return super().post(request, pk)

    def service_kwargs(self, body):
        return {"note": body.validated_data["reviewer_notes"]}

    def decide(self, advance, **kwargs):
        return services.reject_advance(advance, **kwargs)


class ProcessView(DecisionView):
    @extend_schema(request=None, responses={200: AdvanceDetailSerializer, **ERRORS})
    def post(self, request, pk):
        """Mark an approved advance as in progress."""
        return super().post(request, pk)

    def decide(self, advance, **kwargs):
        return services.process_advance(advance, **kwargs)


class StartReviewView(DecisionView):
    @extend_schema(request=None, responses={200: AdvanceDetailSerializer, **ERRORS})
    def post(self, request, pk):
        """Take a submitted advance into review (records the reviewer)."""
        return super().post(request, pk)

    def decide(self, advance, **kwargs):
        return services.start_review(advance, **kwargs)
