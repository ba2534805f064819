"""Forms of the finance pages: they parse input; the services decide the rules.

Every choice (production, vendor, budget line, person) is narrowed to the workspace and to
what the user may see, so a form cannot point at another organization's rows."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.forms import narrow_choices
from dragonfly.core.pages import initial_from
from dragonfly.tenancy.access import display_name, workspace_people
from dragonfly.tenancy.models import Membership, active_q
from dragonfly.tenancy.roles import Role
from people.models import PERSONAL_DATA_PERM, Person
from productions.models import Production

from .models import (
    Agreement,
    BudgetLine,
    Company,
    CompanyKind,
    InvoiceDirection,
    OverBudgetPolicy,
    PaymentMethod,
    PurchaseOrder,
)
from .models.budgets import BUDGET_CATEGORY_CHOICES
from .money import TAX_RATE_FIELD

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
RATE = {"max_digits": 14, "decimal_places": 6, "min_value": Decimal("0.000001"), "required": False}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.budget.name} · {obj.label}"


def merchants_of(workspace):
    """The workspace's people who hold the Merchant role there: who may be linked to a company."""
    merchants = (
        Membership.objects.filter(active_q(), role=Role.MERCHANT, organization_id=workspace.organization_id)
        .filter(Q(workspace=workspace) | Q(workspace__isnull=True))
        .values("user_id")
    )
    return workspace_people(workspace).filter(pk__in=merchants)


def _productions(user, workspace):
    return Production.objects.visible_to(user).in_workspace(workspace).order_by("name")


def _lines(user, workspace):
    return (
        BudgetLine.objects.visible_to(user)
        .filter(budget__workspace=workspace)
        .select_related("budget")
        .order_by("budget__name", "position", "id")
    )


def _vendors(user, workspace):
    return Company.objects.visible_to(user).filter(workspace=workspace, active=True).order_by("name")


class CurrencyMixin(forms.Form):
    currency = forms.RegexField(
        r"^[A-Za-z]{3}$",
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Empty: the organization's currency."),
    )
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate"), **RATE, help_text=_("Only for another currency: organization currency per unit.")
    )

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()


# --- budgets --------------------------------------------------------------------------------
class BudgetForm(forms.Form):
    production = forms.ModelChoiceField(
        label=_("Production"),
        queryset=Production.objects.none(),
        required=False,
        empty_label=_("— The workspace itself —"),
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Empty: named after the production.")
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        empty_label=_("— Nobody —"),
        help_text=_("Hears when a line passes 80 % and 100 %."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, workspace, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = _productions(user, workspace).filter(budget__isnull=True)
        self.fields["owner"].queryset = workspace_people(workspace)
        if editing:
            del self.fields["production"]
        narrow_choices(self, user=user, workspace=workspace)


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=BUDGET_CATEGORY_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=200, required=False, help_text=_("Empty: the category's name."))
    planned_amount = forms.DecimalField(label=_("Planned"), **MONEY)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=_("— Budget owner —"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = workspace_people(workspace)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- expenses -------------------------------------------------------------------------------
class ExpenseForm(CurrencyMixin):
    spent_by = PersonChoiceField(queryset=None, label=_("Who spent it"))
    spent_on = forms.DateField(widget=DateInput, label=_("Date"))
    description = forms.CharField(label=_("Description"), max_length=300)
    merchant_name = forms.CharField(max_length=200, required=False, label=_("Paid to"))
    category = forms.ChoiceField(label=_("Category"), choices=BUDGET_CATEGORY_CHOICES)
    production = forms.ModelChoiceField(
        label=_("Production"), queryset=Production.objects.none(), required=False, empty_label=_("— No production —")
    )
    budget_line = LineChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        empty_label=_("— By category, at approval —"),
    )
    amount_net = forms.DecimalField(label=_("Amount (net)"), **MONEY)
    tax = forms.DecimalField(label=_("Tax"), required=False, initial=Decimal("0"), **MONEY)
    receipt = forms.FileField(label=_("Receipt"), required=False, help_text=_("PDF or photo, up to 10 MB."))
    field_order = [
        "spent_by",
        "spent_on",
        "description",
        "merchant_name",
        "category",
        "production",
        "budget_line",
        "amount_net",
        "tax",
        "currency",
        "exchange_rate",
        "receipt",
    ]

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spent_by"].queryset = workspace_people(workspace)
        self.fields["production"].queryset = _productions(user, workspace)
        self.fields["budget_line"].queryset = _lines(user, workspace)
        narrow_choices(self, user=user, workspace=workspace)


# --- invoices ---------------------------------------------------------------------------------
class InvoiceForm(CurrencyMixin):
    direction = forms.ChoiceField(label=_("Direction"), choices=InvoiceDirection.choices)
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), required=False, empty_label=_("— A freelancer —")
    )
    payee = forms.ModelChoiceField(
        label=_("Freelancer"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— A company —"),
        help_text=_("A freelancer's invoice (from a vendor) names them instead of a company."),
    )
    number = forms.CharField(
        label=_("Number"),
        max_length=60,
        required=False,
        help_text=_("The vendor's number; empty for a client invoice numbers it for you."),
    )
    issue_date = forms.DateField(label=_("Issue date"), widget=DateInput)
    due_date = forms.DateField(
        label=_("Due date"), widget=DateInput, required=False, help_text=_("Empty: from the company's terms.")
    )
    production = forms.ModelChoiceField(
        label=_("Production"), queryset=Production.objects.none(), required=False, empty_label=_("— No production —")
    )
    purchase_order = forms.ModelChoiceField(
        label=_("Purchase order"),
        queryset=PurchaseOrder.objects.none(),
        required=False,
        empty_label=_("— No purchase order —"),
    )
    budget_line = LineChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        empty_label=_("— The order's line —"),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = [
        "direction",
        "company",
        "payee",
        "number",
        "issue_date",
        "due_date",
        "production",
        "purchase_order",
        "budget_line",
        "currency",
        "exchange_rate",
        "notes",
    ]

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.visible_to(user).filter(workspace=workspace).order_by("name")
        # Their invoice shows their rate: only crew records whose personal data the user reads.
        self.fields["payee"].queryset = Person.objects.visible_to(user, PERSONAL_DATA_PERM).filter(workspace=workspace)
        self.fields["production"].queryset = _productions(user, workspace)
        self.fields["purchase_order"].queryset = (
            PurchaseOrder.objects.visible_to(user)
            .filter(workspace=workspace)
            .select_related("vendor")
            .order_by("-created_at")
        )
        self.fields["budget_line"].queryset = _lines(user, workspace)
        narrow_choices(self, user=user, workspace=workspace)


class PricedLineForm(forms.Form):
    """A line of an invoice or a purchase order: what, how many, at what price and tax."""

    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"), initial=1
    )
    unit_price = forms.DecimalField(label=_("Unit price"), **MONEY)
    tax_rate = forms.DecimalField(label=_("Tax %"), required=False, initial=0, **TAX_RATE_FIELD)


class LineFormSet(forms.BaseFormSet):
    """The lines typed on a page; `lines()` are the filled-in ones that were not deleted, as the
    services take them, `initial_of(objects)` the lines of a saved document."""

    keys = ()

    def lines(self):
        return [
            {key: form.cleaned_data.get(key) for key in self.keys}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("description")
        ]

    @classmethod
    def initial_of(cls, objects):
        return [initial_from(obj, cls.keys) for obj in objects]


def line_formset(form, keys):
    return forms.formset_factory(
        form,
        formset=type("Lines", (LineFormSet,), {"keys": keys}),
        extra=2,
        can_delete=True,
        max_num=200,
        validate_max=True,
    )


class InvoiceLineForm(PricedLineForm):
    purchase_order_line = forms.IntegerField(required=False, widget=forms.HiddenInput)


InvoiceLineFormSet = line_formset(
    InvoiceLineForm, ("description", "quantity", "unit_price", "tax_rate", "purchase_order_line")
)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = forms.DateField(widget=DateInput, label=_("Paid on"))
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)


# --- purchase orders --------------------------------------------------------------------------
class PurchaseOrderForm(CurrencyMixin):
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), queryset=Company.objects.none(), required=False, empty_label=_("— Choose before approval —")
    )
    production = forms.ModelChoiceField(
        label=_("Production"), queryset=Production.objects.none(), required=False, empty_label=_("— No production —")
    )
    budget_line = LineChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        empty_label=_("— Found at submission —"),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("— No agreement —"),
        help_text=_("Lines that are one of its rates take the agreed price."),
    )
    expected_on = forms.DateField(widget=DateInput, required=False, label=_("Expected delivery"))
    delivery_address = forms.CharField(
        label=_("Delivery address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = [
        "vendor",
        "production",
        "budget_line",
        "agreement",
        "currency",
        "exchange_rate",
        "expected_on",
        "delivery_address",
        "terms",
        "notes",
    ]

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendors(user, workspace)
        self.fields["production"].queryset = _productions(user, workspace)
        self.fields["budget_line"].queryset = _lines(user, workspace)
        self.fields["agreement"].queryset = (
            Agreement.objects.visible_to(user).filter(workspace=workspace).select_related("vendor")
        )
        narrow_choices(self, user=user, workspace=workspace)


class PurchaseOrderLineForm(PricedLineForm):
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    advance_item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["description", "quantity", "unit", "unit_price", "tax_rate", "advance_item_id"]


PurchaseOrderLineFormSet = line_formset(
    PurchaseOrderLineForm, ("description", "quantity", "unit", "unit_price", "tax_rate", "advance_item_id")
)


# --- companies ------------------------------------------------------------------------------
class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CompanyKind.choices)
    tax_id = forms.CharField(max_length=60, required=False, label=_("Tax id"))
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    payment_terms_days = forms.IntegerField(min_value=0, max_value=365, initial=30, label=_("Payment terms (days)"))
    preferred_categories = forms.MultipleChoiceField(
        choices=BUDGET_CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Supplies"),
        help_text=_("Advance lines of these categories marked to buy or hire go to this vendor."),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", "—")] + [(i, "★" * i) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=pgettext_lazy("contact", "Role"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class MerchantLinkForm(forms.Form):
    user = PersonChoiceField(queryset=None, required=False, empty_label=_("— No login —"), label=_("Merchant login"))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = merchants_of(workspace)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("Contract or certificate: PDF or Office file, up to 50 MB."))


class FinanceSettingsForm(forms.Form):
    second_approval_threshold = forms.DecimalField(label=_("Second approver above"), **MONEY)
    over_budget_policy = forms.ChoiceField(
        choices=OverBudgetPolicy.choices, label=_("When an approval goes over budget")
    )
    po_prefix = forms.CharField(max_length=12, label=_("Purchase order prefix"))
