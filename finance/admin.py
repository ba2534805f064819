"""Admin for finance: every model, scoped to the organizations an admin runs.

Statuses and money totals are read-only here: they move only through the services (pages,
API), so the rules, the ledger and the activity log stay right. The spending ledger is
append-only and read-only."""

from django.contrib import admin, messages

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline, ReadOnlyAdmin

from . import services
from .models import (
    Budget,
    BudgetLine,
    Company,
    Contact,
    Expense,
    FinanceSettings,
    Invoice,
    InvoiceLine,
    Payment,
    PurchaseOrder,
    PurchaseOrderApproval,
    PurchaseOrderLine,
    SpendingEntry,
)


class ContactInline(OrganizationScopedInline):
    model = Contact
    fields = ["name", "role", "email", "phone", "user"]
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(OrganizationScopedAdmin):
    list_display = ["name", "kind", "workspace", "tax_id", "payment_terms_days", "rating", "active"]
    list_filter = ["kind", "active", "workspace"]
    search_fields = ["name", "tax_id", "email"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(OrganizationScopedAdmin):
    list_display = ["name", "company", "role", "email", "phone", "user"]
    list_filter = ["company__kind"]
    search_fields = ["name", "email", "company__name"]
    autocomplete_fields = ["company", "user"]


class BudgetLineInline(OrganizationScopedInline):
    model = BudgetLine
    fields = ["category", "name", "planned_amount", "baseline_amount", "owner", "position"]
    readonly_fields = ["baseline_amount"]


@admin.register(Budget)
class BudgetAdmin(OrganizationScopedAdmin):
    list_display = ["name", "workspace", "production", "owner", "currency", "baseline_locked_at"]
    list_filter = ["workspace", ("baseline_locked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "production__name"]
    readonly_fields = ["currency", "baseline_locked_at", "baseline_locked_by", "created_by", "created_at"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(OrganizationScopedAdmin):
    list_display = ["budget", "category", "name", "planned_amount", "baseline_amount", "owner"]
    list_filter = ["category"]
    search_fields = ["budget__name", "name", "category"]
    readonly_fields = ["baseline_amount"]


@admin.register(SpendingEntry)
class SpendingEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "line", "kind", "amount", "source", "source_id", "memo", "created_by"]
    list_filter = ["kind", "source"]
    search_fields = ["memo", "line__budget__name"]
    list_select_related = ["line__budget", "created_by"]


@admin.register(Expense)
class ExpenseAdmin(OrganizationScopedAdmin):
    list_display = ["pk", "spent_on", "description", "spent_by", "category", "amount", "currency", "status"]
    list_filter = ["status", "category", "workspace"]
    search_fields = ["description", "merchant_name", "spent_by__username"]
    date_hierarchy = "spent_on"
    readonly_fields = ["status", "base_amount", "decided_by", "decided_at", "reimbursed_at", "receipt"]


class InvoiceLineInline(OrganizationScopedInline):
    model = InvoiceLine
    fields = ["description", "quantity", "unit_price", "tax_rate", "amount", "tax", "time_entry"]
    readonly_fields = ["amount", "tax", "time_entry"]


class PaymentInline(OrganizationScopedInline):
    model = Payment
    fields = ["paid_on", "amount", "method", "reference", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(OrganizationScopedAdmin):
    list_display = [
        "number",
        "direction",
        "company",
        "payee",
        "issue_date",
        "due_date",
        "total",
        "amount_paid",
        "status",
    ]
    list_filter = ["status", "direction", "workspace"]
    search_fields = ["number", "company__name", "payee__last_name", "payee__first_name"]
    raw_id_fields = ["payee"]
    date_hierarchy = "issue_date"
    readonly_fields = ["status", "subtotal", "tax_amount", "total", "amount_paid", "sent_at", "paid_at"]
    inlines = [InvoiceLineInline, PaymentInline]
    actions = ["mark_overdue_now"]

    @admin.action(description="Run the overdue check now (all organizations' due dates)")
    def mark_overdue_now(self, request, queryset):
        moved = services.mark_overdue_invoices()
        messages.info(request, f"{moved} invoice(s) became overdue.")


@admin.register(Payment)
class PaymentAdmin(OrganizationScopedAdmin):
    list_display = ["invoice", "paid_on", "amount", "method", "reference", "recorded_by"]
    list_filter = ["method"]
    search_fields = ["invoice__number", "reference"]
    readonly_fields = ["invoice", "amount", "recorded_by"]

    def has_add_permission(self, request):
        return False


class PurchaseOrderLineInline(OrganizationScopedInline):
    model = PurchaseOrderLine
    fields = [
        "description",
        "quantity",
        "unit",
        "unit_price",
        "tax_rate",
        "amount",
        "quantity_received",
        "advance_item",
    ]
    readonly_fields = ["amount", "quantity_received", "advance_item"]


class PurchaseOrderApprovalInline(OrganizationScopedInline):
    model = PurchaseOrderApproval
    fields = ["approver", "approved_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(OrganizationScopedAdmin):
    list_display = ["number", "vendor", "workspace", "production", "total", "currency", "status", "created_at"]
    list_filter = ["status", "workspace"]
    search_fields = ["number", "vendor__name", "notes"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "number",
        "status",
        "subtotal",
        "tax_amount",
        "total",
        "approvals_required",
        "advance",
        "submitted_at",
        "approved_at",
        "sent_at",
        "closed_at",
        "created_by",
    ]
    inlines = [PurchaseOrderLineInline, PurchaseOrderApprovalInline]


@admin.register(PurchaseOrderApproval)
class PurchaseOrderApprovalAdmin(OrganizationScopedAdmin):
    list_display = ["purchase_order", "approver", "approved_at"]
    search_fields = ["purchase_order__number", "approver__username"]
    readonly_fields = ["purchase_order", "approver", "approved_at"]

    def has_add_permission(self, request):
        return False


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(OrganizationScopedAdmin):
    list_display = ["organization", "second_approval_threshold", "over_budget_policy", "po_prefix", "next_po_number"]
    list_filter = ["over_budget_policy"]
    search_fields = ["organization__name"]
    readonly_fields = ["next_po_number"]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(OrganizationScopedAdmin):
    list_display = ["invoice", "description", "quantity", "unit_price", "tax_rate", "amount"]
    search_fields = ["description", "invoice__number"]
    list_select_related = ["invoice"]
    readonly_fields = ["amount", "tax"]


@admin.register(PurchaseOrderLine)
class PurchaseOrderLineAdmin(OrganizationScopedAdmin):
    list_display = ["purchase_order", "description", "quantity", "unit_price", "amount", "quantity_received"]
    search_fields = ["description", "purchase_order__number"]
    list_select_related = ["purchase_order"]
    readonly_fields = ["amount", "tax", "quantity_received", "advance_item"]


from . import admin_bids, admin_routing  # noqa: E402,F401 (register the procurement and routing admins)
