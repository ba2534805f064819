"""Admin of preferred vendors (issue 22): scoped to the admin's organizations like every finance admin."""

from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import PreferredVendor


@admin.register(PreferredVendor)
class PreferredVendorAdmin(OrganizationScopedAdmin):
    list_display = ["category", "vendor", "venue", "region", "priority", "active", "workspace"]
    list_filter = ["category", "active", "workspace"]
    search_fields = ["vendor__name", "region", "category"]
    list_select_related = ["vendor", "venue", "workspace__organization"]
    exclude = ["organization", "created_by"]

    def save_model(self, request, obj, form, change):
        obj.organization_id = obj.workspace.organization_id
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
