from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(OrganizationScopedAdmin):
    organization_path = "user__memberships__organization"
    list_display = ["user", "phone", "timezone"]
    list_filter = ["timezone"]
    search_fields = ["user__username", "user__email", "phone"]
    raw_id_fields = ["avatar"]


# DRF's token admin, narrowed like every other admin to the organizations one administers.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class APITokenAdmin(OrganizationScopedAdmin, TokenAdmin):
    organization_path = "user__memberships__organization"
