from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import get_access


class DragonflyAdminSite(AdminSite):
    site_header = _("Dragonfly administration")
    site_title = _("Dragonfly admin")
    index_title = "Organizations, people and data"

    def has_permission(self, request):
        """Staff who are platform admins or administer an organization (Phantom)."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        access = get_access(user)
        return access.is_platform_admin or bool(access.admin_organization_ids)


def never(self, request, obj=None):
    """An admin permission method that always refuses: `has_add_permission = has_delete_permission = never`
    on a ModelAdmin whose rows are evidence (an activity log, a ledger) nobody changes from the admin."""
    return False
