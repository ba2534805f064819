"""A buyer organization orders from a seller's listing: the transitions, the stock and the invoice."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from dragonfly.core.errors import InvalidTransition
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import Tenant
from finance.models import Invoice
from marketplace import services
from marketplace.errors import MarketplaceInvalid, OutOfStock
from marketplace.models import Listing, Order

from .helpers import make_listing, place

pytestmark = pytest.mark.django_db


def test_an_order_goes_from_cart_to_completed_and_the_seller_invoices_it(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    listing = make_listing(tenant_a, stock=3, price="250.00")
    buyer, seller = tenant_b.user(Role.GLADIATOR), tenant_a.user(Role.GLADIATOR)
    order = services.add_to_cart(listing, actor=buyer, buyer_workspace=tenant_b.workspace, quantity=2)
    assert (order.status, order.total) == ("cart", 500)
    listing.refresh_from_db()
    assert listing.stock == 3  # a cart reserves nothing

    with django_capture_on_commit_callbacks(execute=True):
        order = services.place_order(order, actor=buyer)
    listing.refresh_from_db()
    assert (order.status, listing.stock) == ("placed", 1)
    assert Notification.objects.filter(recipient=seller, url__endswith=f"/order/{order.pk}/").exists()

    order = services.confirm_order(order, actor=seller)
    invoice = Invoice.objects.get(pk=order.invoice_id)
    assert (invoice.workspace, invoice.direction, invoice.total) == (tenant_a.workspace, "receivable", 500)
    assert invoice.company.name == tenant_b.org.name
    order = services.ship_order(order, actor=seller)
    order = services.complete_order(order, actor=buyer)
    assert order.status == "completed"
    with pytest.raises(InvalidTransition):
        services.cancel_order(order, actor=buyer)  # too late: nothing changes
    assert Order.objects.get(pk=order.pk).status == "completed"


def test_cancelling_puts_the_units_back(tenant_a, tenant_b):
    listing = make_listing(tenant_a, stock=2)
    order = place(listing, tenant_b, quantity=2)
    assert Listing.objects.get(pk=listing.pk).stock == 0
    services.cancel_order(order, actor=tenant_a.user(Role.GLADIATOR))
    assert Listing.objects.get(pk=listing.pk).stock == 2


def test_each_side_makes_only_its_own_moves(tenant_a, tenant_b):
    listing = make_listing(tenant_a)
    order = place(listing, tenant_b)
    with pytest.raises(PermissionDenied):
        services.confirm_order(order, actor=tenant_b.user(Role.GLADIATOR))  # the buyer does not confirm
    with pytest.raises(PermissionDenied):
        services.confirm_order(order, actor=tenant_a.user(Role.DEVIATOR))  # nor a seller's crew member
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_roles_that_may_not_buy_and_bad_orders_are_refused(tenant_a, tenant_b):
    listing = make_listing(tenant_a, stock=1)
    with pytest.raises(PermissionDenied):
        place(listing, tenant_b, role=Role.RAIDER)
    with pytest.raises(OutOfStock):
        place(listing, tenant_b, quantity=2)
    with pytest.raises(MarketplaceInvalid):
        services.buy(listing, actor=tenant_a.user(Role.GLADIATOR), buyer_workspace=tenant_a.workspace)
    draft = make_listing(tenant_a, "Draft", status="draft")
    with pytest.raises(MarketplaceInvalid):
        place(draft, tenant_b)
    assert not Order.objects.exists()
    assert Listing.objects.get(pk=listing.pk).stock == 1


@pytest.mark.django_db(transaction=True)
def test_eight_buyers_racing_for_the_last_unit_leave_one_winner_and_no_negative_stock():
    seller = Tenant("Seller Co")
    buyers = [Tenant(f"Buyer {n}") for n in range(8)]
    listing = make_listing(seller, "Last road case", stock=1)
    carts = [services.add_to_cart(listing, actor=b.user(Role.GLADIATOR), buyer_workspace=b.workspace) for b in buyers]
    start = threading.Barrier(len(carts))

    def try_to_place(order):
        try:
            start.wait(timeout=30)
            services.place_order(Order.objects.get(pk=order.pk), actor=order.placed_by)
            return "won"
        except OutOfStock:
            return "sold out"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(carts)) as pool:
        results = list(pool.map(try_to_place, carts))

    assert sorted(results) == ["sold out"] * 7 + ["won"]
    assert Listing.objects.get(pk=listing.pk).stock == 0
    assert Order.objects.filter(status="placed").count() == 1
    assert Order.objects.filter(status="cart").count() == 7
