from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .access import get_access
from .admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline, admin_organizations
from .models import Invitation, Membership, ObjectGrant, Organization, Workspace
from .roles import Role

User = get_user_model()


def _strongest_admin_role(request, organization):
    access = get_access(request.user)
    return Role.LEGEND if access.is_platform_admin else access.role_in_organization(organization)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "workspace", "role", "expires_at"]

    def clean(self):
        data = super().clean()
        org, role, ws = data.get("organization"), data.get("role"), data.get("workspace")
        if ws and org and ws.organization_id != org.pk:
            raise ValidationError({"workspace": _("This workspace belongs to another organization.")})
        own = _strongest_admin_role(self.request, org) if org else None
        if org and role is not None and (own is None or int(role) < int(own)):
            raise ValidationError({"role": _("You cannot grant a role stronger than your own.")})
        return data


class RoleGuardMixin:
    form: Any = MembershipForm

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = type("ScopedMembershipForm", (formset.form,), {"request": request})
        return formset

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return type("ScopedMembershipForm", (form,), {"request": request})


class MembershipInline(RoleGuardMixin, OrganizationScopedInline):
    model = Membership
    fk_name = "user"
    autocomplete_fields = ["organization", "workspace"]


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "slug", "currency", "timezone", "disabled_modules", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_filter = ["currency"]
    # Changed only on the product's role matrix, whose service refuses admin roles and admin-only permissions.
    readonly_fields = ["role_permissions"]

    def has_add_permission(self, request):
        return admin_organizations(request) is None  # only platform admins create organizations

    def has_delete_permission(self, request, obj=None):
        return admin_organizations(request) is None


@admin.register(Workspace)
class WorkspaceAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "kind", "slug", "archived", "disabled_modules"]
    list_filter = ["kind", "archived", "organization"]
    search_fields = ["name", "slug", "organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["organization"]


@admin.register(Membership)
class MembershipAdmin(RoleGuardMixin, OrganizationScopedAdmin):
    list_display = ["user", "organization", "workspace", "role", "expires_at"]
    list_filter = ["role", "organization", "workspace"]
    search_fields = ["user__username", "user__email", "organization__name", "workspace__name"]
    autocomplete_fields = ["user", "organization", "workspace"]
    list_select_related = ["user", "organization", "workspace__organization"]  # a workspace names its org
    actions = ["remove_from_organization"]

    @admin.action(description="Remove from the organization (ends their sessions and API tokens)")
    def remove_from_organization(self, request, queryset):
        from django.core.exceptions import PermissionDenied

        from .services import MembershipRefused, remove_member

        for membership in queryset.select_related("organization", "user"):
            try:
                remove_member(membership.organization, membership.user, actor=request.user)
            except (PermissionDenied, MembershipRefused) as exc:
                self.message_user(request, f"{membership.user}: {exc}", level="error")


@admin.register(Invitation)
class InvitationAdmin(OrganizationScopedAdmin):
    """Invitations are sent from the Invitations page (which mails the link); here they are read and revoked."""

    list_display = ["email", "organization", "workspace", "role", "invited_by", "created_at", "expires_at", "state"]
    list_filter = ["role", "organization"]
    search_fields = ["email", "name", "organization__name"]
    list_select_related = ["organization", "workspace", "invited_by"]
    readonly_fields = ["token_hash", "invited_by", "accepted_by", "accepted_at", "sent_at", "created_at"]
    actions = ["revoke"]

    @admin.display(description="status")
    def state(self, obj):
        return obj.status.label

    def has_add_permission(self, request):
        return False  # only the page mails a link; an admin-made row would have none

    @admin.action(description="Revoke the selected invitations")
    def revoke(self, request, queryset):
        from .invitations import InvitationUnusable, revoke_invitation

        for invitation in queryset:
            try:
                revoke_invitation(invitation, actor=request.user)
            except InvitationUnusable as exc:
                self.message_user(request, f"{invitation.email}: {exc}", level="error")


def platform_admins_only(self, request, obj=None):
    """An admin permission method (module, view, add, change, delete) that only platform admins pass."""
    return admin_organizations(request) is None


@admin.register(ObjectGrant)
class ObjectGrantAdmin(admin.ModelAdmin):
    """Grants point at any model, so only platform admins manage them here."""

    list_display = ["user", "permission", "content_type", "object_pk", "expires_at", "granted_at"]
    list_filter = ["content_type"]
    search_fields = ["user__username", "object_pk", "permission__codename"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "permission", "content_type"]

    has_module_permission = has_view_permission = has_change_permission = platform_admins_only
    has_add_permission = has_delete_permission = platform_admins_only


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles are platform-wide: their permissions are read and changed by platform admins only."""

    has_module_permission = has_view_permission = has_change_permission = platform_admins_only
    has_add_permission = has_delete_permission = platform_admins_only


admin.site.unregister(User)


@admin.register(User)
class DragonflyUserAdmin(OrganizationScopedAdmin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "memberships__organization", "memberships__role"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if admin_organizations(request) is not None:
            qs = qs.filter(is_superuser=False)
        return qs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if admin_organizations(request) is None or obj is None:
            return fieldsets
        # An organization admin edits people, not platform powers.
        return [
            (None, {"fields": ("username", "password")}),
            ("Personal info", {"fields": ("first_name", "last_name", "email")}),
            ("Status", {"fields": ("is_active",)}),
        ]
