from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import BookingRule, Location, MeterReading, Outage, SiteMap, Utility, Zone


@admin.register(Location)
class LocationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "kind", "parent", "city", "country", "timezone", "capacity", "workspace"]
    list_filter = ["kind", "workspace__organization", "workspace"]
    search_fields = ["name", "city", "address"]
    list_select_related = ["parent", "workspace"]
    raw_id_fields = ["parent"]


@admin.register(BookingRule)
class BookingRuleAdmin(OrganizationScopedAdmin):
    list_display = ["workspace", "on_clash", "updated_at"]
    list_filter = ["on_clash", "workspace__organization"]
    search_fields = ["workspace__name"]
    list_select_related = ["workspace"]


@admin.register(SiteMap)
class SiteMapAdmin(OrganizationScopedAdmin):
    list_display = ["name", "location", "created_at"]
    list_filter = ["location__workspace__organization", "location__workspace"]
    search_fields = ["name", "location__name"]
    list_select_related = ["location"]
    raw_id_fields = ["location", "plan"]


@admin.register(Zone)
class ZoneAdmin(OrganizationScopedAdmin):
    list_display = ["name", "kind", "site_map", "created_at"]
    list_filter = ["kind", "site_map__location__workspace__organization"]
    search_fields = ["name", "notes", "site_map__name", "site_map__location__name"]
    list_select_related = ["site_map__location"]
    raw_id_fields = ["site_map"]


@admin.register(Utility)
class UtilityAdmin(OrganizationScopedAdmin):
    list_display = ["location", "kind", "supplier", "capacity"]
    list_filter = ["kind", "location__workspace__organization", "location__workspace"]
    search_fields = ["supplier", "capacity", "location__name"]
    list_select_related = ["location"]
    raw_id_fields = ["location"]


@admin.register(MeterReading)
class MeterReadingAdmin(OrganizationScopedAdmin):
    list_display = ["utility", "read_on", "value", "recorded_by"]
    list_filter = ["utility__kind", "utility__location__workspace__organization", "read_on"]
    search_fields = ["utility__location__name", "utility__supplier"]
    list_select_related = ["utility__location", "recorded_by"]
    raw_id_fields = ["utility", "recorded_by"]


@admin.register(Outage)
class OutageAdmin(OrganizationScopedAdmin):
    list_display = ["utility", "started_at", "ended_at", "reported_by"]
    list_filter = ["utility__kind", "utility__location__workspace__organization", "started_at"]
    search_fields = ["description", "utility__location__name", "utility__supplier"]
    list_select_related = ["utility__location", "reported_by"]
    raw_id_fields = ["utility", "reported_by"]
