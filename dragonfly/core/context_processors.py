from dragonfly.tenancy.access import is_org_admin, user_theme
from dragonfly.tenancy.models import Workspace

from .navigation import badge_count, badge_label, modules_for


def shell(request):
    """What the base layout needs: modules, workspace switcher, unread count, queue count."""
    from django.conf import settings

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"open_signup": settings.OPEN_SIGNUP, "ui_theme": "system"}  # sign-up offered when open
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
        "ui_theme": user_theme(user),
        "live_socket": settings.REALTIME_SOCKET,  # static/js/live.js connects here; empty: no socket
    }
