"""Advancing against the organization's own stock (issue 22).

A catalog item maps to one category of the organization's assets (StockMapping, `factor` assets per
unit). For the reviewer, each mapped in-house line of an advance says whether the stock is free for
the advance's dates, short by N, or taken by other reservations (named only when the reviewer may see
them): `stock_for_advance`, a fixed number of queries for the whole advance.

Approving reserves: `reserve_on_approval` listens to `advance.approved` inside the approval's
transaction and books the assets through `assets.services.reserve_from_pool`, which locks them. Short
stock refuses the approval (nothing is written) unless the reviewer chose to take what is free
(`taking_free_stock()` around the approval). Before that, "hire the rest" (`hire_the_rest`) turns a
line's shortfall into a hire line.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from assets.errors import StockShort
from assets.models import UNRESERVABLE_STATUSES, Asset, Reservation, ReservationItem
from dragonfly.activity.services import record_activity
from dragonfly.core.events import DomainEvent, subscribe
from dragonfly.tenancy.access import may_any
from productions.wording import in_sentence

from . import services
from .errors import AdvanceInvalid, Conflict
from .models import (
    REVIEW_PERMS,
    REVIEW_QUEUE_STATUSES,
    Advance,
    AdvanceItem,
    CatalogItem,
    Procurement,
    StockMapping,
    StockReservation,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from dragonfly.tenancy.models import Organization

    Viewer = User | AnonymousUser

CLASHES_SHOWN = 5
CENT = Decimal("0.01")


# --- reading: what the stock says about each line ------------------------------------------------
@dataclass
class Clash:
    """Another reservation holding assets of the line's category on some of the days. `label` is
    empty when the reviewer may not see that reservation (it is then counted, not named)."""

    reservation_id: int
    assets: int
    label: str = ""

    @property
    def visible(self) -> bool:
        return bool(self.label)


@dataclass
class LineStock:
    item_id: int
    category: str
    factor: int
    needed: int  # assets
    free: int  # assets free for the line, after the lines above it took theirs
    reserved: int = 0  # assets booked for it at approval
    clashes: list[Clash] = field(default_factory=list)
    hire_quantity: Decimal = Decimal("0")  # line units the stock cannot cover

    @property
    def short(self) -> int:
        """Assets missing: after approval, against what was booked; before, against what is free."""
        return max(self.needed - (self.reserved or self.free), 0)

    @property
    def state(self) -> str:
        """free / short / clash before approval; reserved / short after (something was booked)."""
        if self.reserved:
            return "reserved" if self.reserved >= self.needed else "short"
        if self.short == 0:
            return "free"
        return "clash" if self.clashes else "short"

    def as_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "asset_category": self.category,
            "assets_per_unit": self.factor,
            "needed": self.needed,
            "free": self.free,
            "reserved": self.reserved,
            "short": self.short,
            "state": self.state,
            "hire_quantity": str(self.hire_quantity),
            "clashes": [
                {"reservation_id": c.reservation_id if c.visible else None, "label": c.label, "assets": c.assets}
                for c in self.clashes
            ],
        }


@dataclass
class AdvanceStock:
    dates: tuple[datetime.date, datetime.date] | None
    lines: dict[int, LineStock]

    def for_item(self, item_id: int) -> LineStock | None:
        return self.lines.get(item_id)

    @property
    def any_short(self) -> bool:
        return any(line.short for line in self.lines.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "start_date": self.dates[0].isoformat() if self.dates else None,
            "end_date": self.dates[1].isoformat() if self.dates else None,
            "lines": [line.as_dict() for line in self.lines.values()],
        }


def advance_dates(advance: Advance) -> tuple[datetime.date, datetime.date] | None:
    """The days the stock is needed: the production's dates, else the span of its events."""
    production = advance.production
    if production is None:
        return None
    if production.start_date is not None:
        return production.start_date, production.end_date or production.start_date
    from events.models import Event

    span = Event.objects.filter(production=production).aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        return None
    return timezone.localdate(span["first"]), timezone.localdate(span["last"])


def needed_assets(item: AdvanceItem, factor: int) -> int:
    quantity = item.approved_quantity if item.approved_quantity is not None else item.quantity
    return math.ceil(quantity * factor)


def _mapped_lines(advance: Advance, items: list[AdvanceItem]) -> list[tuple[AdvanceItem, StockMapping]]:
    """The in-house catalog lines the organization maps to stock, in the advance's order (one query)."""
    catalog_ids = {i.catalog_item_id for i in items if i.catalog_item_id and i.procurement == Procurement.NONE}
    if not catalog_ids:
        return []
    mappings = {
        m.catalog_item_id: m
        for m in StockMapping.objects.filter(organization_id=advance.organization_id, catalog_item_id__in=catalog_ids)
    }
    return [(i, mappings[i.catalog_item_id]) for i in items if i.catalog_item_id in mappings and not i.procurement]


def stock_for_advance(advance: Advance, user: Viewer, items: Iterable[AdvanceItem] | None = None) -> AdvanceStock:
    """What the organization's stock says about each mapped line, for the advance's dates.

    A fixed number of queries whatever the number of lines: the mappings, the free and held assets
    per category, what this advance already booked, the other reservations in the way and which of
    those the user may see. Only the advance's organization's assets are counted."""
    items = list(advance.items.all() if items is None else items)
    mapped = _mapped_lines(advance, items)
    if not mapped:
        return AdvanceStock(None, {})
    dates = advance_dates(advance)
    if dates is None:
        return AdvanceStock(None, {})
    start, end = dates
    categories = sorted({m.asset_category for _i, m in mapped})
    own = StockReservation.objects.filter(item__advance=advance).values("reservation_id")
    held = ReservationItem.objects.filter(
        asset=OuterRef("pk"), active=True, start_date__lte=end, end_date__gte=start
    ).exclude(reservation_id__in=own)
    counts = {
        row["category"]: row
        for row in Asset.objects.filter(organization_id=advance.organization_id, category__in=categories)
        .exclude(status__in=UNRESERVABLE_STATUSES)
        .values("category")
        .annotate(total=Count("id"), held=Count("id", filter=Q(Exists(held))))
        .order_by()
    }
    reserved = dict(
        StockReservation.objects.filter(item__advance=advance)
        .values("item_id")
        .annotate(n=Count("reservation__items", filter=Q(reservation__items__active=True)))
        .values_list("item_id", "n")
    )
    clash_rows = (
        ReservationItem.objects.filter(
            asset__organization_id=advance.organization_id,
            asset__category__in=categories,
            active=True,
            start_date__lte=end,
            end_date__gte=start,
        )
        .exclude(reservation_id__in=own)
        .values("asset__category", "reservation_id")
        .annotate(n=Count("id"))
        .order_by("reservation_id")
    )
    clashes: dict[str, list[Clash]] = defaultdict(list)
    for row in clash_rows:
        clashes[row["asset__category"]].append(Clash(row["reservation_id"], row["n"]))
    named = {r for cs in clashes.values() for c in cs[:CLASHES_SHOWN] for r in [c.reservation_id]}
    labels = {}
    if named:
        visible = Reservation.objects.visible_to(user).filter(pk__in=named).select_related("kit", "production")
        labels = {r.pk: _label(r) for r in visible}
    pool = {c: counts[c]["total"] - counts[c]["held"] if c in counts else 0 for c in categories}
    lines = {}
    for item, mapping in mapped:
        category = mapping.asset_category
        line = LineStock(
            item_id=item.pk,
            category=category,
            factor=mapping.factor,
            needed=needed_assets(item, mapping.factor),
            free=max(pool[category], 0),
            reserved=reserved.get(item.pk, 0),
            clashes=[Clash(c.reservation_id, c.assets, labels.get(c.reservation_id, "")) for c in clashes[category]][
                :CLASHES_SHOWN
            ],
        )
        pool[category] -= line.reserved or min(line.needed, line.free)
        if not line.reserved:
            covered_units = Decimal(line.free // mapping.factor)
            quantity = item.approved_quantity if item.approved_quantity is not None else item.quantity
            line.hire_quantity = max(quantity - covered_units, Decimal("0")) if line.short else Decimal("0")
        lines[item.pk] = line
    return AdvanceStock(dates, lines)


def _label(reservation: Reservation) -> str:
    where = reservation.where
    return f"{reservation} ({where})" if where else str(reservation)


# --- approving reserves ----------------------------------------------------------------------------
_take_free = contextvars.ContextVar("advancing_stock_take_free", default=False)


@contextlib.contextmanager
def taking_free_stock(take_free: bool = True) -> Iterator[None]:
    """An approval made in this block books what is free when the stock is short, instead of refusing."""
    token = _take_free.set(take_free)
    try:
        yield
    finally:
        _take_free.reset(token)


def reserve_on_approval(event: DomainEvent) -> None:
    """In the approval's transaction: book the mapped in-house lines' assets for the advance's dates.
    Short stock raises (the approval is undone) unless the reviewer chose to take what is free."""
    advance = event.obj
    if not isinstance(advance, Advance):
        return
    items = list(AdvanceItem.objects.filter(advance=advance).select_related("catalog_item"))
    mapped = _mapped_lines(advance, items)
    dates = advance_dates(advance) if mapped else None
    if not mapped or dates is None:
        return
    requests = [
        asset_services.PoolRequest(
            item.pk,
            mapping.asset_category,
            needed_assets(item, mapping.factor),
            notes=_("Advance #%(pk)s: %(line)s") % {"pk": advance.pk, "line": item.name},
        )
        for item, mapping in mapped
    ]
    names = {item.pk: item.name for item, _m in mapped}
    try:
        bookings = asset_services.reserve_from_pool(
            actor=event.actor,
            organization_id=advance.organization_id,
            requests=requests,
            start_date=dates[0],
            end_date=dates[1],
            production=advance.production,
            take_free=_take_free.get(),
            check_perm=False,  # approve_advance was checked: approving is what reserves
        )
    except StockShort as exc:
        lines = "; ".join(_("“%(line)s” short by %(n)s") % {"line": names[key], "n": n} for key, n in exc.short.items())
        raise Conflict(
            _("Not enough in stock for these dates: %(lines)s. Approve taking what is free, or hire the rest first.")
            % {"lines": lines}
        ) from exc
    StockReservation.objects.bulk_create(
        StockReservation(item_id=int(str(b.key)), reservation=r, assets=r.items.count())
        for b in bookings
        for r in b.reservations
    )


subscribe("advance.approved", in_transaction=True)(reserve_on_approval)


# --- hire the rest ---------------------------------------------------------------------------------
def hire_the_rest(advance: Advance, *, actor: User, item_id: int | str) -> AdvanceItem:
    """A reviewer turns what the stock cannot cover on one line into a hire line: the in-house line
    keeps what is free, a new "to hire" line takes the rest (the whole line flips when nothing is free)."""
    if not may_any(actor, REVIEW_PERMS, advance):
        raise PermissionDenied(_("Only reviewers of this advance may hire what the stock lacks."))
    with transaction.atomic():
        advance = Advance.objects.select_for_update(of=("self",)).select_related("production").get(pk=advance.pk)
        if advance.status not in REVIEW_QUEUE_STATUSES:
            raise AdvanceInvalid(
                _("Lines change only while the advance waits for review; this one is %(status)s.")
                % {"status": in_sentence(advance.get_status_display())}
            )
        items = list(advance.items.select_related("catalog_item"))
        item = next((i for i in items if str(i.pk) == str(item_id)), None)
        if item is None:
            raise AdvanceInvalid(_("This line is not part of the advance."))
        line = stock_for_advance(advance, actor, items).for_item(item.pk)
        if line is None:
            raise AdvanceInvalid(_("“%(line)s” is not taken from stock.") % {"line": item.name})
        if not line.short or line.hire_quantity <= 0:
            raise AdvanceInvalid(_("The stock covers “%(line)s”; there is nothing to hire.") % {"line": item.name})
        hired = _split_off(advance, item, line.hire_quantity)
        services.recompute_totals(advance)
        record_activity(
            advance,
            actor=actor,
            verb="advance.edited",
            trigger=services.TRIGGERS["advance.edited"],
            note=_("Hire the rest: %(quantity)s × “%(line)s” to hire, the stock is short.")
            % {"quantity": services.fmt(hired.quantity), "line": hired.name},
            data={"hire_the_rest": {"item_id": item.pk, "hire_item_id": hired.pk, "quantity": str(hired.quantity)}},
        )
    return hired


def _split_off(advance: Advance, item: AdvanceItem, quantity: Decimal) -> AdvanceItem:
    if quantity >= item.quantity:
        item.procurement = Procurement.HIRE
        item.save(update_fields=["procurement"])
        return item
    item.quantity -= quantity
    item.total_cost = (item.quantity * item.unit_cost).quantize(CENT)
    if item.approved_quantity is not None:
        item.approved_quantity = min(item.approved_quantity, item.quantity)
    item.save(update_fields=["quantity", "total_cost", "approved_quantity"])
    return AdvanceItem.objects.create(
        advance=advance,
        catalog_item=item.catalog_item,
        name=item.name,
        description=item.description,
        quantity=quantity,
        unit=item.unit,
        unit_cost=item.unit_cost,
        total_cost=(quantity * item.unit_cost).quantize(CENT),
        procurement=Procurement.HIRE,
        notes=_("Hired: the stock is short for these dates."),
        position=item.position,
    )


# --- the mapping ------------------------------------------------------------------------------------
MANAGE_PERM = "assets.change_asset"


def may_map_stock(user: Viewer, workspace: Any) -> bool:
    """Who manages the organization's assets maps the catalog to them."""
    return bool(workspace) and user.has_perm(MANAGE_PERM, workspace)


def asset_categories(organization: Organization) -> list[str]:
    return list(
        Asset.objects.filter(organization=organization)
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def save_mapping(
    organization: Organization,
    *,
    actor: User,
    workspace: Any,
    catalog_item: CatalogItem,
    asset_category: str,
    factor: int = 1,
) -> StockMapping:
    """Map a catalog item to one of the organization's asset categories (replacing its earlier mapping)."""
    if not may_map_stock(actor, workspace) or workspace.organization_id != organization.pk:
        raise PermissionDenied(_("Only who manages the assets maps the catalog to them."))
    category = (asset_category or "").strip()
    if category not in asset_categories(organization):
        raise AdvanceInvalid(_("Pick one of the organization's asset categories."))
    if not isinstance(factor, int) or not 1 <= factor <= 1000:
        raise AdvanceInvalid(_("Assets per unit is a whole number from 1 to 1000."))
    with transaction.atomic():
        mapping, _created = StockMapping.objects.update_or_create(
            organization=organization,
            catalog_item=catalog_item,
            defaults={"asset_category": category, "factor": factor},
        )
    return mapping


def delete_mapping(mapping: StockMapping, *, actor: User, workspace: Any) -> None:
    if not may_map_stock(actor, workspace) or workspace.organization_id != mapping.organization_id:
        raise PermissionDenied(_("Only who manages the assets maps the catalog to them."))
    mapping.delete()


def mappings_of(organization: Organization) -> list[StockMapping]:
    return list(StockMapping.objects.filter(organization=organization).select_related("catalog_item"))


def may_see_stock(user: Viewer, advance: Advance) -> bool:
    return may_any(user, REVIEW_PERMS, advance)
