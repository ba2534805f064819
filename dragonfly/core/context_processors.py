from dragonfly.tenancy.access import is_org_admin
from dragonfly.tenancy.models import Workspace

from .navigation import badge_count, badge_label, modules_for


def shell(request):
    """What the base layout needs: modules, workspace switcher, unread count, queue count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        from django.conf import settings

        return {"open_signup": settings.OPEN_SIGNUP}  # the login page offers sign-up when it is open
    workspace = request.workspace or None
    from dragonfly.notifications.services import unread_figure

    return {
        "current_workspace": workspace,
        "switcher_workspaces": lambda: list(
            Workspace.objects.visible_to(user).filter(archived=False).select_related("organization")
        ),
        "nav_modules": modules_for(user, workspace),
        "unread_notifications": lambda: badge_label(unread_figure(user)),  # cached per user (dragonfly.core.hot)
        "waiting_reviews": lambda: badge_count("advancing", user),
        "is_org_admin": bool(workspace and is_org_admin(user, workspace.organization_id)),
    }
