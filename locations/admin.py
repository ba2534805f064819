from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Location


@admin.register(Location)
class LocationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "kind", "parent", "city", "country", "timezone", "capacity", "workspace"]
    list_filter = ["kind", "workspace__organization", "workspace"]
    search_fields = ["name", "city", "address"]
    list_select_related = ["parent", "workspace"]
    raw_id_fields = ["parent"]
