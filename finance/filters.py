"""Filters shared by the pages and the API, so a list means the same thing in both.

Choice querysets are callables of the request: a filter can only name rows the user may see."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, PersonFilter, visible_choices
from dragonfly.tenancy.models import Workspace
from productions.models import Production

from .models import (
    Agreement,
    Bid,
    BidStatus,
    Budget,
    BudgetLine,
    Company,
    CompanyKind,
    Contact,
    Expense,
    ExpenseStatus,
    Invoice,
    InvoiceDirection,
    InvoiceStatus,
    Payment,
    PurchaseOrder,
    PurchaseOrderStatus,
    RequestForQuote,
    RfqStatus,
)
from .models.budgets import BUDGET_CATEGORY_CHOICES

visible_workspaces = visible_choices(Workspace, narrow=False)
visible_productions = visible_choices(Production, order=("name",))
visible_companies = visible_choices(Company, order=("name",))
visible_budgets = visible_choices(Budget, order=("name",))
visible_lines = visible_choices(BudgetLine, "budget")
visible_invoices = visible_choices(Invoice)


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class WorkspaceFilterSet(django_filters.FilterSet):
    workspace = django_filters.ModelChoiceFilter(label=_("Workspace"), queryset=visible_workspaces)


class BudgetFilter(WorkspaceFilterSet):
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Budget
        fields = []


class BudgetLineFilter(django_filters.FilterSet):
    budget = django_filters.ModelChoiceFilter(label=_("Budget"), queryset=visible_budgets)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=BUDGET_CATEGORY_CHOICES)

    class Meta:
        model = BudgetLine
        fields = []


EXPENSE_ORDERINGS = {
    "-spent_on": ("-spent_on", "-id"),
    "spent_on": ("spent_on", "id"),
    "-amount": ("-base_amount", "-id"),
    "amount": ("base_amount", "id"),
}


class ExpenseFilter(WorkspaceFilterSet):
    status = MultiChoiceFilter(choices=ExpenseStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=BUDGET_CATEGORY_CHOICES)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    spent_by = PersonFilter(label=_("Spent by"))
    spent_after = django_filters.DateFilter(field_name="spent_on", lookup_expr="gte", label=_("On or after"))
    spent_before = django_filters.DateFilter(field_name="spent_on", lookup_expr="lte", label=_("On or before"))
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("-spent_on", _("Newest first")),
            ("spent_on", _("Oldest first")),
            ("-amount", _("Largest first")),
            ("amount", _("Smallest first")),
        ],
        method="filter_ordering",
        label=_("Sort"),
    )

    class Meta:
        model = Expense
        fields = []

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*EXPENSE_ORDERINGS[value])


class InvoiceFilter(WorkspaceFilterSet):
    status = MultiChoiceFilter(choices=InvoiceStatus.choices)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=InvoiceDirection.choices)
    company = django_filters.ModelChoiceFilter(label=_("Company"), queryset=visible_companies)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    purchase_order = django_filters.NumberFilter(field_name="purchase_order_id", label=_("Purchase order"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    outstanding = django_filters.BooleanFilter(method="filter_outstanding", label=_("Still to pay"))
    q = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("Number"))

    class Meta:
        model = Invoice
        fields = []

    def filter_outstanding(self, queryset, name, value):
        from .models.invoices import PAYABLE_STATUSES

        return queryset.filter(status__in=PAYABLE_STATUSES) if value else queryset.exclude(status__in=PAYABLE_STATUSES)


class PaymentFilter(django_filters.FilterSet):
    invoice = django_filters.ModelChoiceFilter(label=_("Invoice"), queryset=visible_invoices)
    paid_after = django_filters.DateFilter(label=_("Paid from"), field_name="paid_on", lookup_expr="gte")
    paid_before = django_filters.DateFilter(label=_("Paid by"), field_name="paid_on", lookup_expr="lte")

    class Meta:
        model = Payment
        fields = []


class PurchaseOrderFilter(WorkspaceFilterSet):
    status = MultiChoiceFilter(choices=PurchaseOrderStatus.choices)
    vendor = django_filters.ModelChoiceFilter(label=_("Vendor"), queryset=visible_companies)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    advance = django_filters.NumberFilter(field_name="advance_id", label=_("Advance"))
    q = django_filters.CharFilter(method="filter_q", label=_("Number or note"))
    awaiting_me = django_filters.BooleanFilter(method="filter_awaiting_me", label=_("Waiting for my approval"))

    class Meta:
        model = PurchaseOrder
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(notes__icontains=value))

    def filter_awaiting_me(self, queryset, name, value):
        user = _user(self.request)
        if not value or user is None:
            return queryset
        pending = queryset.visible_to(user, perm="finance.approve_purchaseorder").filter(
            status=PurchaseOrderStatus.PENDING_APPROVAL
        )
        return pending.exclude(approvals__approver=user)


class CompanyFilter(WorkspaceFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CompanyKind.choices)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = django_filters.ChoiceFilter(
        choices=BUDGET_CATEGORY_CHOICES, method="filter_category", label=_("Supplies")
    )
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Company
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(tax_id__icontains=value) | Q(email__icontains=value))

    def filter_category(self, queryset, name, value):
        # JSON lists are matched as text (the same on SQLite and PostgreSQL): "Technical" with its quotes.
        return queryset.filter(preferred_categories__icontains=f'"{value}"')


class ContactFilter(django_filters.FilterSet):
    company = django_filters.ModelChoiceFilter(label=_("Company"), queryset=visible_companies)

    class Meta:
        model = Contact
        fields = []


def today():
    return timezone.localdate()


class RfqFilter(WorkspaceFilterSet):
    status = MultiChoiceFilter(choices=RfqStatus.choices)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))

    class Meta:
        model = RequestForQuote
        fields = []


class BidFilter(django_filters.FilterSet):
    rfq = django_filters.NumberFilter(field_name="rfq_id", label=_("Request for quote"))
    company = django_filters.ModelChoiceFilter(label=_("Company"), queryset=visible_companies)
    status = MultiChoiceFilter(choices=BidStatus.choices)

    class Meta:
        model = Bid
        fields = []


class AgreementFilter(WorkspaceFilterSet):
    vendor = django_filters.ModelChoiceFilter(label=_("Vendor"), queryset=visible_companies)
    in_force = django_filters.BooleanFilter(method="filter_in_force", label=_("In force today"))
    q = django_filters.CharFilter(method="filter_q", label=_("Title or reference"))

    class Meta:
        model = Agreement
        fields = []

    def filter_in_force(self, queryset, name, value):
        today = timezone.localdate()
        in_force = Q(valid_from__lte=today, valid_to__gte=today)
        return queryset.filter(in_force) if value else queryset.exclude(in_force)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))
