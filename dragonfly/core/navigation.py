"""The modules in the navigation, and who may open each: defined once, read by the shell and views."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import get_access


@dataclass(frozen=True)
class Module:
    app_label: str
    label: str | Promise  # gettext_lazy: read in the viewer's language
    url_name: str
    # Apps whose pages sit inside this module (the venue pages of `locations` in Events): a grant
    # on one of their objects opens the module too.
    hosts: tuple[str, ...] = ()

    @property
    def open_perm(self):
        return f"{self.app_label}.open_module"


MODULES = [
    Module("advancing", _("Advancing"), "advancing:home"),
    Module("productions", _("Productions"), "productions:home"),
    Module("events", _("Events"), "events:home", hosts=("locations",)),
    Module("people", _("People"), "people:home"),
    Module("assets", _("Assets"), "assets:home"),
    Module("finance", _("Finance"), "finance:home"),
    Module("reports", _("Reports"), "reports:home"),
    Module("resources", _("Resources"), "resources:home"),
]
MODULES_BY_APP = {m.app_label: m for m in MODULES}


@dataclass(frozen=True)
class Tab:
    """An entry of a module's sub-navigation: shown to whoever holds `perm` on the page's object."""

    name: str
    label: str | Promise
    url_name: str
    perm: str


def open_tabs(user, obj, tabs):
    """The tabs `user` may open on `obj`; the first (the overview) always shows."""
    return [tab for tab in tabs if tab is tabs[0] or user.has_perm(tab.perm, obj)]


def tab_links(workspace, active, entries):
    """A module's sub-navigation for its templates: `tabs` as (key, label, url) from (key, label, url name
    of a workspace page), and the `active_tab`."""
    from django.urls import reverse

    args = [workspace.organization.slug, workspace.slug]
    return {"tabs": [(key, label, reverse(name, args=args)) for key, label, name in entries], "active_tab": active}


def can_open_module(user, workspace, app_label):
    """A module opens for a role that carries its `open_module` permission in the workspace,
    or for someone holding a grant on one of its objects (a Merchant, a Visitor)."""
    module = MODULES_BY_APP[app_label]
    if module_switched_off(user, workspace, app_label):
        return False
    if workspace and user.has_perm(module.open_perm, workspace):
        return True
    access = get_access(user)
    apps = {module.app_label, *module.hosts}
    return any(ct_app in apps for ct_app in access.granted_app_labels)


def module_switched_off(user, workspace, app_label):
    """Whether the organization or the workspace switched the module off (its settings): then it is
    gone for everyone there, from the navigation and (require_module) as a 404."""
    return bool(workspace) and get_access(user).module_off(app_label, workspace)


def modules_for(user, workspace):
    return [m for m in MODULES if can_open_module(user, workspace, m.app_label)]


# A module puts a count on its navigation entry (advances waiting for review) by registering a
# function of the user in its AppConfig.ready(): the core shows it without importing the module.
_badges: dict[str, Callable[[Any], int]] = {}


# A badge counts at most BADGE_CAP rows and then says "99+": read on every page, it must not count
# a reviewer's whole backlog or an inbox of years.
BADGE_CAP = 99


def register_badge(app_label, count):
    """`count(user, cap=…)` returns the user's rows, counted up to `cap` + 1 at most."""
    _badges[app_label] = count


def badge_label(count):
    """The number a badge shows: 0 (no badge), 1 … 99, or "99+"."""
    return f"{BADGE_CAP}+" if count > BADGE_CAP else count


def badge_count(app_label, user):
    count = _badges.get(app_label)
    return badge_label(count(user, cap=BADGE_CAP)) if count else 0


def capped_count(queryset, cap):
    """How many rows, counting no further than cap + 1 (ids only, no whole-table COUNT)."""
    return queryset.order_by().values("pk")[: cap + 1].count() if cap is not None else queryset.count()


# A module above the core puts a section on the home page (the dashboard) by registering a function
# of (request, workspace) returning HTML in its AppConfig.ready(): the core shows it without importing it.
_home_sections: dict[str, Callable[[Any, Any], str]] = {}


def provide_home_section(key, section):
    """Register (or replace) a home page section under `key`, shown in registration order."""
    _home_sections[key] = section


def home_sections(request, workspace):
    """The registered sections' HTML for the current workspace, skipping those with nothing to show."""
    return [html for html in (section(request, workspace) for section in _home_sections.values()) if html]
