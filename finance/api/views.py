"""The finance API: the same services, filters and visibility as the pages.

Objects are fetched through `visible_to`, so another organization's id is a 404; the services
raise PermissionDenied (403), DomainError (400) and Conflict (409), which the project's
exception handler turns into responses."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from advancing.models import Advance
from dragonfly.core.parsers import FormParser, JSONParser, MultiPartParser

from .. import selectors, services
from ..filters import (
    BudgetFilter,
    BudgetLineFilter,
    CompanyFilter,
    ContactFilter,
    ExpenseFilter,
    InvoiceFilter,
    PaymentFilter,
    PurchaseOrderFilter,
)
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
)

ERRORS = {
    400: OpenApiResponse(description="The body is invalid, or a rule refused it (the detail says which)."),
    403: OpenApiResponse(description="Your role may not do this."),
    404: OpenApiResponse(description="Nothing with this id is visible to you."),
    409: OpenApiResponse(description="The object's status forbids this move; nothing changed."),
}


class Base(viewsets.GenericViewSet):
    lookup_value_converter = "int"

    def _move(self, service, serializer_class=FinanceNoteSerializer, **extra):
        obj = self.get_object()
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        moved = service(obj, actor=self.request.user, **body.validated_data, **extra)
        return Response(self.get_serializer(self.get_queryset().get(pk=moved.pk)).data)


class CreateUpdateMixin(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        return response

    def _reread(self, serializer, obj):
        serializer.instance = self.get_queryset().get(pk=obj.pk)


# --- companies ---------------------------------------------------------------------------------
class CompanyViewSet(CreateUpdateMixin, Base):
    """Vendors, clients, venues and agencies. A Merchant sees only their own company."""

    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def get_queryset(self):
        return selectors.companies(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self._reread(
            serializer, services.create_company(actor=self.request.user, workspace=data.pop("workspace"), **data)
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        self._reread(serializer, services.update_company(serializer.instance, actor=self.request.user, **data))


class ContactViewSet(CreateUpdateMixin, mixins.DestroyModelMixin, Base):
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self):
        return selectors.contacts(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self._reread(serializer, services.save_contact(data.pop("company"), actor=self.request.user, **data))

    def perform_update(self, serializer):
        contact = serializer.instance
        data = {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            **serializer.validated_data,
        }
        data.pop("company", None)
        self._reread(
            serializer, services.save_contact(contact.company, actor=self.request.user, contact=contact, **data)
        )

    def perform_destroy(self, instance):
        services.delete_contact(instance, actor=self.request.user)

    @extend_schema(request=MerchantLinkSerializer, responses={200: ContactSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Give this contact a Merchant login (null removes it): they then see the company's orders and invoices."""
        contact = self.get_object()
        body = MerchantLinkSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        services.link_merchant(contact, actor=request.user, user=body.validated_data["user"])
        return Response(self.get_serializer(self.get_queryset().get(pk=contact.pk)).data)


# --- budgets ----------------------------------------------------------------------------------
class BudgetViewSet(CreateUpdateMixin, Base):
    """Budgets with their lines and totals; variance and production financials as actions."""

    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter

    def get_queryset(self):
        return selectors.budgets(self.request.user).prefetch_related("lines")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.with_glance(page)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        budget = services.create_budget(actor=self.request.user, workspace=data.pop("workspace"), **data)
        self._reread(serializer, budget)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        for key in ("workspace", "production"):
            data.pop(key, None)
        owner_given = "owner" in data
        budget = services.update_budget(serializer.instance, actor=self.request.user, owner_given=owner_given, **data)
        self._reread(serializer, budget)

    @extend_schema(request=BudgetLockSerializer, responses={200: BudgetSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="lock-baseline")
    def lock_baseline(self, request, pk=None):
        """Approve the budget: its working amounts become the locked baseline."""
        return self._move(services.lock_baseline, BudgetLockSerializer)

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
        keys = (
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
        return Response({"production": budget.production_id, **{k: _plain(data.get(k)) for k in keys}})


def _plain(value):
    return str(value) if value is not None and not isinstance(value, (str, int)) else value


class BudgetLineViewSet(CreateUpdateMixin, mixins.DestroyModelMixin, Base):
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter

    def get_queryset(self):
        return selectors.budget_lines(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("position", None)
        self._reread(serializer, services.save_line(data.pop("budget"), actor=self.request.user, **data))

    def perform_update(self, serializer):
        line = serializer.instance
        data = {
            "category": line.category,
            "planned_amount": line.planned_amount,
            "name": line.name,
            "owner": line.owner,
            "notes": line.notes,
            **serializer.validated_data,
        }
        data.pop("budget", None)
        self._reread(serializer, services.save_line(line.budget, actor=self.request.user, line=line, **data))

    def perform_destroy(self, instance):
        services.delete_line(instance, actor=self.request.user)


# --- expenses ----------------------------------------------------------------------------------
class ExpenseViewSet(CreateUpdateMixin, Base):
    """Expenses with their receipt (multipart `receipt_upload`); approval by someone else."""

    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.expenses(self.request.user)

    def perform_create(self, serializer):
        workspace = serializer.validated_data["workspace"]
        kwargs = serializer.service_kwargs()
        kwargs.setdefault("tax", 0)
        self._reread(serializer, services.create_expense(actor=self.request.user, workspace=workspace, **kwargs))

    def perform_update(self, serializer):
        kwargs = serializer.service_kwargs()
        self._reread(serializer, services.update_expense(serializer.instance, actor=self.request.user, **kwargs))

    @extend_schema(request=FinanceNoteSerializer, responses={200: ExpenseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(services.approve_expense)

    @extend_schema(request=FinanceNoteSerializer, responses={200: ExpenseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._move(services.reject_expense)

    @extend_schema(request=FinanceNoteSerializer, responses={200: ExpenseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reimburse(self, request, pk=None):
        return self._move(services.reimburse_expense)


# --- invoices and payments ------------------------------------------------------------------------
class InvoiceViewSet(CreateUpdateMixin, Base):
    """Invoices from vendors and to clients, with lines and payments."""

    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter

    def get_queryset(self):
        return selectors.invoices(self.request.user).prefetch_related("lines", "payments")

    def perform_create(self, serializer):
        workspace = serializer.validated_data["workspace"]
        invoice = services.create_invoice(actor=self.request.user, workspace=workspace, **serializer.service_kwargs())
        self._reread(serializer, invoice)

    def perform_update(self, serializer):
        invoice = services.update_invoice(serializer.instance, actor=self.request.user, **serializer.service_kwargs())
        self._reread(serializer, invoice)

    @extend_schema(request=FinanceNoteSerializer, responses={200: InvoiceSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Receivable: sent to the client. Payable: entered for payment. Either way it falls due."""
        return self._move(services.send_invoice)

    @extend_schema(request=FinanceNoteSerializer, responses={200: InvoiceSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        return self._move(services.void_invoice)

    @extend_schema(request=PaymentInputSerializer, responses={200: InvoiceSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Record a payment in the invoice's currency (partially paid, then paid)."""
        invoice = self.get_object()
        body = PaymentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.record_payment(
            invoice,
            actor=request.user,
            amount_paid=data["amount"],
            paid_on=data.get("paid_on"),
            method=data["method"],
            reference=data["reference"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=invoice.pk)).data)


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter

    def get_queryset(self):
        return selectors.payments(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        payment = services.record_payment(
            data["invoice"],
            actor=self.request.user,
            amount_paid=data["amount"],
            paid_on=data.get("paid_on"),
            method=data.get("method") or "bank_transfer",
            reference=data.get("reference", ""),
        )
        serializer.instance = self.get_queryset().get(pk=payment.pk)


# --- purchase orders ----------------------------------------------------------------------------
class PurchaseOrderViewSet(CreateUpdateMixin, Base):
    """Purchase orders: a draft, then approval (two approvers above the organization's threshold),
    sent, received, closed. A Merchant sees only their company's."""

    serializer_class = PurchaseOrderSerializer
    filterset_class = PurchaseOrderFilter

    def get_queryset(self):
        return selectors.purchase_orders(self.request.user).prefetch_related("lines", "approvals")

    def perform_create(self, serializer):
        workspace = serializer.validated_data["workspace"]
        po = services.create_purchase_order(actor=self.request.user, workspace=workspace, **serializer.service_kwargs())
        self._reread(serializer, po)

    def perform_update(self, serializer):
        po = services.update_purchase_order(serializer.instance, actor=self.request.user, **serializer.service_kwargs())
        self._reread(serializer, po)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(services.submit_purchase_order)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """One approval; above the threshold the order stays pending until a second, different approver."""
        return self._move(services.approve_purchase_order)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_draft(self, request, pk=None):
        return self._move(services.return_purchase_order)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._move(services.send_purchase_order)

    @extend_schema(request=PurchaseOrderReceiveSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        po = self.get_object()
        body = PurchaseOrderReceiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.receive_purchase_order(
            po, actor=request.user, quantities=body.validated_data["lines"], note=body.validated_data["note"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=po.pk)).data)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(services.close_purchase_order)

    @extend_schema(request=FinanceNoteSerializer, responses={200: PurchaseOrderSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._move(services.cancel_purchase_order)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ERRORS[404]})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        from ..pdf import purchase_order_pdf

        po = self.get_object()
        response = HttpResponse(purchase_order_pdf(po), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{po.number}.pdf"'
        return response


# --- the advance's budget check ------------------------------------------------------------------
REVIEW_PERMS = ("advancing.review_advance", "advancing.approve_advance")


class AdvanceBudgetView(APIView):
    """What approving an advance commits, per budget line (GET), and the reviewer's purchasing
    preparation: lines to buy or hire, the exchange rate of another currency (POST)."""

    def _advance(self, request, pk):
        advance = get_object_or_404(
            Advance.objects.visible_to(request.user).select_related(
                "workspace__organization", "organization", "production"
            ),
            pk=pk,
        )
        if not any(request.user.has_perm(p, advance) for p in REVIEW_PERMS):
            raise Http404("No advance with this id is visible to you.")
        return advance

    @extend_schema(responses={200: AdvanceBudgetImpactSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return Response(_impact(services.budget_impact(self._advance(request, pk))))

    @extend_schema(request=AdvanceProcurementSerializer, responses={200: AdvanceBudgetImpactSerializer, **ERRORS})
    def post(self, request, pk):
        advance = self._advance(request, pk)
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
