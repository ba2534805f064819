from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Connection, PayLink, ProviderEvent


@admin.register(Connection)
class ConnectionAdmin(OrganizationScopedAdmin):
    """Status only: the credentials are set on the connection page (they are stored encrypted and
    never shown, here either)."""

    list_display = ["organization", "kind", "provider", "enabled", "key_hint", "last_checked_at", "last_success_at"]
    list_filter = ["kind", "provider", "enabled"]
    list_select_related = ["organization"]
    exclude = ["secrets"]
    readonly_fields = [
        "organization",
        "kind",
        "provider",
        "key_hint",
        "connected_by",
        "last_checked_at",
        "last_success_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(PayLink)
class PayLinkAdmin(OrganizationScopedAdmin):
    organization_path = "connection__organization"
    list_display = ["invoice", "status", "amount", "currency", "provider_id", "created_at"]
    list_filter = ["status"]
    search_fields = ["provider_id", "payment_intent", "invoice__number"]
    list_select_related = ["invoice"]
    readonly_fields = [f.name for f in PayLink._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ProviderEvent)
class ProviderEventAdmin(OrganizationScopedAdmin):
    organization_path = "connection__organization"
    list_display = ["received_at", "type", "event_id", "result"]
    list_filter = ["type"]
    search_fields = ["event_id"]
    readonly_fields = [f.name for f in ProviderEvent._meta.fields]

    def has_add_permission(self, request):
        return False


from .sso import admin as sso_admin  # noqa: E402, F401  (SSO configurations: status only)
