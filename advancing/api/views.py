"""The platform spec's advancing routes. Each view parses the body, calls one service, answers.

Advances are always fetched through `visible_to`, so another organization's id is a 404;
the services raise PermissionDenied (403), DomainError (400) and Conflict (409), which
dragonfly.core.api.exception_handler turns into responses.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status
from rest_framework.exceptions import NotFound
from rest_framework.metadata import SimpleMetadata
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.api import error_responses
from dragonfly.core.filters import FilterBackend
from dragonfly.core.idempotency import once_per_call
from dragonfly.core.pagination import Pagination
from dragonfly.core.viewsets import TenantViewSet
from dragonfly.tenancy.models import Workspace

from .. import services
from ..filters import AdvanceFilter, CatalogFilter
from ..models import Advance, CatalogItem
from ..selectors import REVIEW_PERMS, review_queue, visible_advances, with_item_count
from ..stock import hire_the_rest, taking_free_stock
from ..suggestions import picked_from, suggestions_for
from .serializers import (
    AdvanceCreateSerializer,
    AdvanceDetailSerializer,
    AdvanceSerializer,
    AdvanceUpdateSerializer,
    ApproveSerializer,
    CatalogItemSerializer,
    FulfilSerializer,
    RejectSerializer,
    SuggestionSerializer,
)
from .stock import HireTheRestSerializer, ReviewDetailSerializer, StockApproveSerializer

ERRORS = error_responses(
    {
        403: "Your role may not do this to this advance.",
        404: "No advance with this id is visible to you.",
        409: "The advance's status forbids this move (e.g. already approved).",
    }
)


def fetch_advance(user, pk, perms=()):
    """The advance if the user may see it, or may act on it through `perms` (a grant to approve
    one advance lets a Merchant open it); otherwise 404, never 403, so ids reveal nothing."""
    queryset = Advance.objects.visible_to(user)
    for perm in perms:
        queryset = queryset | Advance.objects.visible_to(user, perm=perm)
    related = ("workspace", "organization", "production", "submitter", "reviewed_by")
    advance = with_item_count(queryset.select_related(*related)).prefetch_related("items").filter(pk=pk).first()
    if advance is None:
        raise NotFound(_("No advance with this id is visible to you."))
    return advance


def detail_response(request, advance, perms=(), status_code=status.HTTP_200_OK):
    fresh = fetch_advance(request.user, advance.pk, perms)
    return Response(AdvanceDetailSerializer(fresh, context={"request": request}).data, status=status_code)


class CatalogListView(generics.ListAPIView):
    """The production advancing catalog (enabled items), for every signed-in user."""

    # Not a TenantViewSet: the catalog is the platform's, the same rows for everyone.
    serializer_class = CatalogItemSerializer
    filter_backends = [FilterBackend]
    filterset_class = CatalogFilter
    pagination_class = Pagination
    queryset = CatalogItem.objects.enabled().order_by("item_id")


class SuggestionsView(APIView):
    """What usually goes with the catalog items of an advance being filled in a workspace: the
    workspace's own history (for those who see all its advances), then the catalog's accessories."""

    @extend_schema(
        parameters=[
            OpenApiParameter("workspace", OpenApiTypes.INT, required=True, description="The advance's workspace."),
            OpenApiParameter("items", OpenApiTypes.STR, required=True, description="Picked catalog item ids: 1,2,3."),
        ],
        responses={200: SuggestionSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        ws = request.query_params.get("workspace", "")
        workspace = Workspace.objects.visible_to(request.user).filter(pk=int(ws)).first() if ws.isdigit() else None
        if workspace is None:
            raise NotFound(_("Name a workspace you belong to (?workspace=<id>)."))
        found = suggestions_for(request.user, workspace, picked_from(request.query_params))
        return Response({"results": SuggestionSerializer(found, many=True).data})


class SpecMetadata(SimpleMetadata):
    # OPTIONS lists the fields to send only where a list also creates (POST /advancing): the other
    # routes' bodies are not the listed serializer; the OpenAPI schema describes each of them.
    def determine_actions(self, request, view):
        return super().determine_actions(request, view) if "create" in view.action_map.values() else {}


class AdvanceViewSetBase(mixins.ListModelMixin, TenantViewSet):
    # What the crew and the review sides share: lists through a selector, one advance through
    # `fetch_advance` (also by `review_perms`), answered in full (`answer`).
    metadata_class = SpecMetadata
    serializer_class = AdvanceSerializer
    filter_backends = [FilterBackend]
    filterset_class = AdvanceFilter
    pagination_class = Pagination
    review_perms: tuple[str, ...] = ()

    def get_object(self):
        return self.checked(fetch_advance(self.request.user, self.kwargs["pk"], self.review_perms))

    def answer(self, advance, status=status.HTTP_200_OK):
        return detail_response(self.request, advance, self.review_perms, status)


class AdvanceViewSet(AdvanceViewSetBase):
    """The advances the user may see (a Raider: their own), and creating a draft."""

    selector = staticmethod(visible_advances)

    @extend_schema(request=AdvanceCreateSerializer, responses={201: AdvanceDetailSerializer, **ERRORS})
    def create(self, request):
        # An `Idempotency-Key` header makes a retried or replayed create answer the first one's advance.
        def create():
            body = self.body(AdvanceCreateSerializer)
            return self.answer(services.create_advance(actor=request.user, **body), status.HTTP_201_CREATED)

        return once_per_call(request, create)

    @extend_schema(responses={200: AdvanceDetailSerializer, 404: ERRORS[404]})
    def retrieve(self, request, pk):
        """One advance; PATCH submits, cancels, or edits a draft."""
        return self.answer(self.get_object())

    @extend_schema(request=AdvanceUpdateSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def partial_update(self, request, pk):
        """One advance; PATCH submits, cancels, or edits a draft."""
        advance = self.get_object()
        data = self.body(AdvanceUpdateSerializer)
        if data["action"] == "submit":
            advance = services.submit_advance(advance, actor=request.user)
        elif data["action"] == "cancel":
            advance = services.cancel_advance(advance, actor=request.user, note=data["note"])
        else:
            advance = services.update_draft(advance, actor=request.user, **data["changes"])
        return self.answer(advance)

    @extend_schema(request=FulfilSerializer, responses={200: AdvanceDetailSerializer, **ERRORS})
    def fulfill(self, request, pk):
        """Record the running total fulfilled on one line (a retry with the same total changes nothing)."""

        def record():
            advance = self.get_object()
            return self.answer(services.record_fulfilment(advance, actor=request.user, **self.body(FulfilSerializer)))

        return once_per_call(request, record)


class ReviewViewSet(AdvanceViewSetBase):
    """Submitted and under-review advances the user may review or approve, oldest first."""

    selector = staticmethod(review_queue)
    review_perms = REVIEW_PERMS

    @extend_schema(responses={200: ReviewDetailSerializer, 404: ERRORS[404]})
    def retrieve(self, request, pk):
        """One advance, for its reviewer (with the stock each mapped line takes)."""
        return self.answer(self.get_object())

    def answer(self, advance, status=status.HTTP_200_OK):
        fresh = fetch_advance(self.request.user, advance.pk, self.review_perms)
        return Response(ReviewDetailSerializer(fresh, context={"request": self.request}).data, status=status)

    def decide(self, service, body_class=None, arguments=dict):
        """A reviewer's move: fetch (404), validate the body (400), call the service, answer the advance."""
        advance = self.get_object()
        kwargs = arguments(self.body(body_class)) if body_class is not None else {}
        return self.answer(service(advance, actor=self.request.user, **kwargs))

    @extend_schema(request=StockApproveSerializer, responses={200: ReviewDetailSerializer, **ERRORS})
    def approve(self, request, pk):
        """Approve, optionally with fewer than requested on some lines and an approved cost. Mapped stock is
        reserved; when it is short the approval is refused (409) unless `take_free_stock`."""
        advance = self.get_object()
        body = self.body(StockApproveSerializer)
        with taking_free_stock(body["take_free_stock"]):
            approved = services.approve_advance(advance, actor=request.user, **ApproveSerializer.service_data(body))
        return self.answer(approved)

    @extend_schema(request=RejectSerializer, responses={200: ReviewDetailSerializer, **ERRORS})
    def reject(self, request, pk):
        """Reject with the reason (reviewer_notes is required)."""
        return self.decide(services.reject_advance, RejectSerializer, lambda data: {"note": data["reviewer_notes"]})

    @extend_schema(request=None, responses={200: ReviewDetailSerializer, **ERRORS})
    def process(self, request, pk):
        """Mark an approved advance as in progress."""
        return self.decide(services.process_advance)

    @extend_schema(request=None, responses={200: ReviewDetailSerializer, **ERRORS})
    def start_review(self, request, pk):
        """Take a submitted advance into review (records the reviewer)."""
        return self.decide(services.start_review)

    # --- stock (issue 22) ---
    @extend_schema(request=HireTheRestSerializer, responses={200: ReviewDetailSerializer, **ERRORS})
    def hire_the_rest(self, request, pk):
        """Turn what the stock cannot cover on one line into a hire line (while the advance is in review)."""
        advance = self.get_object()
        body = self.body(HireTheRestSerializer)
        hire_the_rest(advance, actor=request.user, item_id=body["item_id"])
        return self.answer(advance)
