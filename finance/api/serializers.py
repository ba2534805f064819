"""The finance API's shapes. Reads show what the pages show; writes are parsed here and handed
to the same services the pages call (ids are looked up among what the user may see)."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from advancing.models import CatalogItem
from dragonfly.core.api import ColleagueField, FixedOnUpdate, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Workspace
from people.models import Person
from productions.models import Production

from ..models import (
    Agreement,
    Budget,
    BudgetLine,
    Company,
    Contact,
    Expense,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentMethod,
    PurchaseOrder,
    PurchaseOrderApproval,
    PurchaseOrderLine,
)
from ..models.budgets import BUDGET_CATEGORY_CHOICES
from ..money import TAX_RATE_FIELD
from ..services.companies import FIELDS as COMPANY_FIELDS

User = get_user_model()
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
RATE = {"max_digits": 14, "decimal_places": 6, "min_value": Decimal("0.000001"), "required": False, "allow_null": True}
CURRENCY = {
    "regex": r"^[A-Z]{3}$",
    "required": False,
    "allow_blank": True,
    "help_text": "Three letters; empty means the organization's currency.",
}


STAMPS = ("created_at", "updated_at")
TOTALS = ("subtotal", "tax_amount", "total")  # computed from the lines
DECISION = ("status", "submitted_by", "decided_by", "decided_at", "decision_note", "reimbursed_at")  # an expense's
PO_MOVED = ("submitted_at", "approved_at", "sent_at", "closed_at")  # when the order moved


def workspace_field():
    return VisibleRelatedField(Workspace, select_related=("organization",))


# --- companies --------------------------------------------------------------------------------
class ContactSerializer(serializers.ModelSerializer):
    company = VisibleRelatedField(Company)
    user = serializers.IntegerField(
        source="user_id",
        read_only=True,
        allow_null=True,
        help_text="The Merchant login of this contact (set with POST …/link).",
    )

    version = VersionField()

    class Meta:
        model = Contact
        fields = ["version", "id", "company", "name", "role", "email", "phone", "user", "created_at"]
        read_only_fields = ["created_at"]


class CompanySerializer(FixedOnUpdate, serializers.ModelSerializer):
    workspace = workspace_field()
    preferred_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=BUDGET_CATEGORY_CHOICES), required=False
    )
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    payment_terms_days = serializers.IntegerField(min_value=0, max_value=365, required=False)

    version = VersionField()

    class Meta:
        model = Company
        fields = ["version", "id", "workspace", *COMPANY_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    fixed = {"workspace": gettext_lazy("A company cannot move to another workspace.")}


class MerchantLinkSerializer(serializers.Serializer):
    user = ColleagueField(
        queryset=User.objects.none(),
        allow_null=True,
        help_text="A Merchant of the company's workspace; null removes the login.",
    )


# --- budgets ---------------------------------------------------------------------------------
class BudgetFiguresSerializer(serializers.Serializer):
    planned = serializers.DecimalField(max_digits=16, decimal_places=2)
    baseline = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual = serializers.DecimalField(max_digits=16, decimal_places=2)
    spent = serializers.DecimalField(max_digits=16, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=2)
    variance = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="committed + actual − planned: positive is over budget."
    )
    variance_percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    used_percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    state = serializers.ChoiceField(choices=["ok", "amber", "red"])


class BudgetLineSerializer(FixedOnUpdate, serializers.ModelSerializer):
    budget = VisibleRelatedField(Budget)
    owner = ColleagueField(queryset=User.objects.none(), required=False, allow_null=True)
    planned_amount = serializers.DecimalField(**MONEY)

    version = VersionField()

    class Meta:
        model = BudgetLine
        fields = [
            "version",
            "id",
            "budget",
            "category",
            "name",
            "planned_amount",
            "baseline_amount",
            "owner",
            "notes",
            "position",
        ]
        read_only_fields = ["baseline_amount", "position"]

    fixed = {"budget": gettext_lazy("A line cannot move to another budget.")}


class BudgetSerializer(FixedOnUpdate, serializers.ModelSerializer):
    workspace = workspace_field()
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    owner = ColleagueField(queryset=User.objects.none(), required=False, allow_null=True)
    lines = BudgetLineSerializer(many=True, read_only=True)
    totals = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = Budget
        fields = [
            "id",
            "version",
            "workspace",
            "production",
            "name",
            "owner",
            "currency",
            "notes",
            "baseline_locked_at",
            "baseline_locked_by",
            "lines",
            "totals",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["currency", "baseline_locked_at", "baseline_locked_by", "created_at", "updated_at"]
        extra_kwargs = {"name": {"required": False}}

    def get_totals(self, budget) -> dict:
        if not hasattr(budget, "figures"):  # lists get theirs in one query for the page
            from ..selectors import with_glance

            with_glance([budget])
        return BudgetFiguresSerializer(budget.figures.as_dict()).data

    fixed = {
        "workspace": gettext_lazy("Set when the budget is created."),
        "production": gettext_lazy("Set when the budget is created."),
    }


class BudgetLineVarianceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    category = serializers.CharField()
    name = serializers.CharField(source="label")
    figures = BudgetFiguresSerializer(source="figures.as_dict")


class BudgetVarianceSerializer(serializers.Serializer):
    budget = serializers.IntegerField(source="budget.pk")
    currency = serializers.CharField()
    lines = BudgetLineVarianceSerializer(many=True)
    totals = BudgetFiguresSerializer(source="totals.as_dict")


class BudgetLockSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FinanceNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- expenses -------------------------------------------------------------------------------
class ExpenseSerializer(serializers.ModelSerializer):
    workspace = workspace_field()
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    budget_line = VisibleRelatedField(BudgetLine, required=False, allow_null=True, select_related=("budget",))
    spent_by = ColleagueField(queryset=User.objects.none())
    amount = serializers.DecimalField(**MONEY, help_text="Net of tax, in `currency`.")
    tax = serializers.DecimalField(**MONEY, required=False)
    currency = serializers.RegexField(**CURRENCY)
    exchange_rate = serializers.DecimalField(**RATE)
    receipt = serializers.SerializerMethodField()
    receipt_upload = serializers.FileField(write_only=True, required=False, help_text="PDF or image, up to 10 MB.")

    version = VersionField()

    class Meta:
        model = Expense
        fields = [
            "id",
            "version",
            "workspace",
            "production",
            "budget_line",
            "category",
            "spent_by",
            "spent_on",
            "description",
            "merchant_name",
            "amount",
            "tax",
            "currency",
            "exchange_rate",
            "base_amount",
            "receipt",
            "receipt_upload",
            *DECISION,
            *STAMPS,
        ]
        read_only_fields = ["base_amount", *DECISION, *STAMPS]

    def get_receipt(self, expense) -> str | None:
        from django.urls import reverse

        return reverse("files:private", args=[expense.receipt_id]) if expense.receipt_id else None

    @staticmethod
    def service_data(data):
        """The validated fields under the services' names (`amount_net`, `receipt`)."""
        kwargs = {"receipt": data.pop("receipt_upload", None)}
        renames = {"amount": "amount_net"}
        for key, value in data.items():
            kwargs[renames.get(key, key)] = value
        if "tax" in kwargs and kwargs["tax"] is None:
            kwargs["tax"] = 0
        return kwargs


# --- invoices -----------------------------------------------------------------------------------
class InvoiceLineSerializer(serializers.ModelSerializer):
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False)
    unit_price = serializers.DecimalField(**MONEY)
    tax_rate = serializers.DecimalField(required=False, **TAX_RATE_FIELD)
    purchase_order_line = serializers.IntegerField(source="purchase_order_line_id", required=False, allow_null=True)

    class Meta:
        model = InvoiceLine
        fields = [
            "id",
            "description",
            "quantity",
            "unit_price",
            "tax_rate",
            "amount",
            "tax",
            "purchase_order_line",
            "time_entry",
        ]
        read_only_fields = ["amount", "tax", "time_entry"]


class PaymentSerializer(serializers.ModelSerializer):
    invoice = VisibleRelatedField(Invoice)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = serializers.DateField(required=False)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False)

    class Meta:
        model = Payment
        fields = ["id", "invoice", "amount", "paid_on", "method", "reference", "refunded", "recorded_by", "created_at"]
        read_only_fields = ["refunded", "recorded_by", "created_at"]


class InvoiceSerializer(serializers.ModelSerializer):
    workspace = workspace_field()
    company = VisibleRelatedField(Company, required=False, allow_null=True)
    payee = VisibleRelatedField(
        Person,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A freelancer's crew record: their invoice (payable) instead of a company's."),
    )
    payee_name = serializers.CharField(source="party_name", read_only=True)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    purchase_order = VisibleRelatedField(PurchaseOrder, required=False, allow_null=True)
    budget_line = VisibleRelatedField(BudgetLine, required=False, allow_null=True, select_related=("budget",))
    currency = serializers.RegexField(**CURRENCY)
    exchange_rate = serializers.DecimalField(**RATE)
    issue_date = serializers.DateField(required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    lines = InvoiceLineSerializer(many=True, required=False)
    payments = PaymentSerializer(many=True, read_only=True)
    number = serializers.CharField(max_length=60, required=False, allow_blank=True)

    version = VersionField()

    class Meta:
        model = Invoice
        fields = [
            "version",
            "id",
            "workspace",
            "direction",
            "company",
            "payee",
            "payee_name",
            "number",
            "production",
            "purchase_order",
            "budget_line",
            "issue_date",
            "due_date",
            "currency",
            "exchange_rate",
            *TOTALS,
            "amount_paid",
            "status",
            "notes",
            "lines",
            "payments",
            "sent_at",
            "paid_at",
            *STAMPS,
        ]
        read_only_fields = [*TOTALS, "amount_paid", "status", "sent_at", "paid_at", *STAMPS]
        # A company's or a freelancer's number is unique: the service says so (the unique constraints'
        # generated validators would make `company` and `payee` both required).
        validators: list = []

    @staticmethod
    def service_data(data):
        """The validated fields, each line as the services read it."""
        if "lines" in data:
            data["lines"] = [
                {
                    "description": li["description"],
                    "quantity": li.get("quantity"),
                    "unit_price": li["unit_price"],
                    "tax_rate": li.get("tax_rate"),
                    "purchase_order_line": li.get("purchase_order_line_id"),
                }
                for li in data["lines"]
            ]
        return data


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = serializers.DateField(required=False)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False, default=PaymentMethod.BANK_TRANSFER)
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


def payment_data(data):
    """A payment's fields under record_payment's names."""
    return {
        "amount_paid": data["amount"],
        "paid_on": data.get("paid_on"),
        "method": data.get("method") or PaymentMethod.BANK_TRANSFER,
        "reference": data.get("reference", ""),
    }


# --- purchase orders ----------------------------------------------------------------------------
class PurchaseOrderLineSerializer(serializers.ModelSerializer):
    catalog_item = serializers.PrimaryKeyRelatedField(
        queryset=CatalogItem.objects.filter(enabled=True), required=False, allow_null=True
    )
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit_price = serializers.DecimalField(**MONEY, required=False)
    tax_rate = serializers.DecimalField(required=False, **TAX_RATE_FIELD)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    advance_item = serializers.IntegerField(source="advance_item_id", read_only=True, allow_null=True)

    class Meta:
        model = PurchaseOrderLine
        fields = [
            "id",
            "catalog_item",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "tax_rate",
            "amount",
            "tax",
            "quantity_received",
            "advance_item",
        ]
        read_only_fields = ["amount", "tax", "quantity_received"]


class PurchaseOrderApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurchaseOrderApproval
        fields = ["approver", "note", "approved_at"]


class PurchaseOrderSerializer(serializers.ModelSerializer):
    workspace = workspace_field()
    vendor = VisibleRelatedField(Company, required=False, allow_null=True)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    budget_line = VisibleRelatedField(BudgetLine, required=False, allow_null=True, select_related=("budget",))
    agreement = VisibleRelatedField(
        Agreement, required=False, allow_null=True, help_text="A framework agreement: its rates price the lines."
    )
    currency = serializers.RegexField(**CURRENCY)
    exchange_rate = serializers.DecimalField(**RATE)
    lines = PurchaseOrderLineSerializer(many=True, required=False)
    approvals = PurchaseOrderApprovalSerializer(many=True, read_only=True)
    allowed_moves = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = PurchaseOrder
        fields = [
            "id",
            "version",
            "number",
            "workspace",
            "production",
            "vendor",
            "budget_line",
            "agreement",
            "advance",
            "status",
            "currency",
            "exchange_rate",
            *TOTALS,
            "approvals_required",
            "approvals",
            "allowed_moves",
            "expected_on",
            "delivery_address",
            "terms",
            "notes",
            "lines",
            "created_by",
            *PO_MOVED,
            *STAMPS,
        ]
        read_only_fields = [
            "number",
            "advance",
            "status",
            *TOTALS,
            "approvals_required",
            "created_by",
            *PO_MOVED,
            *STAMPS,
        ]

    def get_allowed_moves(self, po) -> list[str]:
        return sorted(po.allowed_moves())

    @staticmethod
    def service_data(data):
        if "lines" in data:
            data["lines"] = [dict(li) for li in data["lines"]]
        return data


class PurchaseOrderReceiveSerializer(serializers.Serializer):
    lines = serializers.DictField(
        child=serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0")),
        help_text="{line id: the line's new running total received}.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AdvanceBudgetImpactLineSerializer(serializers.Serializer):
    category = serializers.CharField()
    line = serializers.IntegerField(source="line.pk", allow_null=True, default=None)
    label = serializers.CharField()
    planned = serializers.DecimalField(source="figures.planned", max_digits=16, decimal_places=2)
    remaining = serializers.DecimalField(source="figures.remaining", max_digits=16, decimal_places=2)
    adds = serializers.DecimalField(max_digits=16, decimal_places=2)
    remaining_after = serializers.DecimalField(max_digits=16, decimal_places=2)
    goes_over = serializers.BooleanField()


class AdvanceBudgetImpactSerializer(serializers.Serializer):
    budget = serializers.IntegerField(source="budget.pk", allow_null=True, default=None)
    currency = serializers.CharField()
    lines = AdvanceBudgetImpactLineSerializer(many=True)
    refused = serializers.BooleanField()
    rate_missing = serializers.BooleanField()


class AdvanceProcurementSerializer(serializers.Serializer):
    lines = serializers.DictField(
        child=serializers.ChoiceField(choices=["", "buy", "hire"]),
        required=False,
        help_text='{advance item id: "buy" | "hire" | ""}',
    )
    exchange_rate = serializers.DecimalField(**RATE)
