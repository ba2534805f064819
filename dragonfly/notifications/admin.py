from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(OrganizationScopedAdmin):
    list_display = ["title", "recipient", "kind", "trigger", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "trigger"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = ["dedupe_key", "created_at", "emailed_at"]
