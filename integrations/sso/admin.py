from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from ..models import SSOConfig


@admin.register(SSOConfig)
class SSOConfigAdmin(OrganizationScopedAdmin):
    """Status only: the org admin sets it on /integrations/sso/ (the client secret is never shown)."""

    list_display = ["organization", "issuer", "enforce_sso", "require_admin_two_factor", "last_success_at"]
    list_filter = ["enforce_sso", "require_admin_two_factor"]
    search_fields = ["organization__name", "issuer", "domains__domain"]
    list_select_related = ["organization"]
    exclude = ["secrets"]
    readonly_fields = [
        "organization",
        "issuer",
        "client_id",
        "key_hint",
        "default_role",
        "enforce_sso",
        "require_admin_two_factor",
        "configured_by",
        "last_checked_at",
        "last_success_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False
