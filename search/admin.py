from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(OrganizationScopedAdmin):
    """Read-only: the index is rebuilt from the rows (saves, or `manage.py reindex_search`)."""

    list_display = ["title", "object_type", "object_id", "workspace", "updated_at"]
    list_filter = ["object_type", "organization", "workspace"]
    search_fields = ["title", "object_id"]
    list_select_related = ["workspace"]
    exclude = ["document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
