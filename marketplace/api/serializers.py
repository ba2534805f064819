from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import CalendarDateField, TextField, VersionField
from dragonfly.tenancy.models import Workspace
from finance.models import InvoiceStatus

from ..models import Listing, ListingPhoto, Order, Review
from ..services import LISTING_FIELDS, MAX_PHOTOS
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

    version = VersionField()

    class Meta:
        model = Listing
        fields = ["version", "id", "workspace", "seller", *LISTING_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ListingPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=gettext_lazy("Where the picture is served (to whoever sees the listing).")
    )
    name = serializers.CharField(source="image.original_name", read_only=True)
    type = serializers.CharField(source="image.content_type_detected", read_only=True)
    size = serializers.IntegerField(source="image.size", read_only=True)

    class Meta:
        model = ListingPhoto
        fields = ["id", "listing", "position", "url", "name", "type", "size", "created_at"]
        read_only_fields = fields

    def get_url(self, photo: ListingPhoto) -> str:
        return reverse("marketplace:photo", args=[photo.listing_id, photo.pk])


class PhotoOrderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=MAX_PHOTOS,
        help_text=gettext_lazy("Every photo id of the listing once, first (the thumbnail) to last."),
    )


class PhotoUploadSerializer(serializers.Serializer):
    photo = serializers.FileField(help_text=gettext_lazy("A JPEG, PNG, GIF or WebP picture, at most 10 MB."))


def _paid_at(row):
    return row["invoice__paid_at"] if row["invoice__status"] == InvoiceStatus.PAID else None


class OrderSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    listing = VisibleRelatedField(Listing)
    buyer_workspace = VisibleRelatedField(Workspace)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)
    note = TextField(required=False, allow_blank=True)
    # Read off its invoice: paid in full (by card or by hand); null again after a refund.
    paid_at = serializers.DateTimeField(read_only=True, allow_null=True)
    paid = serializers.BooleanField(source="is_paid", read_only=True)
    # The API list reads columns (dragonfly/core/values_lists.py): the same answer from the invoice's.
    values_computed = {
        "paid_at": (("invoice__status", "invoice__paid_at"), _paid_at),
        "paid": (("invoice__status", "invoice__paid_at"), lambda row: _paid_at(row) is not None),
    }

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
            "paid",
            "paid_at",
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
