"""A dashboard's widgets rendered for one person: each widget's context, computed through its registry
class (and so through the modules' `visible_to`), wrapped for the grid template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from .services import Layout, Placed, layout_for


@dataclass
class Rendered:
    placed: Placed
    context: dict[str, Any]
    first: bool
    last: bool

    @property
    def widget(self) -> Any:
        return self.placed.widget

    @property
    def size(self) -> str:
        return self.placed.size


def rendered_widgets(user: Any, workspace: Any, layout: Layout) -> list[Rendered]:
    count = len(layout.placed)
    return [
        Rendered(placed, placed.widget.context(user, workspace), i == 0, i == count - 1)
        for i, placed in enumerate(layout.placed)
    ]


def home_section(request: Any, workspace: Any) -> str:
    """The person's dashboard on the home page (read only; the dashboard page changes it)."""
    if not getattr(request.user, "is_authenticated", False):
        return ""
    layout = layout_for(request.user, workspace)
    context = {"workspace": workspace, "layout": layout, "widgets": rendered_widgets(request.user, workspace, layout)}
    return render_to_string("dashboard/_home.html", context, request=request)
