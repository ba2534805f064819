from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Workspace

from .navigation import modules_for


def shell(request):
    """What the base layout needs: modules, workspace switcher, unread count, queue count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    workspace = request.workspace or None
    access = get_access(user)
    from dragonfly.notifications.models import Notification

    def waiting_reviews():
        from advancing.selectors import waiting_review_count

        return waiting_review_count(user)

    return {
        "current_workspace": workspace,
        "switcher_workspaces": lambda: list(
            Workspace.objects.visible_to(user).filter(archived=False).select_related("organization")
        ),
        "nav_modules": modules_for(user, workspace),
        "unread_notifications": lambda: Notification.objects.visible_to(user).unread().count(),
        "waiting_reviews": waiting_reviews,
        "is_org_admin": bool(
            workspace and (access.is_platform_admin or workspace.organization_id in access.admin_organization_ids)
        ),
    }
