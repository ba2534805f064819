from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, ReadOnlyAdmin

from .models import AccountingSync, AccountMapping, Connection, PayLink, ProviderEvent, SmsMessage, SmsOptIn, SmsOptOut


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


# SMS: evidence only (what was sent, who said STOP, who opted in); nothing is changed here.


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "to", "status", "provider_sid"]
    list_filter = ["status"]
    search_fields = ["to", "provider_sid"]
    list_select_related = ["organization"]
    readonly_fields = [f.name for f in SmsMessage._meta.fields]


@admin.register(SmsOptOut)
class SmsOptOutAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "phone", "reason"]
    list_filter = ["reason"]
    search_fields = ["phone"]
    list_select_related = ["organization"]
    readonly_fields = [f.name for f in SmsOptOut._meta.fields]


@admin.register(SmsOptIn)
class SmsOptInAdmin(ReadOnlyAdmin):
    organization_path = "user__memberships__organization"  # an org admin sees their members' choices
    list_display = ["user", "phone", "updated_at"]
    search_fields = ["phone", "user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "phone", "created_at", "updated_at"]


# Accounting: read-only, for support (the mapping is edited on /integrations/accounting/).


@admin.register(AccountMapping)
class AccountMappingAdmin(OrganizationScopedAdmin):
    list_display = ["organization", "category", "account_code", "tax_type", "updated_at"]
    list_filter = ["category"]
    search_fields = ["category", "account_code"]
    list_select_related = ["organization"]
    readonly_fields = [f.name for f in AccountMapping._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AccountingSync)
class AccountingSyncAdmin(OrganizationScopedAdmin):
    organization_path = "connection__organization"
    list_display = ["updated_at", "invoice", "expense", "purchase_order", "remote_id", "pushed_at", "attempts"]
    list_filter = ["connection__provider"]
    search_fields = ["remote_id", "invoice__number", "purchase_order__number", "error"]
    list_select_related = ["invoice", "expense", "purchase_order"]
    readonly_fields = [f.name for f in AccountingSync._meta.fields]

    def has_add_permission(self, request):
        return False


from .sso import admin as sso_admin  # noqa: E402, F401  (SSO configurations: status only)
