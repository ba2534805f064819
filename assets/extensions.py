"""What higher modules add to an asset's page: action buttons in its header.

Assets is a lower layer: the marketplace (listing a surplus asset) sits above it and is never
imported here. A module registers its button from its AppConfig.ready():

    register_action("marketplace", label=_("List on the marketplace"), url=..., shown=..., position=10)

`url(asset)` gives the page the button opens; `shown(user, asset)` says whether this user sees it
(their permission on the asset's workspace, the asset's state). Registering again under the same
name replaces the earlier entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Asset


@dataclass(frozen=True)
class AssetAction:
    name: str
    label: str | Promise  # a lazy translation: read when the page renders, in the reader's language
    url: Callable[[Asset], str]
    shown: Callable[[Any, Asset], bool]
    position: int = 100


@dataclass(frozen=True)
class ShownAction:
    name: str
    label: str | Promise
    url: str


_actions: dict[str, AssetAction] = {}


def register_action(
    name: str,
    *,
    label: str | Promise,
    url: Callable[[Asset], str],
    shown: Callable[[Any, Asset], bool],
    position: int = 100,
) -> None:
    _actions[name] = AssetAction(name, label, url, shown, position)


def unregister_action(name: str) -> None:
    _actions.pop(name, None)


def actions_for(user: Any, asset: Asset) -> list[ShownAction]:
    """The registered buttons `user` sees on `asset`'s page, left to right."""
    ordered = sorted(_actions.values(), key=lambda action: (action.position, action.name))
    return [ShownAction(a.name, a.label, a.url(asset)) for a in ordered if a.shown(user, asset)]
