"""The API's shapes of requests for quote, bids and vendor agreements. Writes are parsed here and
handed to the services the pages call (ids are looked up among what the user may see)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from advancing.models import Advance, CatalogItem
from dragonfly.core.api import FixedOnUpdate, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from productions.models import Production

from ..models import Agreement, AgreementRate, Bid, BidLine, Company, RequestForQuote, RfqLine
from .serializers import MONEY, STAMPS, workspace_field

CATALOG = {"queryset": CatalogItem.objects.filter(enabled=True), "required": False, "allow_null": True}


class RfqLineSerializer(serializers.ModelSerializer):
    catalog_item = serializers.PrimaryKeyRelatedField(**CATALOG)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    advance_item = serializers.IntegerField(source="advance_item_id", read_only=True, allow_null=True)

    class Meta:
        model = RfqLine
        fields = ["id", "catalog_item", "description", "quantity", "unit", "advance_item"]


class RfqSerializer(FixedOnUpdate, serializers.ModelSerializer):
    workspace = workspace_field()
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    advance = VisibleRelatedField(
        Advance,
        required=False,
        allow_null=True,
        help_text="An approved advance: its lines become the request's (then leave `lines` out).",
    )
    invited = VisibleRelatedField(Company, many=True, required=False)
    lines = RfqLineSerializer(many=True, required=False)
    bid_count = serializers.IntegerField(read_only=True, default=0)
    allowed_moves = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = RequestForQuote
        fields = [
            "version",
            "id",
            "workspace",
            "title",
            "description",
            "production",
            "advance",
            "currency",
            "respond_by",
            "status",
            "allowed_moves",
            "invited",
            "lines",
            "bid_count",
            "purchase_order",
            "opened_at",
            "decided_at",
            *STAMPS,
        ]
        read_only_fields = ["currency", "status", "purchase_order", "opened_at", "decided_at", *STAMPS]

    fixed = {
        "workspace": gettext_lazy("A request for quote cannot move to another workspace."),
        "advance": gettext_lazy("A request's advance is set when it is created."),
    }

    def get_allowed_moves(self, rfq) -> list[str]:
        return sorted(rfq.allowed_moves())

    @staticmethod
    def service_data(data):
        if "lines" in data:
            data["lines"] = [dict(li) for li in data["lines"]]
        return data


class BidLineSerializer(serializers.ModelSerializer):
    rfq_line = serializers.IntegerField(source="rfq_line_id", help_text="A line of the request.")
    unit_price = serializers.DecimalField(**MONEY)

    class Meta:
        model = BidLine
        fields = ["rfq_line", "unit_price", "amount"]
        read_only_fields = ["amount"]


class BidSerializer(serializers.ModelSerializer):
    rfq = VisibleRelatedField(RequestForQuote, perm="finance.add_bid")
    company = VisibleRelatedField(
        Company,
        required=False,
        allow_null=True,
        help_text="The invited company that bids (a Merchant always bids for their own: leave it out).",
    )
    lines = BidLineSerializer(many=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = [
            "id",
            "rfq",
            "company",
            "status",
            "valid_until",
            "notes",
            "total",
            "lines",
            "documents",
            "submitted_by",
            "decided_at",
            *STAMPS,
        ]
        read_only_fields = ["status", "total", "submitted_by", "decided_at", *STAMPS]
        validators = []  # one live bid per company: the service says so (409), whoever bids

    def get_documents(self, bid) -> list[str]:
        return [str(a.pk) for a in bid.attachments.all()]

    @staticmethod
    def service_data(data):
        data["lines"] = [{"rfq_line": li["rfq_line_id"], "unit_price": li["unit_price"]} for li in data["lines"]]
        data["notes"] = data.get("notes", "")
        return data


class AgreementRateSerializer(serializers.ModelSerializer):
    catalog_item = serializers.PrimaryKeyRelatedField(**CATALOG)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    unit_price = serializers.DecimalField(**MONEY)

    class Meta:
        model = AgreementRate
        fields = ["id", "catalog_item", "description", "unit", "unit_price"]


class AgreementSerializer(FixedOnUpdate, serializers.ModelSerializer):
    workspace = workspace_field()
    vendor = VisibleRelatedField(Company)
    rates = AgreementRateSerializer(many=True, required=False)
    remind_days = serializers.IntegerField(min_value=0, max_value=365, required=False)

    version = VersionField()

    class Meta:
        model = Agreement
        fields = [
            "version",
            "id",
            "workspace",
            "vendor",
            "title",
            "reference",
            "currency",
            "valid_from",
            "valid_to",
            "remind_days",
            "notes",
            "rates",
            "signed_document",
            *STAMPS,
        ]
        read_only_fields = ["currency", "signed_document", *STAMPS]

    fixed = {"workspace": gettext_lazy("An agreement cannot move to another workspace.")}

    @staticmethod
    def service_data(data):
        if "rates" in data:
            data["rates"] = [dict(r) for r in data["rates"]]
        return data
