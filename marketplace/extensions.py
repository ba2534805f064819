"""What the marketplace plugs into lower modules' pages: the asset page's "List on the marketplace"
button (assets offers the registry, `assets.extensions`; it never imports the marketplace)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _list_asset_url(asset: Any) -> str:
    workspace = asset.workspace
    url = reverse("marketplace:list_asset", args=[workspace.organization.slug, workspace.slug])
    return f"{url}?{urlencode({'asset': asset.pk})}"


def _may_list(user: Any, asset: Any) -> bool:
    return bool(user.has_perm("marketplace.add_listing", asset.workspace))


def register() -> None:
    from assets.extensions import register_action

    register_action(
        "marketplace", label=_("List on the marketplace"), url=_list_asset_url, shown=_may_list, position=50
    )


# What a module above the marketplace adds to an order's page (integrations: "Pay by card"):
# callables (request, order) -> HTML or None, registered from that module's AppConfig.ready().
_ORDER_PANELS: list = []


def register_order_panel(panel: Any) -> None:
    if panel not in _ORDER_PANELS:
        _ORDER_PANELS.append(panel)


def order_panels(request: Any, order: Any) -> list:
    return [html for panel in _ORDER_PANELS if (html := panel(request, order))]
