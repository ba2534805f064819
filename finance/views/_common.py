"""What every finance page shares: fetching through visible_to (unseen → 404), the sub-navigation,
filtered and paginated lists, and turning domain errors into a status."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from dragonfly.core.pages import error_status, safe_querystring  # noqa: F401 (re-exported)

from .. import selectors
from ..models import Budget, BudgetLine, Company, Contact, Expense, Invoice, PurchaseOrder

PAGE_SIZE = 25


def get_budget(request, pk):
    qs = Budget.objects.visible_to(request.user).select_related(
        "workspace__organization", "production", "owner", "baseline_locked_by"
    )
    return get_object_or_404(qs, pk=pk)


def get_line(request, pk):
    qs = BudgetLine.objects.visible_to(request.user).select_related("budget__workspace__organization", "owner")
    return get_object_or_404(qs, pk=pk)


def get_expense(request, pk):
    qs = Expense.objects.visible_to(request.user).select_related(
        "workspace__organization", "production", "budget_line", "spent_by", "submitted_by", "decided_by", "receipt"
    )
    return get_object_or_404(qs, pk=pk)


def get_invoice(request, pk):
    qs = Invoice.objects.visible_to(request.user).select_related(
        "workspace__organization", "company", "production", "purchase_order", "budget_line"
    )
    return get_object_or_404(qs, pk=pk)


def get_purchase_order(request, pk):
    qs = PurchaseOrder.objects.visible_to(request.user).select_related(
        "workspace__organization", "organization", "vendor", "production", "budget_line", "advance", "created_by"
    )
    return get_object_or_404(qs, pk=pk)


def get_company(request, pk):
    return get_object_or_404(Company.objects.visible_to(request.user).select_related("workspace__organization"), pk=pk)


def get_contact(request, pk):
    qs = Contact.objects.visible_to(request.user).select_related("company__workspace__organization", "user")
    return get_object_or_404(qs, pk=pk)


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str
    perm: str


TABS = [
    Tab("overview", "Overview", "finance:workspace_home", "finance.open_module"),
    Tab("budgets", "Budgets", "finance:budgets", "finance.view_budget"),
    Tab("purchase_orders", "Purchase orders", "finance:purchase_orders", "finance.view_purchaseorder"),
    Tab("invoices", "Invoices", "finance:invoices", "finance.view_invoice"),
    Tab("expenses", "Expenses", "finance:expenses", "finance.view_expense"),
    Tab("companies", "Companies", "finance:companies", "finance.view_company"),
]


def finance_context(request, workspace, tab, **extra):
    """The header and sub-navigation every finance page shows (tabs the user's role opens here)."""
    user = request.user
    tabs = [t for t in TABS if t.name == "overview" or user.has_perm(t.perm, workspace)]
    return {"workspace": workspace, "tab": tab, "tabs": tabs, **extra}


def filtered_page(request, queryset, filterset_class, *, page_size=PAGE_SIZE):
    """(page, filter form, status): a bad filter is a 400 with the form's errors, not a 500."""
    data = request.GET.copy()
    for key in list(data):
        if key == "page" or not any(v.strip() for v in data.getlist(key)):
            del data[key]
    data.pop("workspace", None)  # pages are already in one workspace
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        rows, status = queryset.none(), 400
    else:
        rows = filterset.qs
    if "workspace" in filterset.form.fields:
        del filterset.form.fields["workspace"]
    page = Paginator(rows, page_size).get_page(request.GET.get("page"))
    return page, filterset.form, status


__all__ = ["selectors"]
