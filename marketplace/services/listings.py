"""Listings: what a workspace offers, created and edited by its members with the listing permissions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.tenancy.access import require
from finance.errors import FinanceInvalid
from finance.money import amount, currency

from ..errors import MarketplaceInvalid
from ..models import Listing, ListingCategory, ListingKind, ListingStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from assets.models import Asset
    from dragonfly.tenancy.models import Workspace

LISTING_FIELDS = [
    "kind",
    "category",
    "title",
    "description",
    "price",
    "currency",
    "unit",
    "stock",
    "available_from",
    "available_until",
    "status",
]


def _clean(workspace: Workspace, values: dict[str, Any]) -> dict[str, Any]:
    title = (values.get("title") or "").strip()
    if not title:
        raise MarketplaceInvalid(_("Give the listing a title."))
    if values.get("kind") not in ListingKind.values:
        raise MarketplaceInvalid(_("Say whether the listing is for sale, for rent or a service."))
    if values.get("category") not in ListingCategory.values:
        raise MarketplaceInvalid(_("Pick one of the listed categories."))
    if values.get("status") not in ListingStatus.values:
        raise MarketplaceInvalid(_("A listing is a draft, published or withdrawn."))
    try:
        values["price"] = amount(values.get("price"), _("The price"))
        values["currency"] = currency(values.get("currency"), workspace.organization)
    except FinanceInvalid as exc:
        raise MarketplaceInvalid(str(exc)) from None
    stock = values.get("stock")
    if stock is not None and (not isinstance(stock, int) or stock < 0):
        raise MarketplaceInvalid(_("Stock is a whole number of units, 0 or more; leave it empty for no limit."))
    start, end = values.get("available_from"), values.get("available_until")
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        raise MarketplaceInvalid(_("The listing can't be available until a day before it is available from."))
    values["title"] = title[:200]
    values["description"] = (values.get("description") or "").strip()
    values["unit"] = (values.get("unit") or "").strip()[:40]
    return values


def create_listing(*, actor: User, workspace: Workspace, asset: Asset | None = None, **fields: Any) -> Listing:
    require(actor, "marketplace.add_listing", workspace, _("Your role does not list offers in this workspace."))
    values = {"kind": ListingKind.SALE, "category": ListingCategory.OTHER, "status": ListingStatus.DRAFT}
    values.update({key: fields[key] for key in LISTING_FIELDS if key in fields})
    values = _clean(workspace, values)
    with transaction.atomic():
        listing = Listing.objects.create(workspace=workspace, asset=asset, created_by=actor, **values)
        record_activity(listing, actor=actor, verb="listing.created", to_state=listing.status)
    return listing


def update_listing(listing: Listing, *, actor: User, **changes: Any) -> Listing:
    require(actor, "marketplace.change_listing", listing, _("Your role does not edit this listing."))
    values = {key: getattr(listing, key) for key in LISTING_FIELDS}
    values.update({key: changes[key] for key in LISTING_FIELDS if key in changes})
    values = _clean(listing.workspace, values)
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        if "stock" not in changes:
            values["stock"] = locked.stock  # orders placed meanwhile took units: keep what is left
        before = {key: getattr(locked, key) for key in values}
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        changed = {key: [str(before[key]), str(value)] for key, value in values.items() if before[key] != value}
        record_activity(
            locked,
            actor=actor,
            verb="listing.edited",
            from_state=before["status"],
            to_state=locked.status,
            data={"changes": changed},
        )
    return locked


def list_asset(
    asset: Asset,
    *,
    actor: User,
    price: Any,
    kind: str = ListingKind.SALE,
    category: str = "",
    currency: str | None = None,
    status: str = ListingStatus.DRAFT,
    description: str = "",
) -> Listing:
    """A draft listing (unless told otherwise) offering one of the workspace's own surplus assets."""
    details = ", ".join(part for part in (asset.make, asset.model_name) if part)
    return create_listing(
        actor=actor,
        workspace=asset.workspace,
        asset=asset,
        kind=kind,
        category=category or _category_of(asset),
        title=asset.name,
        description=description or details,
        price=price,
        currency=currency or asset.currency,
        unit=_("per unit") if kind == ListingKind.SALE else _("per day"),
        stock=1,
        status=status,
    )


def _category_of(asset: Asset) -> str:
    named = (asset.category or "").strip().lower()
    return named if named in ListingCategory.values else ListingCategory.OTHER
