from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Dashboard, DashboardWidget


class DashboardWidgetInline(admin.TabularInline):
    model = DashboardWidget
    extra = 0
    fields = ["key", "size", "position"]


@admin.register(Dashboard)
class DashboardAdmin(OrganizationScopedAdmin):
    list_display = ["__str__", "workspace", "user", "role", "updated_by", "updated_at"]
    list_filter = ["role", "workspace__organization", "workspace"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "workspace__name"]
    list_select_related = ["workspace", "user", "updated_by"]
    raw_id_fields = ["user", "updated_by"]
    inlines = [DashboardWidgetInline]


@admin.register(DashboardWidget)
class DashboardWidgetAdmin(OrganizationScopedAdmin):
    list_display = ["key", "size", "position", "dashboard"]
    list_filter = ["key", "size", "dashboard__workspace__organization"]
    search_fields = ["key", "dashboard__user__username", "dashboard__workspace__name"]
    list_select_related = ["dashboard", "dashboard__workspace", "dashboard__user"]
    raw_id_fields = ["dashboard"]
