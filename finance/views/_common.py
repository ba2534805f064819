"""What every finance page shares: fetching through visible_to (unseen → 404), the sub-navigation,
the workspace lists, and turning domain errors into a status."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.core.navigation import Tab, open_tabs
from dragonfly.core.pages import action_page, clean_query, error_status, form_page, list_page, visible_or_404
from dragonfly.core.workspace_views import require_module

from ..forms import NoteForm
from ..models import (
    Agreement,
    Bid,
    Budget,
    BudgetLine,
    Company,
    Contact,
    Expense,
    Invoice,
    PurchaseOrder,
    RequestForQuote,
)

PAGES = {
    Budget: "finance:budget",
    Expense: "finance:expense",
    Invoice: "finance:invoice",
    PurchaseOrder: "finance:purchase_order",
    Company: "finance:company",
    RequestForQuote: "finance:rfq",
    Bid: "finance:bid",
    Agreement: "finance:agreement",
}


def page_url(obj):
    """The page of a budget, expense, invoice, purchase order or company."""
    return reverse(PAGES[type(obj)], args=[obj.pk])


def get_budget(request, pk):
    return visible_or_404(
        Budget, request.user, pk, "workspace__organization", "production", "owner", "baseline_locked_by"
    )


def get_line(request, pk):
    return visible_or_404(BudgetLine, request.user, pk, "budget__workspace__organization", "owner")


def get_expense(request, pk):
    related = ("production", "budget_line", "spent_by", "submitted_by", "decided_by", "receipt")
    return visible_or_404(Expense, request.user, pk, "workspace__organization", *related)


def get_invoice(request, pk):
    related = ("company", "production", "purchase_order", "budget_line")
    return visible_or_404(Invoice, request.user, pk, "workspace__organization", *related)


def get_purchase_order(request, pk):
    related = ("organization", "vendor", "production", "budget_line", "advance", "created_by", "agreement")
    return visible_or_404(PurchaseOrder, request.user, pk, "workspace__organization", *related)


def get_company(request, pk):
    return visible_or_404(Company, request.user, pk, "workspace__organization")


def get_contact(request, pk):
    return visible_or_404(Contact, request.user, pk, "company__workspace__organization", "user")


TABS = [
    Tab("overview", gettext_lazy("Overview"), "finance:workspace_home", "finance.open_module"),
    Tab("budgets", gettext_lazy("Budgets"), "finance:budgets", "finance.view_budget"),
    Tab("purchase_orders", gettext_lazy("Purchase orders"), "finance:purchase_orders", "finance.view_purchaseorder"),
    Tab("invoices", gettext_lazy("Invoices"), "finance:invoices", "finance.view_invoice"),
    Tab("expenses", gettext_lazy("Expenses"), "finance:expenses", "finance.view_expense"),
    Tab("rfqs", gettext_lazy("Quotes"), "finance:rfqs", "finance.view_requestforquote"),
    Tab("agreements", gettext_lazy("Agreements"), "finance:agreements", "finance.view_agreement"),
    Tab("companies", gettext_lazy("Companies"), "finance:companies", "finance.view_company"),
    Tab(
        "preferred_vendors",
        gettext_lazy("Preferred vendors"),
        "finance:preferred_vendors",
        "finance.view_preferredvendor",
    ),
]
TABS_BY_NAME = {tab.name: tab for tab in TABS}


def finance_context(request, workspace, tab, **extra):
    """The header and sub-navigation every finance page shows (tabs the user's role opens here)."""
    return {"workspace": workspace, "tab": tab, "tabs": open_tabs(request.user, workspace, TABS), **extra}


def finance_workspace(request, perm, message):
    """The current workspace, when Finance opens there and the user holds `perm` in it; else 403."""
    return require_module(request, "finance", perm, message)


def workspace_list(request, tab, selector, filterset_class, *, rows=None, **extra):
    """A workspace's list of one finance tab (`finance/<tab>.html`): the tab's rows the user may see,
    filtered (blank filters ignored; the page is already in one workspace) and paginated."""
    tab = TABS_BY_NAME[tab]
    # The tab's own name (not lowercased: German nouns keep their capital).
    workspace = finance_workspace(request, tab.perm, _("Your role does not open %(tab)s here.") % {"tab": tab.label})
    can_create = request.user.has_perm(tab.perm.replace(".view_", ".add_"), workspace)
    return list_page(
        request,
        selector(request.user).filter(workspace=workspace),
        filterset_class,
        template=f"finance/{tab.name}.html",
        context=finance_context(request, workspace, tab.name, can_create=can_create, **extra),
        data=clean_query(request, drop=("page", "workspace")),
        rows=rows,
        hide=("workspace",),
    )


def note_action(request, obj, service, *, page, success, keep_note=False):
    """A status move posted from an object's page with an optional note: success → the message and back
    to the page; a refusal shows the page (`page(request, pk, status=, error=)`) again with the reason,
    nothing changed. `keep_note` shows the refused note again in its form."""
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    kept = {"note_form": form} if keep_note else {}
    return action_page(
        request,
        lambda: service(obj, actor=request.user, note=note),
        redirect_to=page_url(obj),
        success=success,
        on_refusal=lambda exc: page(request, obj.pk, status=error_status(exc), error=str(exc), **kept),
    )


def in_currency(document, workspace):
    """A document's currency for its form, with its exchange rate when it is not the organization's."""
    initial = {"currency": document.currency}
    if document.currency != workspace.organization.currency:
        initial["exchange_rate"] = document.exchange_rate
    return initial


def document_form(request, form, formset, *, workspace, document, create, update, template, tab, key, success):
    """The page of a new or draft document with lines (an invoice, a purchase order): the header
    form and its lines are saved together by `create(actor=, workspace=, lines=, **header)` or
    `update(document, actor=, lines=, **header)`; the template sees the document as `key`."""

    def save(header):
        if document is None:
            return create(actor=request.user, workspace=workspace, lines=formset.lines(), **header)
        return update(document, actor=request.user, lines=formset.lines(), **header)

    return form_page(
        request,
        form,
        save=save,
        template=template,
        context=finance_context(request, workspace, tab, formset=formset, **{key: document}),
        redirect_to=page_url,
        success=success,
        also=[formset],
        versioned=document,
    )
