from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Endorsement, MemberProfile, WorkHistoryEntry

OWNER_ORGANIZATION = "user__memberships__organization"


@admin.register(MemberProfile)
class MemberProfileAdmin(OrganizationScopedAdmin):
    organization_path = OWNER_ORGANIZATION
    list_display = ["user", "headline", *MemberProfile.VISIBILITY_FIELDS, "updated_at"]
    list_filter = list(MemberProfile.VISIBILITY_FIELDS)
    search_fields = ["user__username", "user__first_name", "user__last_name", "headline", "bio"]
    raw_id_fields = ["user"]


@admin.register(WorkHistoryEntry)
class WorkHistoryEntryAdmin(OrganizationScopedAdmin):
    organization_path = OWNER_ORGANIZATION
    list_display = ["title", "user", "role", "company", "started_on", "ended_on", "source", "hidden"]
    list_filter = ["source", "hidden"]
    search_fields = ["title", "role", "company", "user__username", "user__last_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "production"]


@admin.register(Endorsement)
class EndorsementAdmin(OrganizationScopedAdmin):
    organization_path = OWNER_ORGANIZATION
    list_display = ["user", "skill", "endorser", "production", "created_at"]
    list_filter = ["skill", "created_at"]
    search_fields = ["skill", "user__username", "user__last_name", "endorser__username", "endorser__last_name"]
    list_select_related = ["user", "endorser", "production"]
    raw_id_fields = ["user", "endorser", "production"]
