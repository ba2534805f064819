"""What the assets pages share: fetching what the user may see, paging, errors, the sub-navigation."""

from dragonfly.core.navigation import tab_links
from dragonfly.core.pages import error_status, paginate, safe_querystring, visible_or_404  # noqa: F401 (re-exported)

TABS = [
    ("assets", "Assets", "assets:workspace_home"),
    ("kits", "Kits", "assets:kits"),
    ("reservations", "Reservations", "assets:reservations"),
    ("availability", "Availability", "assets:availability"),
    ("utilization", "Utilization", "assets:utilization"),
    ("maintenance", "Maintenance", "assets:maintenance"),
]


def tabs(workspace, active):
    return tab_links(workspace, active, TABS)
