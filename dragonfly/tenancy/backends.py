"""The two sources `user.has_perm(perm, obj)` answers from (see access.py)."""

from .access import get_access


class WorkspaceRoleBackend:
    """Permissions of the user's role in the object's workspace (or anywhere, without obj)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        access = get_access(user_obj)
        if access.is_platform_admin:
            return True
        if obj is None:
            return access.has_anywhere(perm)
        return access.has_role_perm(perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        access = get_access(user_obj)
        if access.is_platform_admin:
            return True
        prefix = f"{app_label}."
        return any(p.startswith(prefix) for role in access.roles for p in access.role_permissions[role])


class ObjectGrantBackend:
    """Grants on single objects (django-guardian's model), honouring their expiry."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not user_obj.is_active:
            return False
        return get_access(user_obj).has_grant(perm, obj)
