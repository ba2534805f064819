"""Admin for requests for quote, bids and vendor agreements (imported by finance/admin.py), scoped to
the organizations an admin runs. Statuses, totals and awards are read-only: they move only through
the services, so the purchase order an award drafts and the bidders' notifications stay right."""

from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import Agreement, AgreementRate, Bid, BidLine, RequestForQuote, RfqLine


class RfqLineInline(OrganizationScopedInline):
    model = RfqLine
    fields = ["description", "quantity", "unit", "catalog_item", "advance_item", "position"]
    readonly_fields = ["advance_item"]


@admin.register(RequestForQuote)
class RequestForQuoteAdmin(OrganizationScopedAdmin):
    list_display = ["title", "workspace", "production", "respond_by", "status", "purchase_order", "created_at"]
    list_filter = ["status", "workspace"]
    search_fields = ["title", "description", "invited__name"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "currency", "advance", "purchase_order", "opened_at", "decided_at", "created_by"]
    inlines = [RfqLineInline]


class BidLineInline(OrganizationScopedInline):
    model = BidLine
    fields = ["rfq_line", "unit_price", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bid)
class BidAdmin(OrganizationScopedAdmin):
    list_display = ["company", "rfq", "total", "valid_until", "status", "created_at"]
    list_filter = ["status", "rfq__workspace"]
    search_fields = ["company__name", "rfq__title", "notes"]
    list_select_related = ["company", "rfq"]
    readonly_fields = ["rfq", "company", "status", "total", "submitted_by", "decided_at"]
    inlines = [BidLineInline]


class AgreementRateInline(OrganizationScopedInline):
    model = AgreementRate
    fields = ["description", "catalog_item", "unit", "unit_price", "position"]


@admin.register(Agreement)
class AgreementAdmin(OrganizationScopedAdmin):
    list_display = ["title", "vendor", "workspace", "reference", "valid_from", "valid_to", "remind_days"]
    list_filter = ["workspace", "valid_to"]
    search_fields = ["title", "reference", "vendor__name"]
    list_select_related = ["vendor", "workspace"]
    readonly_fields = ["currency", "signed_document", "created_by"]
    inlines = [AgreementRateInline]


@admin.register(RfqLine)
class RfqLineAdmin(OrganizationScopedAdmin):
    list_display = ["rfq", "description", "quantity", "unit"]
    search_fields = ["description", "rfq__title"]
    list_select_related = ["rfq"]
    readonly_fields = ["advance_item"]


@admin.register(BidLine)
class BidLineAdmin(OrganizationScopedAdmin):
    list_display = ["bid", "rfq_line", "unit_price", "amount"]
    search_fields = ["bid__company__name", "rfq_line__description"]
    list_select_related = ["bid__company", "bid__rfq", "rfq_line"]
    readonly_fields = ["bid", "rfq_line", "unit_price", "amount"]


@admin.register(AgreementRate)
class AgreementRateAdmin(OrganizationScopedAdmin):
    list_display = ["agreement", "description", "unit", "unit_price"]
    list_filter = ["agreement__vendor"]
    search_fields = ["description", "agreement__title"]
    list_select_related = ["agreement"]
