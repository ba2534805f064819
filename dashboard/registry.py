"""The widgets a dashboard can show: one class per widget, registered here by key.

A widget says who may see it (`perm`, held in the workspace), and computes what it shows from
(user, workspace) through the modules' `visible_to` querysets: `figures` are its key numbers (the
API's answer, a fixed number of queries whatever the data), `context` what its template adds
(a few rows, a chart). A later module adds its own widget with `register(MyWidget)`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise

from .models import WidgetSize


class Widget:
    key: ClassVar[str] = ""
    title: ClassVar[str | Promise] = ""
    description: ClassVar[str | Promise] = ""
    perm: ClassVar[str] = ""  # held in the workspace, through the one permission backend
    template: ClassVar[str] = ""
    size: ClassVar[str] = WidgetSize.SMALL  # the size it is added at
    # On the dashboard a person sees before anyone set one (in registration order).
    default: ClassVar[bool] = True

    def available_to(self, user: Any, workspace: Any) -> bool:
        return bool(user.has_perm(self.perm, workspace))

    def figures(self, user: Any, workspace: Any) -> dict[str, Any]:
        """The widget's key figures, plain JSON values."""
        return {}

    def context(self, user: Any, workspace: Any) -> dict[str, Any]:
        """What the template reads; by default the figures alone."""
        return {"figures": self.figures(user, workspace)}


_widgets: dict[str, Widget] = {}


def register(widget_class: type[Widget]) -> type[Widget]:
    """Add (or replace) a widget under its key; usable as a class decorator."""
    _widgets[widget_class.key] = widget_class()
    return widget_class


def get_widget(key: str) -> Widget | None:
    return _widgets.get(key)


def all_widgets() -> list[Widget]:
    return list(_widgets.values())


def widgets_for(user: Any, workspace: Any) -> list[Widget]:
    """The widgets `user` may put on their dashboard in `workspace`."""
    return [w for w in _widgets.values() if w.available_to(user, workspace)]


def default_layout() -> list[tuple[str, str]]:
    """(key, size) of the built-in default dashboard."""
    return [(w.key, w.size) for w in _widgets.values() if w.default]
