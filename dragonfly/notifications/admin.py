from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import EmailSuppression, Notification, OutboxMessage


@admin.register(Notification)
class NotificationAdmin(OrganizationScopedAdmin):
    list_display = ["title", "recipient", "kind", "trigger", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "trigger"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = ["dedupe_key", "created_at", "emailed_at"]


class PlatformRowsAdmin(admin.ModelAdmin):
    """Rows that span every organization and are written by the code: platform admins read them and
    run their actions; nobody adds or edits one by hand."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PlatformRowsAdmin):
    """Platform admins only: the outbox spans every organization. Rows are written by the code."""

    list_display = ["task_name", "args", "attempts", "next_attempt_at", "delivered_at", "created_at"]
    list_filter = ["task_name", ("delivered_at", admin.EmptyFieldListFilter)]
    search_fields = ["task_name", "key", "last_error"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["relay_now"]

    @admin.action(description="Relay now (skip the back-off)")
    def relay_now(self, request, queryset):
        from django.utils import timezone

        queryset.filter(delivered_at__isnull=True).update(next_attempt_at=timezone.now())


@admin.register(EmailSuppression)
class EmailSuppressionAdmin(PlatformRowsAdmin):
    """Platform admins only: addresses span organizations. Rows come from the providers' webhooks;
    clearing one (the owner does it on their profile) turns email to that address back on."""

    list_display = ["address", "reason", "provider", "occurred_at", "cleared_at", "description"]
    list_filter = ["reason", "provider", ("cleared_at", admin.EmptyFieldListFilter)]
    search_fields = ["address", "event_id", "description"]
    readonly_fields = [f.name for f in EmailSuppression._meta.fields]
    date_hierarchy = "occurred_at"
    actions = ["clear"]

    @admin.action(description="Turn email back on for these addresses")
    def clear(self, request, queryset):
        from django.utils import timezone

        queryset.filter(cleared_at__isnull=True).update(cleared_at=timezone.now(), cleared_by=request.user)
