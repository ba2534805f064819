"""The vendor-routing API (issue 22), on the same services and visibility as its pages:

- `/api/finance/preferred-vendors/`: the rules (list, read, create, update, delete);
- `GET /api/finance/advances/{id}/routing/`: an approved advance's orders and unrouted lines;
- `POST /api/finance/advances/{id}/routing/reroute/` `{item, vendor}`: move a line to a vendor's draft;
- `POST /api/finance/advances/{id}/routing/confirm/` `{purchase_order}`: send a routed draft for approval."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from advancing.models import CATEGORY_CHOICES, Advance
from dragonfly.core.api import FixedOnUpdate, VisibleRelatedField, error_responses
from dragonfly.core.serializers import VersionField
from dragonfly.core.viewsets import ServiceDestroyMixin, TenantServiceViewSet
from locations.models import Location

from .. import services
from ..errors import FinanceInvalid
from ..forms_routing import PreferredVendorFilter
from ..models import Company, PreferredVendor, PurchaseOrder
from ..services import routing
from .serializers import workspace_field

ERRORS = error_responses()


class PreferredVendorSerializer(FixedOnUpdate, serializers.ModelSerializer):
    workspace = workspace_field()
    vendor = VisibleRelatedField(Company)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    venue = VisibleRelatedField(Location, required=False, allow_null=True)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    priority = serializers.IntegerField(min_value=1, max_value=99, required=False)

    version = VersionField()

    class Meta:
        model = PreferredVendor
        fields = [
            "version",
            "id",
            "workspace",
            "vendor",
            "vendor_name",
            "category",
            "venue",
            "region",
            "priority",
            "active",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    fixed = {"workspace": gettext_lazy("A preferred vendor cannot move to another workspace.")}


class PreferredVendorViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    """Preferred vendors: per catalog category, optionally narrowed to a venue or a region, with a
    priority; approved advance lines to buy or hire are routed to them."""

    selector = staticmethod(
        lambda user: (
            PreferredVendor.objects.visible_to(user)
            .select_related("vendor", "workspace__organization")
            .order_by("category", "priority", "id")
        )
    )
    values_lists = False  # vendor_name reads through a relation
    serializer_class = PreferredVendorSerializer
    filterset_class = PreferredVendorFilter
    create_service = staticmethod(routing.create_preferred_vendor)
    update_service = staticmethod(routing.update_preferred_vendor)
    destroy_service = staticmethod(routing.delete_preferred_vendor)
    reread = True

    def service_data(self, data, instance=None):
        if instance is not None:
            data.pop("workspace", None)
        return data


# --- an advance's routing ------------------------------------------------------------------------
class RoutedLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    advance_item = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    agreement_rate = serializers.BooleanField(help_text="False: priced at the line's estimate (no agreement rate).")


class RoutedOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    vendor = serializers.IntegerField(allow_null=True)
    vendor_name = serializers.CharField(allow_null=True)
    agreement = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = RoutedLineSerializer(many=True)


class UnroutedLineSerializer(serializers.Serializer):
    advance_item = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    procurement = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    purchase_order = serializers.IntegerField(allow_null=True, help_text="The draft without a vendor holding it.")


class RoutingSerializer(serializers.Serializer):
    advance = serializers.IntegerField()
    orders = RoutedOrderSerializer(many=True)
    unrouted = UnroutedLineSerializer(many=True)


class RerouteSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The advance line (AdvanceItem id).")
    vendor = VisibleRelatedField(Company)


class ConfirmSerializer(serializers.Serializer):
    purchase_order = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


def _advance(request, pk):
    advance = get_object_or_404(
        Advance.objects.visible_to(request.user).select_related(
            "workspace__organization", "organization", "production__venue"
        ),
        pk=pk,
    )
    if not request.user.has_perm("finance.view_purchaseorder", advance.workspace):
        raise PermissionDenied(_("Your role does not let you review purchasing here."))
    return advance


def routing_data(advance, user):
    data = routing.advance_routing(advance, user)
    return {
        "advance": advance.pk,
        "orders": [
            {
                "id": po.pk,
                "number": po.number,
                "status": po.status,
                "vendor": po.vendor_id,
                "vendor_name": po.vendor.name if po.vendor_id else None,
                "agreement": po.agreement_id,
                "currency": po.currency,
                "subtotal": po.subtotal,
                "lines": [
                    {
                        "id": li.pk,
                        "advance_item": li.advance_item_id,
                        "description": li.description,
                        "quantity": li.quantity,
                        "unit": li.unit,
                        "unit_price": li.unit_price,
                        "amount": li.amount,
                        "agreement_rate": bool(getattr(li, "agreement_priced", False)),
                    }
                    for li in po.lines.all()
                ],
            }
            for po in data.orders
        ],
        "unrouted": [
            {
                "advance_item": item.pk,
                "name": item.name,
                "category": item.catalog_item.category if item.catalog_item_id else "Other",
                "procurement": item.procurement,
                "quantity": item.quantity_to_fulfil,
                "purchase_order": item.po_line.purchase_order_id if item.po_line else None,
            }
            for item in data.unrouted
        ],
    }


class AdvanceRoutingView(APIView):
    """An approved advance's routed purchase orders (with each line's price source) and its unrouted lines."""

    @extend_schema(responses={200: RoutingSerializer, 403: ERRORS[403], 404: ERRORS[404]})
    def get(self, request, pk):
        return Response(RoutingSerializer(routing_data(_advance(request, pk), request.user)).data)


class AdvanceRerouteView(APIView):
    """Move one line to another vendor's draft order (made when missing; a draft left empty is removed)."""

    @extend_schema(request=RerouteSerializer, responses={200: RoutingSerializer, **ERRORS})
    def post(self, request, pk):
        advance = _advance(request, pk)
        body = RerouteSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        item = advance.items.filter(pk=body.validated_data["item"]).first()
        if item is None:
            raise FinanceInvalid(_("That line is not part of this advance."))
        routing.reroute_item(item, vendor=body.validated_data["vendor"], actor=request.user)
        return Response(RoutingSerializer(routing_data(advance, request.user)).data)


class AdvanceRoutingConfirmView(APIView):
    """Confirm a routed draft: it goes on through the purchase order's own workflow (sent for approval)."""

    @extend_schema(request=ConfirmSerializer, responses={200: RoutingSerializer, **ERRORS})
    def post(self, request, pk):
        advance = _advance(request, pk)
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        po = get_object_or_404(
            PurchaseOrder.objects.visible_to(request.user).filter(advance=advance),
            pk=body.validated_data["purchase_order"],
        )
        services.submit_purchase_order(po, actor=request.user, note=_("Routing confirmed."))
        return Response(RoutingSerializer(routing_data(advance, request.user)).data)
