"""What the assets pages share: fetching what the user may see, paging, errors, the sub-navigation."""

from django.urls import reverse

from dragonfly.core.pages import error_status, paginate, safe_querystring, visible_or_404  # noqa: F401 (re-exported)

PER_PAGE = 25


def tabs(workspace, active):
    args = [workspace.organization.slug, workspace.slug]
    items = [
        ("assets", "Assets", reverse("assets:workspace_home", args=args)),
        ("kits", "Kits", reverse("assets:kits", args=args)),
        ("reservations", "Reservations", reverse("assets:reservations", args=args)),
        ("availability", "Availability", reverse("assets:availability", args=args)),
        ("utilization", "Utilization", reverse("assets:utilization", args=args)),
        ("maintenance", "Maintenance", reverse("assets:maintenance", args=args)),
    ]
    return {"tabs": items, "active_tab": active}
