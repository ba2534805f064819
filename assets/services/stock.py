"""Reserving from a pool: N assets of a category of the organization, not one named asset or kit.

A module above (advancing, when an advance is approved) asks for "4 of Lighting, 2 of Audio from the
3rd to the 5th"; this takes the free ones and books them, one reservation per workspace that holds
them. Every asset of the asked categories is locked (`select_for_update`, in pk order, the order
`reserve` locks in) before the free ones are counted, so two callers racing for the last units take
turns: the second sees what the first booked and is told it is short. On PostgreSQL the exclusion
constraint `asset_never_double_booked` is the last word.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import AssetInvalid, StockShort
from ..models import UNRESERVABLE_STATUSES, Asset, Reservation, ReservationItem
from ._common import require
from .reservations import _check_dates, write_booking

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from productions.models import Production


@dataclass(frozen=True)
class PoolRequest:
    """`count` assets of `category`; `key` is the caller's name for the request (a line id)."""

    key: Hashable
    category: str
    count: int
    notes: str = ""


@dataclass
class PoolBooking:
    key: Hashable
    asked: int
    reservations: list[Reservation] = field(default_factory=list)
    taken: int = 0

    @property
    def short(self) -> int:
        return max(self.asked - self.taken, 0)


def reserve_from_pool(
    *,
    actor: User,
    organization_id: int,
    requests: Sequence[PoolRequest],
    start_date: datetime.date,
    end_date: datetime.date,
    production: Production | None = None,
    take_free: bool = False,
    check_perm: bool = True,
) -> list[PoolBooking]:
    """Book the asked number of free assets of each category in the organization for the days.

    Requests are served in order from the same pool (two lines of Lighting share it). When a
    category has fewer free than asked, StockShort is raised and nothing is written, unless
    `take_free`: then what is free is booked and each booking says how many are missing.
    `check_perm=False` is for a caller whose own permission already covers it (an approver)."""
    _check_dates(start_date, end_date)
    if any(r.count < 0 for r in requests):
        raise AssetInvalid(_("Ask for a positive number of assets."))
    categories = sorted({r.category for r in requests if r.count})
    bookings = [PoolBooking(r.key, r.count) for r in requests]
    if not categories:
        return bookings
    with transaction.atomic():
        locked = list(
            Asset.objects.select_for_update()
            .filter(organization_id=organization_id, category__in=categories)
            .exclude(status__in=UNRESERVABLE_STATUSES)
            .order_by("pk")
        )
        busy = set(
            ReservationItem.objects.filter(
                asset_id__in=[a.pk for a in locked], active=True, start_date__lte=end_date, end_date__gte=start_date
            ).values_list("asset_id", flat=True)
        )
        pool: dict[str, list[Asset]] = defaultdict(list)
        for asset in locked:
            if asset.pk not in busy:
                pool[asset.category].append(asset)
        chosen: list[list[Asset]] = []
        for request, booking in zip(requests, bookings, strict=True):
            free = pool[request.category]
            taken, pool[request.category] = free[: request.count], free[request.count :]
            booking.taken = len(taken)
            chosen.append(taken)
        short = {b.key: b.short for b in bookings if b.short}
        if short and not take_free:
            raise StockShort(_("Not enough free assets for these days."), short)
        for request, booking, assets in zip(requests, bookings, chosen, strict=True):
            by_workspace: dict[int, list[Asset]] = defaultdict(list)
            for asset in assets:
                by_workspace[asset.workspace_id].append(asset)
            for workspace_id, group in sorted(by_workspace.items()):
                if check_perm:
                    require(actor, "assets.add_reservation", group[0], _("Your role does not reserve assets here."))
                booking.reservations.append(
                    _book(actor, workspace_id, group, start_date, end_date, production, request.notes)
                )
    return bookings


def _book(actor, workspace_id, assets, start_date, end_date, production, notes):
    return write_booking(
        actor,
        assets,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
        workspace_id=workspace_id,
        production=production,
    )
