"""Which dashboard a person sees, the changes they make to their own, and the defaults an admin sets.

A person's first change copies what they saw (their role's default, the workspace's, or the
built-in one) into a dashboard of their own; "reset" drops it again. A personal layout is a
preference, like a profile setting, so it writes no activity entry; a default is a workspace
setting others see, so it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import require
from dragonfly.tenancy.access import can_access_workspace, role_in_workspace
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role

from .errors import DashboardInvalid
from .models import Dashboard, DashboardWidget, WidgetSize
from .registry import Widget, default_layout, get_widget, widgets_for

DEFAULTS_PERM = "dashboard.set_default_dashboard"


@dataclass
class Placed:
    """A widget as placed on the dashboard a person sees."""

    widget: Widget
    size: str

    @property
    def key(self) -> str:
        return self.widget.key


@dataclass
class Layout:
    """What a person sees in a workspace, and where it comes from ("own", "role", "workspace", "built-in")."""

    source: str
    placed: list[Placed]
    dashboard: Dashboard | None = None

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.placed]


def check_member(user: Any, workspace: Workspace) -> None:
    """A dashboard is for the workspace's members (the pages and the API answer 404 before this)."""
    if not can_access_workspace(user, workspace):
        raise PermissionDenied(_("You are not a member of this workspace."))


def _rows(dashboard: Dashboard | None) -> list[tuple[str, str]]:
    if dashboard is None:
        return default_layout()
    return [(w.key, w.size) for w in dashboard.widgets.all()]


def _candidates(user: Any, workspace: Workspace) -> dict[str, Dashboard]:
    """The person's own dashboard, their role's default and the workspace's: one query (+ their widgets)."""
    role = role_in_workspace(user, workspace)
    mine = Q(user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    rows = Dashboard.objects.filter(
        Q(workspace=workspace) & (mine | Q(user__isnull=True, role=role) | Q(user__isnull=True, role__isnull=True))
    ).prefetch_related("widgets")
    found = {}
    for dashboard in rows:
        kind = "own" if dashboard.user_id else ("role" if dashboard.role else "workspace")
        found[kind] = dashboard
    return found


def layout_for(user: Any, workspace: Workspace) -> Layout:
    """The widgets `user` sees in `workspace`, in order: their own dashboard, else their role's default,
    else the workspace's, else the built-in one; only the widgets their role may see."""
    found = _candidates(user, workspace)
    source = next((kind for kind in ("own", "role", "workspace") if kind in found), "built-in")
    dashboard = found.get(source)
    placed = []
    for key, size in _rows(dashboard):
        widget = get_widget(key)
        if widget is not None and widget.available_to(user, workspace):
            placed.append(Placed(widget, size))
    return Layout(source, placed, dashboard)


def default_for(workspace: Workspace, role: int | None) -> Dashboard | None:
    return (
        Dashboard.objects.filter(workspace=workspace, user__isnull=True, role=role).prefetch_related("widgets").first()
    )


def default_rows(workspace: Workspace, role: int | None) -> list[tuple[str, str]]:
    """(key, size) of the default a role (or, with None, everyone) starts from; the built-in one if unset."""
    return _rows(default_for(workspace, role))


# --- a person's own dashboard -----------------------------------------------------------------
def _own(user: Any, workspace: Workspace) -> Dashboard:
    """The person's own dashboard, made from what they see now on their first change (locked)."""
    check_member(user, workspace)
    dashboard = Dashboard.objects.select_for_update().filter(workspace=workspace, user=user).first()
    if dashboard is not None:
        return dashboard
    seen = layout_for(user, workspace)
    try:
        with transaction.atomic():  # a second tab making the same first change: the first one wins
            dashboard = Dashboard.objects.create(workspace=workspace, user=user, updated_by=user)
    except IntegrityError:
        return Dashboard.objects.select_for_update().get(workspace=workspace, user=user)
    _write(dashboard, [(p.key, p.size) for p in seen.placed])
    return dashboard


def _write(dashboard: Dashboard, rows: Sequence[tuple[str, str]]) -> None:
    dashboard.widgets.all().delete()
    DashboardWidget.objects.bulk_create(
        DashboardWidget(dashboard=dashboard, key=key, size=size, position=i) for i, (key, size) in enumerate(rows)
    )


def _widget_for(user: Any, workspace: Workspace, key: str) -> Widget:
    widget = get_widget(key)
    if widget is None:
        raise DashboardInvalid(_("There is no widget “%(key)s”.") % {"key": key})
    if not widget.available_to(user, workspace):
        raise DashboardInvalid(_("Your role does not see “%(widget)s” in this workspace.") % {"widget": widget.title})
    return widget


def _size(size: str | None, widget: Widget) -> str:
    size = size or widget.size
    if size not in WidgetSize.values:
        raise DashboardInvalid(_("Pick a size from the list: small or wide."))
    return size


def _placed(dashboard: Dashboard, key: str) -> DashboardWidget:
    row = dashboard.widgets.filter(key=key).first()
    if row is None:
        raise DashboardInvalid(_("This widget is not on your dashboard."))
    return row


def add_widget(workspace: Workspace, *, actor: Any, key: str, size: str | None = None) -> DashboardWidget:
    """Put a widget at the end of the actor's dashboard."""
    widget = _widget_for(actor, workspace, key)
    size = _size(size, widget)
    with transaction.atomic():
        dashboard = _own(actor, workspace)
        if dashboard.widgets.filter(key=key).exists():
            raise DashboardInvalid(_("“%(widget)s” is already on your dashboard.") % {"widget": widget.title})
        last = dashboard.widgets.order_by("-position").values_list("position", flat=True).first()
        row = DashboardWidget.objects.create(
            dashboard=dashboard, key=key, size=size, position=0 if last is None else last + 1
        )
        dashboard.save(update_fields=["updated_at"])
    return row


def remove_widget(workspace: Workspace, *, actor: Any, key: str) -> None:
    with transaction.atomic():
        dashboard = _own(actor, workspace)
        _placed(dashboard, key).delete()
        dashboard.save(update_fields=["updated_at"])


def resize_widget(workspace: Workspace, *, actor: Any, key: str, size: str) -> DashboardWidget:
    if size not in WidgetSize.values:
        raise DashboardInvalid(_("Pick a size from the list: small or wide."))
    with transaction.atomic():
        dashboard = _own(actor, workspace)
        row = _placed(dashboard, key)
        row.size = size
        row.save(update_fields=["size"])
    return row


def move_widget(workspace: Workspace, *, actor: Any, key: str, direction: str) -> list[str]:
    """Move a widget one place "up" (earlier) or "down"; returns the new order of keys."""
    if direction not in ("up", "down"):
        raise DashboardInvalid(_("Move a widget up or down."))
    with transaction.atomic():
        dashboard = _own(actor, workspace)
        keys = list(dashboard.widgets.values_list("key", flat=True))
        if key not in keys:
            raise DashboardInvalid(_("This widget is not on your dashboard."))
        i = keys.index(key)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(keys):
            keys[i], keys[j] = keys[j], keys[i]
        return _reorder(dashboard, keys)


def reorder_widgets(workspace: Workspace, *, actor: Any, keys: Iterable[str]) -> list[str]:
    """Put the actor's widgets in the order of `keys` (every widget on the dashboard, once)."""
    keys = list(keys)
    with transaction.atomic():
        dashboard = _own(actor, workspace)
        if sorted(keys) != sorted(dashboard.widgets.values_list("key", flat=True)):
            raise DashboardInvalid(_("Name every widget on your dashboard once to reorder them."))
        return _reorder(dashboard, keys)


def _reorder(dashboard: Dashboard, keys: list[str]) -> list[str]:
    rows = {row.key: row for row in dashboard.widgets.all()}
    for position, key in enumerate(keys):
        rows[key].position = position
    DashboardWidget.objects.bulk_update(rows.values(), ["position"])
    dashboard.save(update_fields=["updated_at"])
    return keys


def reset_dashboard(workspace: Workspace, *, actor: Any) -> None:
    """Drop the actor's own dashboard: they see the default again."""
    check_member(actor, workspace)
    Dashboard.objects.filter(workspace=workspace, user=actor).delete()


# --- defaults (org admins) --------------------------------------------------------------------
def set_default_dashboard(
    workspace: Workspace, *, actor: Any, role: int | None, widgets: Sequence[tuple[str, str]]
) -> Dashboard:
    """The dashboard a role (or, with None, everyone) sees in `workspace` until they make their own.
    `widgets` are (key, size) in order; any registered widget may be on it (each viewer sees those
    their role may)."""
    require(actor, DEFAULTS_PERM, workspace, _("Your role does not set this workspace's default dashboards."))
    if role is not None and role not in Role.values:
        raise DashboardInvalid(_("Pick a role from the list."))
    keys = [key for key, _size in widgets]
    if len(set(keys)) != len(keys):
        raise DashboardInvalid(_("Put each widget on a dashboard once."))
    for key, size in widgets:
        if get_widget(key) is None:
            raise DashboardInvalid(_("There is no widget “%(key)s”.") % {"key": key})
        if size not in WidgetSize.values:
            raise DashboardInvalid(_("Pick a size from the list: small or wide."))
    with transaction.atomic():
        dashboard, created = Dashboard.objects.select_for_update().get_or_create(
            workspace=workspace, user=None, role=role, defaults={"updated_by": actor}
        )
        _write(dashboard, widgets)
        dashboard.updated_by = actor
        dashboard.save(update_fields=["updated_by", "updated_at"])
        record_activity(
            dashboard,
            actor=actor,
            verb="dashboard.default_set",
            data={"role": dashboard.role_label, "widgets": keys, "created": created},
        )
    return dashboard


def clear_default_dashboard(workspace: Workspace, *, actor: Any, role: int | None) -> None:
    """Forget a role's default (its people then see the workspace's, or the built-in one)."""
    require(actor, DEFAULTS_PERM, workspace, _("Your role does not set this workspace's default dashboards."))
    with transaction.atomic():
        dashboard = Dashboard.objects.filter(workspace=workspace, user=None, role=role).first()
        if dashboard is None:
            return
        record_activity(dashboard, actor=actor, verb="dashboard.default_cleared", data={"role": dashboard.role_label})
        dashboard.delete()


# --- the workspace's key figures (the API) ----------------------------------------------------
def get_workspace_dashboard(workspace: Workspace, *, user: Any) -> dict[str, Any]:
    """The platform spec's get_workspace_dashboard: every widget's key figures the user may see in the
    workspace, keyed by widget. Each widget costs a fixed number of queries, whatever the data."""
    check_member(user, workspace)
    return {
        "workspace": {"id": workspace.pk, "name": workspace.name, "organization": workspace.organization.slug},
        "figures": {widget.key: widget.figures(user, workspace) for widget in widgets_for(user, workspace)},
    }
