"""Orders: a buyer workspace puts a listing in its cart and places the order; the seller confirms,
ships (or has it ready) and the order completes; either side may cancel before it ships.

Every move goes through the transition engine. Placing an order takes its units off the listing's
stock with one conditional UPDATE (`stock >= n`), so buyers racing for the last unit leave exactly
one winner and never a negative stock; cancelling puts the units back. Confirming an order to be
paid on invoice writes a receivable invoice in the seller's finance (finance's own service).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import require
from finance.money import cents

from ..errors import MarketplaceInvalid, OutOfStock
from ..models import BUYER_MOVES, HOLDS_STOCK, SELLER_MOVES, Listing, Order, OrderStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

S = OrderStatus
MAX_QUANTITY = 10_000


def may_buy(user: Any, workspace: Workspace | None) -> bool:
    return workspace is not None and user.has_perm("marketplace.add_order", workspace)


def may_act_for_buyer(user: Any, order: Order) -> bool:
    return may_buy(user, order.buyer_workspace)


def may_act_for_seller(user: Any, order: Order) -> bool:
    return bool(user.has_perm("marketplace.fulfil_order", order))


def may_move(user: Any, order: Order, to_status: str) -> bool:
    return (to_status in BUYER_MOVES and may_act_for_buyer(user, order)) or (
        to_status in SELLER_MOVES and may_act_for_seller(user, order)
    )


def moves_for(order: Order, user: Any) -> list[str]:
    """The moves `user` may make on `order` now (the page's buttons, the API's answer)."""
    return [s for s in order.workflow.moves_for(order, user) if may_move(user, order, s)]


def add_to_cart(
    listing: Listing, *, actor: User, buyer_workspace: Workspace, quantity: int = 1, note: str = ""
) -> Order:
    """An order in the buyer's cart: nothing is reserved until it is placed."""
    require(actor, "marketplace.add_order", buyer_workspace, _("Your role does not order in this workspace."))
    if not listing.is_published:
        raise MarketplaceInvalid(_("This listing is not on offer."))
    if listing.workspace_id == buyer_workspace.pk:
        raise MarketplaceInvalid(_("A workspace can't order its own listing."))
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise MarketplaceInvalid(_("Order between 1 and %(max)s units.") % {"max": MAX_QUANTITY})
    if listing.stock is not None and quantity > listing.stock:
        raise OutOfStock(_("Only %(stock)s left of this listing.") % {"stock": listing.stock})
    with transaction.atomic():
        order = Order.objects.create(
            workspace_id=listing.workspace_id,
            buyer_workspace=buyer_workspace,
            listing=listing,
            quantity=quantity,
            unit_price=listing.price,
            total=cents(listing.price * Decimal(quantity)),
            currency=listing.currency,
            note=(note or "").strip(),
            placed_by=actor,
        )
        record_activity(order, actor=actor, verb="order.created", to_state=S.CART)
    return order


def _reserve(order: Order) -> None:
    if order.listing.stock is None:
        return
    taken = Listing.objects.filter(pk=order.listing_id, stock__gte=order.quantity).update(
        stock=F("stock") - order.quantity
    )
    if not taken:
        raise OutOfStock(_("Not enough left of this listing: someone else ordered the last units."))


def _release(order: Order) -> None:
    Listing.objects.filter(pk=order.listing_id, stock__isnull=False).update(stock=F("stock") + order.quantity)


def move_order(order: Order, to_status: str, *, actor: User, note: str = "") -> Order:
    """Any move of the table, by the side allowed to make it."""
    movers: dict[str, Any] = {
        S.PLACED: place_order,
        S.CONFIRMED: confirm_order,
        S.SHIPPED: ship_order,
        S.COMPLETED: complete_order,
        S.CANCELLED: cancel_order,
    }
    if to_status not in movers:
        raise MarketplaceInvalid(_("An order can't be moved there."))
    return movers[to_status](order, actor=actor, note=note)


def _move(order: Order, to_status: str, *, actor: User, note: str = "", prepare: Any = None, fields=()) -> Order:
    if not may_move(actor, order, to_status):
        raise PermissionDenied(
            _("Your role may not move this order to “%(status)s”.") % {"status": OrderStatus(to_status).label}
        )
    result = transition(
        order,
        to_status,
        actor=actor,
        note=note,
        prepare=prepare,
        fields=fields,
        related=("listing",),
        check_perm=False,
    )
    return result.obj


def place_order(order: Order, *, actor: User, note: str = "") -> Order:
    def reserve(locked: Order) -> None:
        _reserve(locked)
        locked.placed_at = timezone.now()
        locked.placed_by = actor

    return _move(order, S.PLACED, actor=actor, note=note, prepare=reserve, fields=["placed_at", "placed_by"])


def buy(listing: Listing, *, actor: User, buyer_workspace: Workspace, quantity: int = 1, note: str = "") -> Order:
    """Cart and order in one step (the listing page's Order button)."""
    with transaction.atomic():
        order = add_to_cart(listing, actor=actor, buyer_workspace=buyer_workspace, quantity=quantity, note=note)
        return place_order(order, actor=actor)


def _invoice_for(order: Order, actor: User) -> Any:
    """A draft receivable invoice in the seller's finance, to the buyer organization as a client."""
    from finance.models import Company, CompanyKind, InvoiceDirection
    from finance.services.companies import create_company
    from finance.services.invoices import create_invoice

    workspace = order.workspace
    buyer = order.buyer_workspace.organization.name[:200]
    company = Company.objects.filter(workspace=workspace, name=buyer).first() or create_company(
        actor=actor, workspace=workspace, name=buyer, kind=CompanyKind.CLIENT
    )
    return create_invoice(
        actor=actor,
        workspace=workspace,
        company=company,
        direction=InvoiceDirection.RECEIVABLE,
        currency=order.currency,
        exchange_rate=None if order.currency == workspace.organization.currency else Decimal("1"),
        notes=_("Marketplace order #%(number)s") % {"number": order.pk},
        lines=[
            {
                "description": f"{order.listing.title} (#{order.pk})",
                "quantity": order.quantity,
                "unit_price": order.unit_price,
            }
        ],
    )


def confirm_order(order: Order, *, actor: User, note: str = "") -> Order:
    def invoice(locked: Order) -> None:
        # No payments integration yet: every order is paid on invoice.
        if locked.invoice_id is None:
            locked.invoice = _invoice_for(locked, actor)

    return _move(order, S.CONFIRMED, actor=actor, note=note, prepare=invoice, fields=["invoice"])


def ship_order(order: Order, *, actor: User, note: str = "") -> Order:
    return _move(order, S.SHIPPED, actor=actor, note=note)


def complete_order(order: Order, *, actor: User, note: str = "") -> Order:
    return _move(order, S.COMPLETED, actor=actor, note=note)


def cancel_order(order: Order, *, actor: User, note: str = "") -> Order:
    def release(locked: Order) -> None:
        if locked.status in HOLDS_STOCK:
            _release(locked)

    return _move(order, S.CANCELLED, actor=actor, note=note, prepare=release)
