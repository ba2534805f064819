"""The stock in the review API (issue 22): each mapped line's availability in the review detail,
`take_free_stock` on approval, and "hire the rest" (POST /api/advances/{id}/hire-the-rest)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..stock import may_see_stock, stock_for_advance
from .serializers import AdvanceDetailSerializer, ApproveSerializer


class StockClashSerializer(serializers.Serializer):
    reservation_id = serializers.IntegerField(allow_null=True, help_text="Null when you may not see it.")
    label = serializers.CharField(help_text="Empty when you may not see it.")
    assets = serializers.IntegerField()


class StockLineSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    asset_category = serializers.CharField()
    assets_per_unit = serializers.IntegerField()
    needed = serializers.IntegerField(help_text="Assets the line takes.")
    free = serializers.IntegerField(help_text="Assets free on the dates (after the lines above took theirs).")
    reserved = serializers.IntegerField(help_text="Assets reserved for it at approval.")
    short = serializers.IntegerField(help_text="Assets missing.")
    state = serializers.ChoiceField(choices=["free", "short", "clash", "reserved"])
    hire_quantity = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Line units that hire-the-rest would move to a hire line."
    )
    clashes = StockClashSerializer(many=True)


class StockSerializer(serializers.Serializer):
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    lines = StockLineSerializer(many=True)


class ReviewDetailSerializer(AdvanceDetailSerializer):
    """The advance for its reviewer, with what the organization's stock says about each mapped line."""

    stock = serializers.SerializerMethodField()

    class Meta(AdvanceDetailSerializer.Meta):
        fields = [*AdvanceDetailSerializer.Meta.fields, "stock"]
        read_only_fields = fields

    @extend_schema_field(StockSerializer(allow_null=True))
    def get_stock(self, advance):
        user = self.context["request"].user
        if not may_see_stock(user, advance):
            return None
        return StockSerializer(stock_for_advance(advance, user).as_dict()).data


class StockApproveSerializer(ApproveSerializer):
    take_free_stock = serializers.BooleanField(
        required=False,
        default=False,
        help_text="When the stock is short, approve anyway and reserve only what is free (else 409).",
    )


class HireTheRestSerializer(serializers.Serializer):
    item_id = serializers.IntegerField(help_text="The line whose shortfall becomes a hire line.")
