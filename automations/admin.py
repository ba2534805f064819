from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import ActionCatalog, AutomationRule, TriggerCatalog, UsageLog


@admin.register(TriggerCatalog)
class TriggerCatalogAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "event_name", "module", "model_label"]
    list_filter = ["module"]
    search_fields = ["key", "label", "event_name"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ActionCatalog)
class ActionCatalogAdmin(TriggerCatalogAdmin):
    list_display = ["key", "label"]
    list_filter = []
    search_fields = ["key", "label"]


@admin.register(AutomationRule)
class AutomationRuleAdmin(OrganizationScopedAdmin):
    list_display = ["name", "trigger", "enabled", "organization", "workspace", "updated_at"]
    list_filter = ["enabled", "trigger__module", "organization"]
    search_fields = ["name", "trigger__key"]
    list_select_related = ["trigger", "organization", "workspace"]
    raw_id_fields = ["created_by"]


@admin.register(UsageLog)
class UsageLogAdmin(OrganizationScopedAdmin):
    list_display = ["created_at", "rule", "trigger_key", "object_repr", "result", "attempts", "duration_ms"]
    list_filter = ["result", "trigger_key", "organization"]
    search_fields = ["rule__name", "event_id", "object_id", "error"]
    list_select_related = ["rule"]
    readonly_fields = [f.name for f in UsageLog._meta.fields]

    def has_add_permission(self, request):
        return False
