"""What the assets pages share: fetching what the user may see, paging, errors, the sub-navigation."""

from django.utils.translation import gettext_lazy as _

from dragonfly.core.navigation import tab_links
from dragonfly.core.pages import error_status, paginate, safe_querystring, visible_or_404  # noqa: F401 (re-exported)

TABS = [
    ("assets", _("Assets"), "assets:workspace_home"),
    ("kits", _("Kits"), "assets:kits"),
    ("reservations", _("Reservations"), "assets:reservations"),
    ("availability", _("Availability"), "assets:availability"),
    ("utilization", _("Utilization"), "assets:utilization"),
    ("maintenance", _("Maintenance"), "assets:maintenance"),
]


def tabs(workspace, active):
    return tab_links(workspace, active, TABS)
