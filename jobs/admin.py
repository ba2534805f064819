from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import BidderCompany, Contract, JobApplication, JobPosting, PublicBid, PublicRfp


@admin.register(JobPosting)
class JobPostingAdmin(OrganizationScopedAdmin):
    list_display = ("title", "workspace", "starts_on", "place", "public", "status")
    list_filter = ("status", "public", "rate_unit", "workspace__organization")
    search_fields = ("title", "place", "description")
    raw_id_fields = ("workspace", "opening", "production", "created_by")
    list_select_related = ("workspace",)


@admin.register(JobApplication)
class JobApplicationAdmin(OrganizationScopedAdmin):
    organization_path = "posting__workspace__organization"
    list_display = ("posting", "user", "created_at")
    search_fields = ("posting__title", "user__username", "user__email")
    raw_id_fields = ("posting", "user", "application")
    list_select_related = ("posting", "user")


@admin.register(Contract)
class ContractAdmin(OrganizationScopedAdmin):
    list_display = ("title", "workspace", "person", "company", "starts_on", "ends_on", "rate", "status")
    list_filter = ("status", "rate_unit", "workspace__organization")
    search_fields = ("title", "scope", "person__last_name", "person__first_name", "company__name")
    raw_id_fields = ("workspace", "person", "company", "production", "bid", "document", "created_by")
    list_select_related = ("workspace", "person", "company")
    # Status moves go through the transition engine (the contract page), never a plain edit.
    readonly_fields = ("status",)


@admin.register(PublicRfp)
class PublicRfpAdmin(OrganizationScopedAdmin):
    list_display = ("rfq", "workspace", "status", "published_at")
    list_filter = ("status", "workspace__organization")
    search_fields = ("rfq__title", "scope")
    raw_id_fields = ("workspace", "rfq", "created_by")
    list_select_related = ("rfq", "workspace")


@admin.register(BidderCompany)
class BidderCompanyAdmin(OrganizationScopedAdmin):
    list_display = ("company", "organization", "workspace", "created_at")
    list_filter = ("workspace__organization",)
    search_fields = ("company__name", "organization__name")
    raw_id_fields = ("workspace", "organization", "company")
    list_select_related = ("company", "organization", "workspace")


@admin.register(PublicBid)
class PublicBidAdmin(OrganizationScopedAdmin):
    # Scoped to the bidding organization: the requester's admins read the bid itself (finance).
    list_display = ("bid", "workspace", "rfp", "created_at")
    list_filter = ("workspace__organization",)
    search_fields = ("bid__rfq__title", "bid__company__name")
    raw_id_fields = ("workspace", "rfp", "bid")
    list_select_related = ("bid__rfq", "bid__company", "workspace")
    readonly_fields = ("bid",)
