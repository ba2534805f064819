from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import CalendarDateField, TextField
from dragonfly.tenancy.models import Workspace

from ..models import Listing, Order, Review
from ..services import LISTING_FIELDS
from ..services.orders import MAX_QUANTITY


class ListingSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    seller = serializers.CharField(
        source="workspace.organization.name", read_only=True, help_text=gettext_lazy("The selling organization.")
    )
    description = TextField(required=False, allow_blank=True)
    currency = serializers.CharField(
        max_length=3,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Three letters; empty: the organization's."),
    )
    available_from = CalendarDateField(required=False, allow_null=True)
    available_until = CalendarDateField(required=False, allow_null=True)

    class Meta:
        model = Listing
        fields = ["id", "workspace", "seller", *LISTING_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class OrderSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    listing = VisibleRelatedField(Listing)
    buyer_workspace = VisibleRelatedField(Workspace)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)
    note = TextField(required=False, allow_blank=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "listing",
            "workspace",
            "buyer_workspace",
            "quantity",
            "unit_price",
            "total",
            "currency",
            "status",
            "payment_method",
            "note",
            "invoice",
            "placed_at",
            "created_at",
        ]
        read_only_fields = [
            "workspace",
            "unit_price",
            "total",
            "currency",
            "status",
            "payment_method",
            "invoice",
            "placed_at",
            "created_at",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(source="order_id", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "order", "listing", "rating", "text", "reply", "created_at", "replied_at"]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer):
    note = TextField(required=False, allow_blank=True, default="")


class ReviewBodySerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = TextField(required=False, allow_blank=True, default="")


class ReplySerializer(serializers.Serializer):
    reply = TextField()
