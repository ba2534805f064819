"""The jobs API: the same services, filters and visibility as the jobs pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.parsers import MultiPartParser
from dragonfly.core.viewsets import ServiceCreateMixin, TenantServiceViewSet, TenantViewSet, detail_action
from finance.api.serializers import InvoiceSerializer

from .. import selectors, services
from ..filters import ContractFilter, PostingFilter
from ..models import PublicRfp
from . import serializers as s


class JobPostingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Job postings: a workspace's own, and the public board of every organization. A new one opens the
    position its applicants join in hiring; `apply` sends the signed-in user's application."""

    selector = staticmethod(selectors.postings)
    serializer_class = s.JobPostingSerializer
    filterset_class = PostingFilter
    create_service = staticmethod(services.create_posting)

    @extend_schema(request=s.JobApplySerializer, responses=s.JobApplicationSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        posting = self.get_object()
        data = self.body(s.JobApplySerializer)
        applied = services.apply_to_posting(posting, actor=request.user, **data)
        return Response(s.JobApplicationSerializer(applied).data, status=status.HTTP_201_CREATED)

    close = detail_action(
        "close",
        services.close_posting,
        schema=extend_schema(request=None, responses=s.JobPostingSerializer),
        doc="Take the posting off the board; its position takes no more applicants.",
    )


class ContractViewSet(TenantServiceViewSet):
    """Contracts with freelancers and companies; `move` goes draft → sent → signed → active →
    completed (or terminated), `document` stores the signed agreement (organization admins)."""

    selector = staticmethod(selectors.contracts)
    serializer_class = s.ContractSerializer
    filterset_class = ContractFilter
    create_service = staticmethod(services.create_contract)
    update_service = staticmethod(services.update_contract)

    move = detail_action(
        "move",
        services.move_contract,
        s.ContractMoveSerializer,
        schema=extend_schema(request=s.ContractMoveSerializer, responses=s.ContractSerializer),
        doc="Move the contract to `to_status` (signing needs the signed document first).",
    )

    @extend_schema(request=s.InvoiceTimeSerializer, responses={201: InvoiceSerializer})
    @action(detail=True, methods=["post"], url_path="invoice-time")
    def invoice_time(self, request, pk=None):
        """A freelancer's signed or active contract: draft their invoice for the approved time within its
        dates not yet invoiced, one line per entry at the contract's rate (none left: a 400)."""
        contract = self.get_object()
        body = self.body(s.InvoiceTimeSerializer)
        invoice = services.invoice_contract_time(contract, actor=request.user, **body)
        return Response(InvoiceSerializer(invoice, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request={"multipart/form-data": s.ContractDocumentSerializer}, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def document(self, request, pk=None):
        return self.act(services.attach_signed_document, s.ContractDocumentSerializer)


class PublicRfpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Public requests for proposals: the list holds every organization's requests still taking bids
    (any signed-in user); POST publishes a request for quote of yours; `bid` answers one for your own
    organization (one live bid per organization; refused after the deadline); `withdraw` takes yours
    off the board."""

    serializer_class = s.PublicRfpSerializer
    create_service = staticmethod(services.publish_rfp)
    related = ("rfq", "workspace__organization")
    prefetch = ("rfq__lines", "documents")
    values_lists = False

    def visible(self, user):
        if self.action == "list":
            return selectors.public_rfps(user)
        return PublicRfp.objects.visible_to(user).order_by("-published_at", "-id")

    @extend_schema(request=s.PublicBidBodySerializer, responses=s.PublicBidSerializer)
    @action(detail=True, methods=["post"])
    def bid(self, request, pk=None):
        listing = self.get_object()
        data = self.body(s.PublicBidBodySerializer)
        public = services.submit_public_bid(listing, actor=request.user, **data)
        return Response(s.PublicBidSerializer(public).data, status=status.HTTP_201_CREATED)

    withdraw = detail_action(
        "withdraw",
        services.withdraw_rfp,
        schema=extend_schema(request=None, responses=s.PublicRfpSerializer),
        doc="Take the request off the public board; bids already in stay in its comparison.",
    )


class PublicBidViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The bids your organizations made on other organizations' public requests; `withdraw` takes one
    back before the deadline."""

    selector = staticmethod(selectors.public_bids)
    serializer_class = s.PublicBidSerializer
    values_lists = False

    withdraw = detail_action(
        "withdraw",
        services.withdraw_public_bid,
        s.WithdrawNoteSerializer,
        schema=extend_schema(request=s.WithdrawNoteSerializer, responses=s.PublicBidSerializer),
        doc="Withdraw the bid (until the request's deadline).",
    )
