"""Read-side of the assets module: availability, utilization, the advancing link.

Each function starts from `visible_to(user)` and answers in a fixed number of queries,
aggregated by the database: the warehouse with 10,000 assets and 200,000 reservations costs
the same number of queries as one with 100 (see bench/people_assets_bench.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DateField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import ngettext

from .models import (
    OUT_OF_SERVICE,
    UNRESERVABLE_STATUSES,
    Asset,
    AssetStatus,
    Kit,
    MaintenanceRecord,
    MaintenanceStatus,
    Reservation,
    ReservationItem,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from dragonfly.tenancy.models import Workspace

    from .models import AssetQuerySet

    # Whoever is asking: a page's request.user may be anonymous (visible_to then finds nothing).
    Viewer = User | AnonymousUser

# An advancing.models.AdvanceItem: advancing sits above assets in the import contract
# (pyproject's importlinter layers), so assets does not name it, not even for the checker.
AdvanceLine = Any

MAX_RANGE_DAYS = 366
MAX_RESERVATION_DAYS = 366  # assets.services refuses longer bookings


def clamp(
    start: datetime.date, end: datetime.date, max_days: int = MAX_RANGE_DAYS
) -> tuple[datetime.date, datetime.date]:
    if end < start:
        start, end = end, start
    if (end - start).days + 1 > max_days:
        end = start + datetime.timedelta(days=max_days - 1)
    return start, end


def touching(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Bookings that touch [start, end]. A booking lasts at most MAX_RESERVATION_DAYS, so it cannot start
    earlier than that before `start`: the lower bound turns the overlap test into a short range scan."""
    return Q(
        **{
            f"{prefix}start_date__lte": end,
            f"{prefix}start_date__gte": start - datetime.timedelta(days=MAX_RESERVATION_DAYS),
            f"{prefix}end_date__gte": start,
        }
    )


def booked_in(start: datetime.date, end: datetime.date) -> Exists:
    """An EXISTS over the holding bookings of the outer asset that touch [start, end]."""
    return Exists(ReservationItem.objects.filter(touching(start, end), asset=OuterRef("pk"), active=True))


# --- availability -------------------------------------------------------------------------------
@dataclass
class CategoryAvailability:
    category: str
    total: int
    booked: int
    out_of_service: int
    need: int | None = None

    @property
    def free(self) -> int:
        return max(self.total - self.booked - self.out_of_service, 0)

    @property
    def short(self) -> int:
        return max((self.need or 0) - self.free, 0)

    @property
    def state(self) -> str:
        if self.need:
            return "short" if self.short else "free"
        return "free" if self.free else "none"


@dataclass
class KitAvailability:
    kit: Kit
    size: int
    unavailable: int

    @property
    def free(self) -> int:
        return self.size - self.unavailable

    @property
    def state(self) -> str:
        if self.size == 0:
            return "empty"
        if self.unavailable == 0:
            return "free"
        return "booked" if self.unavailable == self.size else "short"


def get_asset_availability(
    *,
    user: Viewer,
    workspace: Workspace,
    start: datetime.date,
    end: datetime.date,
    category: str | None = None,
    need: int | None = None,
) -> list[CategoryAvailability]:
    """Per category: how many assets are free, booked or out of service from `start` to `end`.

    `need` (with `category`) says how many are wanted; `short` is how many are missing.
    Lost and retired assets are not counted at all."""
    start, end = clamp(start, end)
    busy = booked_in(start, end)
    assets = Asset.objects.visible_to(user).in_workspace(workspace).exclude(status__in=OUT_OF_SERVICE)
    if category:
        assets = assets.filter(category=category)
    rows = (
        assets.values("category")
        .annotate(
            total=Count("id"),
            booked=Count("id", filter=Q(busy)),
            down=Count("id", filter=Q(status=AssetStatus.MAINTENANCE) & ~Q(busy)),
        )
        .order_by("category")
    )
    return [
        CategoryAvailability(r["category"], r["total"], r["booked"], r["down"], need if category else None)
        for r in rows
    ]


def assets_with_availability(
    *, user: Viewer, workspace: Workspace, start: datetime.date, end: datetime.date, category: str | None = None
) -> AssetQuerySet[Asset]:
    """The assets (a queryset to paginate), each with `booked` True when held on any of the days."""
    start, end = clamp(start, end)
    qs = Asset.objects.visible_to(user).in_workspace(workspace).exclude(status__in=OUT_OF_SERVICE)
    if category:
        qs = qs.filter(category=category)
    return qs.annotate(booked=booked_in(start, end)).order_by("category", "tag", "id")


def kits_with_availability(
    *, user: Viewer, workspace: Workspace, start: datetime.date, end: datetime.date, limit: int = 50
) -> list[KitAvailability]:
    """Kits (the first `limit`, by name) with how many of their assets are booked or out of service
    in the range: one query."""
    start, end = clamp(start, end)
    held = ReservationItem.objects.filter(touching(start, end), asset=OuterRef("assets"), active=True)
    kits = (
        Kit.objects.visible_to(user)
        .in_workspace(workspace)
        .annotate(
            size=Count("assets", distinct=True),
            unavailable=Count(
                "assets", distinct=True, filter=Q(Exists(held)) | Q(assets__status__in=UNRESERVABLE_STATUSES)
            ),
        )
        .order_by("name", "id")
    )
    return [KitAvailability(k, k.size, k.unavailable) for k in kits[:limit]]


# --- utilization -------------------------------------------------------------------------------
def _booked_days(start, end):
    """Days of each booking inside [start, end] (inclusive), as a duration the database sums."""
    first = Greatest(F("start_date"), Value(start), output_field=DateField())
    last = Least(F("end_date"), Value(end), output_field=DateField())
    return ExpressionWrapper(last - first, output_field=DurationField())


def _bookings(start, end):
    """Bookings that count as use (reserved, out or returned; not cancelled) touching the period."""
    return ReservationItem.objects.filter(touching(start, end), counted=True)


def _days(span, count):
    """Sum of (last - first) over n bookings, plus one day each (both ends count)."""
    if not count:
        return 0
    if isinstance(span, datetime.timedelta):
        return span.days + count
    return int(span or 0) // 86_400_000_000 + count  # microseconds, as some backends return them


@dataclass
class UtilizationRow:
    label: str
    booked_days: int
    available_days: int
    assets: int = 1
    asset: Asset | None = None

    @property
    def ratio(self) -> Decimal:
        if not self.available_days:
            return Decimal("0")
        return (Decimal(self.booked_days) / Decimal(self.available_days)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> Decimal:
        return (self.ratio * 100).quantize(Decimal("0.1"))


def get_asset_utilization(
    *, user: Viewer, workspace: Workspace, start: datetime.date, end: datetime.date, category: str | None = None
) -> list[UtilizationRow]:
    """Per category over the period: booked days / available days (days × assets in service).

    Booked days count each day an asset was reserved, out or returned (cancelled bookings
    do not count); the database adds them up in one grouped query."""
    start, end = clamp(start, end)
    period = (end - start).days + 1
    assets = Asset.objects.visible_to(user).in_workspace(workspace).exclude(status__in=OUT_OF_SERVICE)
    if category:
        assets = assets.filter(category=category)
    counts = dict(assets.values_list("category").annotate(n=Count("id")).order_by())
    booked = (
        _bookings(start, end)
        .filter(asset__in=assets)
        .values("asset__category")
        .annotate(span=Sum(_booked_days(start, end)), n=Count("id"))
        .order_by()
    )
    days = {r["asset__category"]: _days(r["span"], r["n"]) for r in booked}
    return [UtilizationRow(cat, days.get(cat, 0), counts[cat] * period, assets=counts[cat]) for cat in sorted(counts)]


def utilization_for_assets(
    assets: Iterable[Asset], *, start: datetime.date, end: datetime.date
) -> list[UtilizationRow]:
    """Utilization rows for a page of assets (one grouped query for all of them)."""
    start, end = clamp(start, end)
    period = (end - start).days + 1
    assets = list(assets)
    booked = (
        _bookings(start, end)
        .filter(asset__in=[a.pk for a in assets])
        .values("asset_id")
        .annotate(span=Sum(_booked_days(start, end)), n=Count("id"))
        .order_by()
    )
    days = {r["asset_id"]: _days(r["span"], r["n"]) for r in booked}
    return [UtilizationRow(f"{a.tag} {a.name}", days.get(a.pk, 0), period, asset=a) for a in assets]


# --- the advancing link -------------------------------------------------------------------------
EQUIPMENT_CATEGORIES = ("Equipment",)


def matching_assets(item: AdvanceLine, user: Viewer | None = None) -> AssetQuerySet[Asset]:
    """Assets of the advance's organization that could fulfil `item`: those linked to its catalog entry,
    else those whose name contains the line's name."""
    advance = item.advance
    qs = Asset.objects.visible_to(user) if user is not None else Asset.objects.all()
    qs = qs.filter(organization_id=advance.organization_id).exclude(status__in=OUT_OF_SERVICE)
    if item.catalog_item_id and qs.filter(catalog_item_id=item.catalog_item_id).exists():
        return qs.filter(catalog_item_id=item.catalog_item_id)
    name = (item.catalog_item.name if item.catalog_item_id else item.name).strip()
    return qs.filter(name__icontains=name) if name else qs.none()


def is_equipment_line(item: AdvanceLine) -> bool:
    return bool(item.catalog_item_id and item.catalog_item.category in EQUIPMENT_CATEGORIES)


def advance_item_dates(item: AdvanceLine) -> tuple[datetime.date, datetime.date] | None:
    production = item.advance.production
    if production is None or production.start_date is None:
        return None
    return production.start_date, production.end_date or production.start_date


def free_assets_for_advance_item(item: AdvanceLine, user: Viewer | None = None) -> int | None:
    """How many matching assets are free for the production's dates, or None when that does not apply
    (not an Equipment line, no production, or a production without dates).

    With `user`, only assets that user may see are counted."""
    if not is_equipment_line(item):
        return None
    dates = advance_item_dates(item)
    if dates is None:
        return None
    start, end = dates
    candidates = matching_assets(item, user).exclude(status__in=UNRESERVABLE_STATUSES)
    return candidates.exclude(booked_in(start, end)).count()


def reservations_at_risk(record: MaintenanceRecord, *, user: User | AnonymousUser) -> list[Reservation]:
    """An open job takes its asset out of service: the asset's bookings from today on (that the user
    may see) are left short until the job is done, soonest first."""
    if record.status != MaintenanceStatus.OPEN:
        return []
    return list(
        Reservation.objects.visible_to(user)
        .filter(items__asset_id=record.asset_id, items__active=True, items__end_date__gte=timezone.localdate())
        .select_related("kit", "production", "event")
        .distinct()
        .order_by("start_date", "id")
    )


def at_risk_warning(record: MaintenanceRecord, reservations: list[Reservation]) -> str:
    """What the page says to whoever opened the job: which bookings need another asset."""
    dates = "; ".join(
        f"{r.start_date:%-d %b %Y}–{r.end_date:%-d %b %Y}"
        + (f" ({r.event or r.production})" if r.event_id or r.production_id else "")
        for r in reservations
    )
    return ngettext(
        "%(asset)s is out of service with %(count)s reservation ahead: %(dates)s. Find a replacement or move it.",
        "%(asset)s is out of service with %(count)s reservations ahead: %(dates)s. Find a replacement or move them.",
        len(reservations),
    ) % {"asset": record.asset, "count": len(reservations), "dates": dates}
