"""The finance API: the same services, filters and visibility as the pages.

Every viewset is a core TenantViewSet reading through the selector its pages use, so another
organization's id is a 404; writes go through the services, which raise PermissionDenied (403),
DomainError (400) and Conflict (409), which the project's exception handler turns into responses.
Writes answer with the row read again as the list reads it (`reread`)."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.api import error_responses
from dragonfly.core.parsers import FormParser, JSONParser, MultiPartParser
from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    ServiceDestroyMixin,
    TenantServiceViewSet,
    TenantViewSet,
    detail_action,
)

from .. import selectors, services
from ..filters import (
    AgreementFilter,
    BidFilter,
    BudgetFilter,
    BudgetLineFilter,
    CompanyFilter,
    ContactFilter,
    ExpenseFilter,
    InvoiceFilter,
    PaymentFilter,
    PurchaseOrderFilter,
    RfqFilter,
)
from ..services import agreements as agreement_services
from ..services import bids as bid_services
from .bid_serializers import AgreementSerializer, BidSerializer, RfqSerializer
from .serializers import (
    AdvanceBudgetImpactSerializer,
    AdvanceProcurementSerializer,
    BudgetLineSerializer,
    BudgetLockSerializer,
    BudgetSerializer,
    BudgetVarianceSerializer,
    CompanySerializer,
    ContactSerializer,
    ExpenseSerializer,
    FinanceNoteSerializer,
    InvoiceSerializer,
    MerchantLinkSerializer,
    PaymentInputSerializer,
    PaymentSerializer,
    PurchaseOrderReceiveSerializer,
    PurchaseOrderSerializer,
    payment_data,
)

ERRORS = error_responses()


def moves(serializer_class, body=FinanceNoteSerializer):
    """The schema of a status move: a body (a note by default), the moved object, or an error."""
    return extend_schema(request=body, responses={200: serializer_class, **ERRORS})


def note_move(name, service, serializer_class, **options):
    """A status move with an optional note, answered with the moved object (see detail_action)."""
    return detail_action(name, service, FinanceNoteSerializer, schema=moves(serializer_class), **options)


# --- companies ---------------------------------------------------------------------------------
class CompanyViewSet(TenantServiceViewSet):
    """Vendors, clients, venues and agencies. A Merchant sees only their own company."""

    selector = staticmethod(selectors.companies)
    reread = True
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    create_service = staticmethod(services.create_company)
    update_service = staticmethod(services.update_company)


class ContactViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    selector = staticmethod(selectors.contacts)
    reread = True
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    parent_field = "company"
    create_service = staticmethod(services.save_contact)
    update_service = staticmethod(services.update_contact)
    destroy_service = staticmethod(services.delete_contact)

    @moves(ContactSerializer, MerchantLinkSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Give this contact a Merchant login (null removes it): they then see the company's orders and invoices."""
        return self.act(services.link_merchant, MerchantLinkSerializer)


# --- budgets ----------------------------------------------------------------------------------
class BudgetViewSet(TenantServiceViewSet):
    """Budgets with their lines and totals; variance and production financials as actions."""

    selector = staticmethod(selectors.budgets)
    prefetch = ("lines",)
    reread = True
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter
    create_service = staticmethod(services.create_budget)
    update_service = staticmethod(services.update_budget)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.with_glance(page)

    def service_data(self, data, instance=None):
        if instance is not None:  # the production is set when the budget is created; a PATCH may clear the owner
            data.pop("production", None)
            data["owner_given"] = "owner" in data
        return data

    @moves(BudgetSerializer, BudgetLockSerializer)
    @action(detail=True, methods=["post"], url_path="lock-baseline")
    def lock_baseline(self, request, pk=None):
        """Approve the budget: its working amounts become the locked baseline."""
        return self.act(services.lock_baseline, BudgetLockSerializer)

    @extend_schema(responses={200: BudgetVarianceSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def variance(self, request, pk=None):
        """get_budget_variance: planned, committed, actual, remaining and variance per line and in total."""
        budget = self.get_object()
        return Response(BudgetVarianceSerializer(services.get_budget_variance(budget)).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["get"])
    def financials(self, request, pk=None):
        """get_production_financials of the budget's production: budget, committed, actual, remaining, forecast."""
        budget = self.get_object()
        if budget.production_id is None:
            raise Http404("A workspace budget has no production financials.")
        data = services.get_production_financials(budget.production)
        return Response({"production": budget.production_id, **{k: _plain(data.get(k)) for k in FINANCIALS}})


FINANCIALS = (
    "currency",
    "planned",
    "baseline",
    "committed",
    "actual",
    "remaining",
    "burn_rate",
    "days_elapsed",
    "days_left",
    "forecast_at_completion",
    "forecast_variance",
    "state",
    "variance_percent",
    "revenue_invoiced",
    "revenue_received",
)


def _plain(value):
    return str(value) if value is not None and not isinstance(value, (str, int)) else value


class BudgetLineViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    selector = staticmethod(selectors.budget_lines)
    reread = True
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    parent_field = "budget"
    create_service = staticmethod(services.save_line)
    update_service = staticmethod(services.update_line)
    destroy_service = staticmethod(services.delete_line)


# --- expenses ----------------------------------------------------------------------------------
class ExpenseViewSet(TenantServiceViewSet):
    """Expenses with their receipt (multipart `receipt_upload`); approval by someone else."""

    selector = staticmethod(selectors.expenses)
    reread = True
    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    create_service = staticmethod(services.create_expense)
    update_service = staticmethod(services.update_expense)

    def service_data(self, data, instance=None):
        return ExpenseSerializer.service_data(data)

    approve = note_move("approve", services.approve_expense, ExpenseSerializer)
    reject = note_move("reject", services.reject_expense, ExpenseSerializer)
    reimburse = note_move("reimburse", services.reimburse_expense, ExpenseSerializer)


# --- invoices and payments ------------------------------------------------------------------------
class InvoiceViewSet(TenantServiceViewSet):
    """Invoices from vendors and to clients, with lines and payments."""

    selector = staticmethod(selectors.invoices)
    prefetch = ("lines", "payments")
    reread = True
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    create_service = staticmethod(services.create_invoice)
    update_service = staticmethod(services.update_invoice)

    def service_data(self, data, instance=None):
        return InvoiceSerializer.service_data(data)

    send = note_move(
        "send",
        services.send_invoice,
        InvoiceSerializer,
        doc="Receivable: sent to the client. Payable: entered for payment. Either way it falls due.",
    )
    void = note_move("void", services.void_invoice, InvoiceSerializer)

    @moves(InvoiceSerializer, PaymentInputSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Record a payment in the invoice's currency (partially paid, then paid)."""
        invoice = self.get_object()
        services.record_payment(invoice, actor=request.user, **payment_data(self.body(PaymentInputSerializer)))
        return self.answer(invoice)


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    selector = staticmethod(selectors.payments)
    reread = True
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    create_service = staticmethod(services.record_payment)

    def service_data(self, data, instance=None):
        return {"invoice": data["invoice"], **payment_data(data)}


# --- purchase orders ----------------------------------------------------------------------------
class PurchaseOrderViewSet(TenantServiceViewSet):
    """Purchase orders: a draft, then approval (two approvers above the organization's threshold),
    sent, received, closed. A Merchant sees only their company's."""

    selector = staticmethod(selectors.purchase_orders)
    prefetch = ("lines", "approvals")
    reread = True
    serializer_class = PurchaseOrderSerializer
    filterset_class = PurchaseOrderFilter
    create_service = staticmethod(services.create_purchase_order)
    update_service = staticmethod(services.update_purchase_order)

    def service_data(self, data, instance=None):
        return PurchaseOrderSerializer.service_data(data)

    submit = note_move("submit", services.submit_purchase_order, PurchaseOrderSerializer)
    approve = note_move(
        "approve",
        services.approve_purchase_order,
        PurchaseOrderSerializer,
        doc="One approval; above the threshold the order stays pending until a second, different approver.",
    )
    return_to_draft = note_move(
        "return_to_draft", services.return_purchase_order, PurchaseOrderSerializer, url_path="return"
    )
    send = note_move("send", services.send_purchase_order, PurchaseOrderSerializer)

    @moves(PurchaseOrderSerializer, PurchaseOrderReceiveSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        po = self.get_object()
        body = self.body(PurchaseOrderReceiveSerializer)
        services.receive_purchase_order(po, actor=request.user, quantities=body["lines"], note=body["note"])
        return self.answer(po)

    close = note_move("close", services.close_purchase_order, PurchaseOrderSerializer)
    cancel = note_move("cancel", services.cancel_purchase_order, PurchaseOrderSerializer)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ERRORS[404]})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        from ..pdf import purchase_order_pdf

        po = self.get_object()
        response = HttpResponse(purchase_order_pdf(po), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{po.number}.pdf"'
        return response


# --- requests for quote, bids, agreements --------------------------------------------------------
class RfqViewSet(TenantServiceViewSet):
    """Requests for quote: a draft (free-standing, or `advance` for an approved advance's lines), open
    for the invited companies' bids, then awarded (POST /bids/{id}/award) or closed. A Merchant sees
    the open ones their company is invited to."""

    selector = staticmethod(selectors.rfqs)
    prefetch = ("lines", "invited")
    reread = True
    serializer_class = RfqSerializer
    filterset_class = RfqFilter
    create_service = staticmethod(bid_services.draft_rfq)
    update_service = staticmethod(bid_services.update_rfq)

    def service_data(self, data, instance=None):
        data = RfqSerializer.service_data(data)
        if instance is not None:
            data.pop("advance", None)
        return data

    open = note_move("open", bid_services.open_rfq, RfqSerializer)
    close = note_move("close", bid_services.close_rfq, RfqSerializer)


class BidViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Bids: a price per line of an open request, valid until a date. A Merchant sees and submits
    only their own company's; awarding one drafts the purchase order and declines the others."""

    selector = staticmethod(selectors.bids)
    prefetch = ("lines", "attachments")
    reread = True
    values_lists = False
    serializer_class = BidSerializer
    filterset_class = BidFilter
    parent_field = "rfq"

    def create_service(self, *, actor, rfq, **data):
        return bid_services.submit_bid(rfq, actor=actor, **data)

    def service_data(self, data, instance=None):
        return BidSerializer.service_data(data)

    withdraw = note_move("withdraw", bid_services.withdraw_bid, BidSerializer)

    @moves(BidSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        """Award the request to this bid: its purchase order is drafted (`rfq.purchase_order`)."""
        bid = self.get_object()
        body = self.body(FinanceNoteSerializer)
        bid_services.award_bid(bid, actor=request.user, note=body.get("note", ""))
        return self.answer(bid)


class AgreementViewSet(TenantServiceViewSet):
    """Framework agreements with a vendor: rates for a period. A purchase order citing one (`agreement`)
    takes its rates; an expired one cannot be cited. A Merchant sees their company's."""

    selector = staticmethod(selectors.agreements)
    prefetch = ("rates",)
    reread = True
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    create_service = staticmethod(agreement_services.create_agreement)
    update_service = staticmethod(agreement_services.update_agreement)

    def service_data(self, data, instance=None):
        return AgreementSerializer.service_data(data)


# --- the advance's budget check ------------------------------------------------------------------
class AdvanceBudgetView(APIView):
    """What approving an advance commits, per budget line (GET), and the reviewer's purchasing
    preparation: lines to buy or hire, the exchange rate of another currency (POST)."""

    @extend_schema(responses={200: AdvanceBudgetImpactSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return Response(_impact(services.budget_impact(selectors.advance_to_check(request.user, pk))))

    @extend_schema(request=AdvanceProcurementSerializer, responses={200: AdvanceBudgetImpactSerializer, **ERRORS})
    def post(self, request, pk):
        advance = selectors.advance_to_check(request.user, pk)
        body = AdvanceProcurementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.set_line_procurement(
            advance,
            actor=request.user,
            procurement=body.validated_data.get("lines"),
            exchange_rate=body.validated_data.get("exchange_rate"),
        )
        return Response(_impact(services.budget_impact(advance)))


def _impact(impact):
    if impact.budget is None:
        return {"budget": None, "currency": "", "lines": [], "refused": False, "rate_missing": False}
    return AdvanceBudgetImpactSerializer(impact).data
