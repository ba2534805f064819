from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import APIToken


@admin.register(APIToken)
class APITokenAdmin(OrganizationScopedAdmin):
    """Tokens of the organizations one administers: read and revoke (delete); they are created by their
    user on the API tokens page, where the secret is shown once."""

    organization_path = "user__memberships__organization"
    list_display = ["name", "user", "token_key", "scopes", "created", "expiry", "last_used_at"]
    list_filter = ["created", "expiry", "last_used_at"]
    search_fields = ["name", "user__username", "user__email", "token_key"]
    readonly_fields = ["public_id", "name", "user", "token_key", "scopes", "created", "expiry", "last_used_at"]
    exclude = ["digest"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
