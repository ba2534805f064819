"""Vendor routing (issue 22): an approved advance's lines to buy or hire go to draft purchase orders
of their preferred vendors, at the vendor's agreement rate, one draft per (vendor, advance).

- `route_approved_advance` runs after the approval's commit (the `route_advance_purchasing` outbox
  task that finance's subscriber to `advance.approved` queues), so a routing failure never refuses an
  approval: it is recorded on the advance (`purchase_order.routing_failed`) and the lines wait,
  unrouted, for the reviewer or the next run. `draft_routed_orders` does the work: each line goes
  to the most specific preferred vendor of its category (a rule for the production's venue, then
  one for its region, then the category alone; ties by priority), else to the vendor whose company
  record says it supplies the category (the earlier rule), else to the advance's draft without a
  vendor: those lines are "unrouted". A line
  already on an order is skipped, and an order line holds its advance line at most once (a
  one-to-one column), and runs hold the advance's row lock, so running twice drafts nothing twice.
- `advance_routing` is what the procurement reviewer reads: the advance's orders, each line's
  price source ("agreement rate" / "no agreement rate"), the unrouted lines.
- `reroute_item` moves one line to another vendor's draft (made when missing; a draft left empty
  is removed); confirming an order is the order's own workflow (`submit_purchase_order`).
- `create_preferred_vendor` / `update_preferred_vendor` / `delete_preferred_vendor` manage the rules.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import DataError, IntegrityError, transaction
from django.db.models import F, Max, Prefetch
from django.utils.translation import gettext as _

from dragonfly.tenancy.access import local_today

from ..errors import Conflict, FinanceInvalid
from ..models import (
    Agreement,
    AgreementRate,
    Company,
    PreferredVendor,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
)
from ..money import line_amounts
from ._common import record, require
from .spending import budget_for, line_for_category

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from advancing.models import Advance, AdvanceItem
    from dragonfly.tenancy.models import Workspace

    from ..models import BudgetLine

log = logging.getLogger(__name__)
P = PurchaseOrderStatus
PROCURED = ("buy", "hire")
ROUTED_STATUSES = ("approved", "in_progress", "fulfilled")
FIELDS = ("vendor", "category", "venue", "region", "priority", "active", "notes")


# --- choosing a vendor ---------------------------------------------------------------------------
def _venue_of(advance: Advance) -> tuple[set[int], set[str]]:
    """The production's venue (and the venue it is part of) and the regions it is in."""
    production = advance.production
    venue = production.venue if production is not None and production.venue_id else None
    if venue is None:
        return set(), set()
    ids = {venue.pk} | ({venue.parent_id} if venue.parent_id else set())
    regions = {v.strip().casefold() for v in (venue.city, venue.country) if v and v.strip()}
    if venue.parent_id and venue.parent is not None:
        regions |= {v.strip().casefold() for v in (venue.parent.city, venue.parent.country) if v and v.strip()}
    return ids, regions


def preferences_for(workspace: Workspace) -> list[PreferredVendor]:
    """The workspace's active rules of active vendors, in the order ties are broken."""
    return list(
        PreferredVendor.objects.filter(workspace=workspace, active=True, vendor__active=True)
        .select_related("vendor", "venue")
        .order_by("priority", "id")
    )


def best_preference(
    category: str, preferences: Iterable[PreferredVendor], venue_ids: set[int], regions: set[str]
) -> PreferredVendor | None:
    """The most specific matching rule (venue > region > category), then the lowest priority."""
    matching = [
        p
        for p in preferences
        if p.category == category
        and (p.venue_id is None or p.venue_id in venue_ids)
        and (not p.region or p.region.strip().casefold() in regions)
    ]
    return min(matching, key=lambda p: (-p.specificity, p.priority, p.pk), default=None)


def agreement_for(vendor: Company, workspace: Workspace, currency: str) -> Agreement | None:
    """The vendor's agreement in force today in the order's `currency` (the latest started), with its rates."""
    today = local_today(workspace)
    return (
        Agreement.objects.filter(
            workspace=workspace, vendor=vendor, currency=currency, valid_from__lte=today, valid_to__gte=today
        )
        .prefetch_related("rates")
        .order_by("-valid_from", "-id")
        .first()
    )


def rate_for(agreement: Agreement | None, *, catalog_item_id: int | None, name: str, category: str) -> Decimal | None:
    """The agreement's price of a line: its item's rate, else a rate named after its category."""
    if agreement is None:
        return None
    rates: list[AgreementRate] = list(agreement.rates.all())
    for rate in rates:
        if rate.matches(catalog_item_id, name):
            return rate.unit_price
    wanted = category.strip().casefold()
    for rate in rates:
        if rate.catalog_item_id is None and rate.description.strip().casefold() == wanted:
            return rate.unit_price
    return None


def _category(item: AdvanceItem) -> str:
    from .spending import advance_item_category

    return advance_item_category(item)


# --- routing after the approval ------------------------------------------------------------------
def route_approved_advance(advance_id: int, *, actor_id: int | None = None) -> list[PurchaseOrder]:
    """The approved advance's lines to buy or hire not on an order yet, onto draft orders (one per
    vendor), in one transaction under the advance's row lock. A refusal or a row the database will not
    take (a rate too large for an order line, a number already used) leaves nothing half-made: it is
    recorded on the advance and the lines stay unrouted; nothing is raised (the approval stands)."""
    from advancing.models import Advance

    from ..errors import DomainError
    from .spending import advance_item_category

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with transaction.atomic():
            advance = (
                Advance.objects.select_for_update(of=("self",))
                .select_related("workspace__organization", "organization", "production")
                .filter(pk=advance_id)
                .first()
            )
            if advance is None or advance.status not in ROUTED_STATUSES:
                return []
            items = list(advance.items.select_related("catalog_item").order_by("position", "id"))
            budget = budget_for(workspace=advance.workspace, production=advance.production)
            categories = {advance_item_category(item) for item in items}
            lines = {c: line_for_category(budget, c, create=False) for c in categories} if budget else {}
            return draft_routed_orders(advance, items, lines, actor=actor)
    except (DomainError, DataError, IntegrityError) as exc:
        log.warning("Vendor routing of advance %s failed: %s", advance_id, exc)
        failed = Advance.objects.filter(pk=advance_id).first()
        if failed is not None:
            record(failed, actor=actor, verb="purchase_order.routing_failed", note=str(exc)[:500])
        return []


def draft_routed_orders(
    advance: Advance,
    items: Sequence[AdvanceItem],
    lines: Mapping[str, BudgetLine | None],
    *,
    actor: User | None,
) -> list[PurchaseOrder]:
    """One draft per vendor for the approved lines to buy or hire not on an order yet (the advance locked)."""
    from .procurement import create_draft_from_advance

    ordered = set(PurchaseOrderLine.objects.filter(advance_item__in=items).values_list("advance_item_id", flat=True))
    wanted = [i for i in items if i.procurement in PROCURED and i.pk not in ordered]
    if not wanted:
        return []
    preferences = preferences_for(advance.workspace)
    venue_ids, regions = _venue_of(advance)
    suppliers = list(
        Company.objects.filter(workspace=advance.workspace, active=True)
        .vendors()
        .order_by(F("rating").desc(nulls_last=True), "name", "id")
    )
    groups: defaultdict[int | None, list[AdvanceItem]] = defaultdict(list)
    vendors: dict[int | None, Company | None] = {None: None}
    for item in wanted:
        category = _category(item)
        preference = best_preference(category, preferences, venue_ids, regions)
        vendor = preference.vendor if preference else next((v for v in suppliers if v.supplies(category)), None)
        vendors[vendor.pk if vendor else None] = vendor
        groups[vendor.pk if vendor else None].append(item)
    orders = []
    for vendor_id in sorted(groups, key=lambda k: (k is None, k or 0)):
        group, vendor = groups[vendor_id], vendors[vendor_id]
        agreement = agreement_for(vendor, advance.workspace, advance.currency) if vendor else None
        prices = {}
        for item in group:
            price = rate_for(agreement, catalog_item_id=item.catalog_item_id, name=item.name, category=_category(item))
            if price is not None:
                prices[item.pk] = price
        orders.append(
            create_draft_from_advance(
                advance,
                group,
                vendor=vendor,
                budget_line=lines.get(_category(group[0])),
                actor=actor,
                agreement=agreement if prices else None,
                unit_prices=prices,
            )
        )
    return orders


# --- the reviewer's view -------------------------------------------------------------------------
@dataclass
class Routing:
    """An approved advance's purchasing: its orders (routed lines with their price source) and the
    lines still without a vendor."""

    advance: Any
    orders: list[PurchaseOrder] = field(default_factory=list)
    unrouted: list[Any] = field(default_factory=list)  # AdvanceItem rows, `.po_line` set when on an order
    vendors: list[Company] = field(default_factory=list)

    @property
    def drafts(self) -> list[PurchaseOrder]:
        return [po for po in self.orders if po.vendor_id and po.status == P.DRAFT]


def advance_routing(advance: Advance, user: User) -> Routing:
    """What the procurement reviewer sees of `advance` (orders through `visible_to`): a fixed number of queries."""
    from advancing.models import AdvanceItem

    orders = list(
        PurchaseOrder.objects.visible_to(user)
        .filter(advance=advance)
        .select_related("vendor", "agreement")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=PurchaseOrderLine.objects.select_related("advance_item__catalog_item").order_by(
                    "position", "id"
                ),
            ),
            "agreement__rates",
        )
        .order_by(F("vendor__name").asc(nulls_last=True), "id")
    )
    on_order: dict[int, PurchaseOrderLine] = {}
    for po in orders:
        for line in po.lines.all():
            if line.advance_item_id:
                on_order[line.advance_item_id] = line
                item = line.advance_item
                category = _category(item) if item is not None else ""
                priced = (
                    po.agreement is not None
                    and rate_for(
                        po.agreement, catalog_item_id=line.catalog_item_id, name=line.description, category=category
                    )
                    == line.unit_price
                )
                setattr(line, "agreement_priced", priced)  # noqa: B010 (read by the page and the API)
    items = list(
        AdvanceItem.objects.filter(advance=advance, procurement__in=PROCURED)
        .select_related("catalog_item")
        .order_by("position", "id")
    )
    unrouted = []
    for item in items:
        po_line = on_order.get(item.pk)
        setattr(item, "po_line", po_line)  # noqa: B010 (read by the page and the API)
        if po_line is None or po_line.purchase_order.vendor_id is None:
            unrouted.append(item)
    vendors = list(
        Company.objects.visible_to(user)
        .filter(workspace=advance.workspace, active=True)
        .vendors()
        .order_by("name", "id")
    )
    return Routing(advance=advance, orders=orders, unrouted=unrouted, vendors=vendors)


# --- re-routing ----------------------------------------------------------------------------------
def reroute_item(item: AdvanceItem, *, vendor: Company, actor: User) -> PurchaseOrder:
    """Move one approved line to `vendor`'s draft order of its advance (made when missing), priced by
    the vendor's agreement (else the line's estimate); the draft it leaves is removed once empty."""
    from advancing.models import Advance, AdvanceItem

    from .procurement import create_draft_from_advance, recompute_totals

    with transaction.atomic():
        advance = (
            Advance.objects.select_for_update(of=("self",))
            .select_related("workspace__organization")
            .get(pk=item.advance_id)
        )
        item = AdvanceItem.objects.select_related("catalog_item").get(pk=item.pk)
        workspace = advance.workspace
        require(
            actor, "finance.change_purchaseorder", workspace, _("Your role does not let you route purchasing here.")
        )
        if advance.status not in ROUTED_STATUSES:
            raise Conflict(_("Only the lines of an approved advance are routed to vendors."))
        if item.procurement not in PROCURED:
            raise FinanceInvalid(_("This line is not marked to buy or to hire."))
        if not isinstance(vendor, Company) or vendor.workspace_id != workspace.pk or not vendor.active:
            raise FinanceInvalid(_("Pick an active vendor of this workspace."))
        line = (
            PurchaseOrderLine.objects.select_related("purchase_order")
            .filter(advance_item=item)
            .select_for_update(of=("self",))
            .first()
        )
        source = None
        if line is not None:
            source = PurchaseOrder.objects.select_for_update().get(pk=line.purchase_order_id)
            if source.status != P.DRAFT:
                raise Conflict(
                    _("This line is on %(number)s, which is no longer a draft; return it to draft first.")
                    % {"number": source.number}
                )
            if source.vendor_id == vendor.pk:
                raise FinanceInvalid(
                    _("This line is already on %(vendor)s's order %(number)s.")
                    % {"vendor": vendor.name, "number": source.number}
                )
            require(actor, "finance.change_purchaseorder", source, _("You may not change this purchase order."))
        target = (
            PurchaseOrder.objects.select_for_update()
            .filter(advance=advance, vendor=vendor, status=P.DRAFT)
            .order_by("id")
            .first()
        )
        agreement = target.agreement if target is not None and target.agreement_id else None
        agreement = agreement or agreement_for(vendor, workspace, target.currency if target else advance.currency)
        price = rate_for(agreement, catalog_item_id=item.catalog_item_id, name=item.name, category=_category(item))
        if target is None:
            require(
                actor,
                "finance.add_purchaseorder",
                workspace,
                _("Your role does not let you raise purchase orders here."),
            )
            target = create_draft_from_advance(
                advance, [], vendor=vendor, budget_line=source.budget_line if source else None, actor=actor
            )
        if price is not None and target.agreement_id is None and agreement is not None:
            target.agreement = agreement
            target.save(update_fields=["agreement", "updated_at"])
        unit_price = price if price is not None else item.unit_cost
        position = (target.lines.aggregate(m=Max("position"))["m"] or 0) + 1
        if line is None:
            line = PurchaseOrderLine(
                advance_item=item,
                catalog_item=item.catalog_item,
                description=item.name[:300],
                quantity=item.quantity_to_fulfil,
                unit=item.unit[:40],
            )
        line.purchase_order = target
        line.unit_price = unit_price
        line.position = position
        line.amount, line.tax = line_amounts(line.quantity, unit_price, line.tax_rate)
        line.save()
        recompute_totals(target)
        data = {
            "advance": advance.pk,
            "advance_item": item.pk,
            "from": source.number if source else None,
            "to": target.number,
            "vendor": vendor.name,
            "agreement_rate": price is not None,
        }
        record(target, actor=actor, verb="purchase_order.line_rerouted", data=data)
        if source is not None:
            if source.lines.exists():
                recompute_totals(source)
                record(source, actor=actor, verb="purchase_order.line_rerouted", data=data)
            else:
                record(advance, actor=actor, verb="purchase_order.removed_empty", data={"number": source.number})
                source.delete()
    return target


# --- the rules -----------------------------------------------------------------------------------
def _clean(workspace: Workspace, values: Mapping[str, Any]) -> dict[str, Any]:
    from advancing.models import CATEGORY_PREFIX
    from locations.models import Location

    vendor = values.get("vendor")
    if not isinstance(vendor, Company) or vendor.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a vendor of this workspace."))
    if vendor.kind not in ("vendor", "venue", "agency"):
        raise FinanceInvalid(_("Pick a vendor, venue or agency, not a client."))
    category = values.get("category") or ""
    if category not in CATEGORY_PREFIX:
        raise FinanceInvalid(_("Pick a category of the advancing catalog."))
    venue = values.get("venue")
    if venue is not None and (not isinstance(venue, Location) or venue.workspace_id != workspace.pk):
        raise FinanceInvalid(_("Pick a venue of this workspace."))
    region = (values.get("region") or "").strip()
    if len(region) > 120:
        raise FinanceInvalid(_("A region is at most 120 characters."))
    if venue is not None and region:
        raise FinanceInvalid(_("Narrow the rule to a venue or to a region, not both."))
    priority = values.get("priority")
    priority = 1 if priority in (None, "") else priority
    if not isinstance(priority, int) or not 1 <= priority <= 99:
        raise FinanceInvalid(_("The priority is a number from 1 (first choice) to 99."))
    return {
        "vendor": vendor,
        "category": category,
        "venue": venue,
        "region": region,
        "priority": priority,
        "active": bool(values.get("active", True)),
        "notes": (values.get("notes") or "").strip(),
    }


def create_preferred_vendor(*, actor: User, workspace: Workspace, **values: Any) -> PreferredVendor:
    require(
        actor, "finance.add_preferredvendor", workspace, _("Your role does not let you set preferred vendors here.")
    )
    cleaned = _clean(workspace, values)
    with transaction.atomic():
        preference = PreferredVendor.objects.create(
            organization_id=workspace.organization_id, workspace=workspace, created_by=actor, **cleaned
        )
        record(preference, actor=actor, verb="preferred_vendor.created", data={"vendor": preference.vendor.name})
    return preference


def update_preferred_vendor(preference: PreferredVendor, *, actor: User, **values: Any) -> PreferredVendor:
    require(actor, "finance.change_preferredvendor", preference, _("You may not change this preferred vendor."))
    current = {key: getattr(preference, key) for key in FIELDS}
    cleaned = _clean(preference.workspace, {**current, **values})
    with transaction.atomic():
        for key, value in cleaned.items():
            setattr(preference, key, value)
        preference.save()
        record(preference, actor=actor, verb="preferred_vendor.edited", data={"fields": sorted(values)})
    return preference


def delete_preferred_vendor(preference: PreferredVendor, *, actor: User) -> None:
    require(actor, "finance.delete_preferredvendor", preference, _("You may not remove this preferred vendor."))
    with transaction.atomic():
        record(
            preference.vendor,
            actor=actor,
            verb="preferred_vendor.deleted",
            data={"vendor": preference.vendor.name, "category": preference.category},
        )
        preference.delete()


__all__ = [
    "Routing",
    "advance_routing",
    "agreement_for",
    "best_preference",
    "create_preferred_vendor",
    "delete_preferred_vendor",
    "draft_routed_orders",
    "rate_for",
    "reroute_item",
    "route_approved_advance",
    "update_preferred_vendor",
]
