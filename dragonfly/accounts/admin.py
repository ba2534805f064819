from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(OrganizationScopedAdmin):
    organization_path = "user__memberships__organization"
    list_display = ["user", "phone", "timezone", "language", "theme"]
    list_filter = ["timezone", "language", "theme"]
    search_fields = ["user__username", "user__email", "phone"]
    raw_id_fields = ["avatar"]
