from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Accreditation, Allotment, CheckIn, GuestRequest


@admin.register(Allotment)
class AllotmentAdmin(OrganizationScopedAdmin):
    list_display = ["party", "kind", "places", "event", "user", "created_at"]
    list_filter = ["kind", "event__workspace__organization", "event__workspace"]
    search_fields = ["party", "notes", "event__title"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user"]


@admin.register(GuestRequest)
class GuestRequestAdmin(OrganizationScopedAdmin):
    list_display = ["name", "plus_ones", "status", "allotment", "event", "checked_in_at", "plus_ones_in"]
    list_filter = ["status", "event__workspace__organization", "event__workspace"]
    search_fields = ["name", "note", "door_code", "allotment__party", "event__title"]
    list_select_related = ["allotment", "event"]
    raw_id_fields = ["event", "allotment", "requested_by", "decided_by", "checked_in_by"]
    readonly_fields = ["door_code", "created_at", "updated_at"]


@admin.register(CheckIn)
class CheckInAdmin(OrganizationScopedAdmin):
    list_display = ["request", "plus_ones", "checked_in_by", "created_at"]
    list_filter = ["request__event__workspace__organization"]
    search_fields = ["request__name"]
    list_select_related = ["request", "checked_in_by"]
    raw_id_fields = ["request", "checked_in_by"]


@admin.register(Accreditation)
class AccreditationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "role", "kind", "event", "created_at"]
    list_filter = ["kind", "event__workspace__organization", "event__workspace"]
    search_fields = ["name", "role", "event__title"]
    list_select_related = ["event"]
    raw_id_fields = ["event", "user", "guest", "created_by"]
    filter_horizontal = ["zones"]
