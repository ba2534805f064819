"""The marketplace pages: the market any member reads, a seller's own listings and incoming orders, the
buyer's order page; another organization's drafts and orders are a 404, a role that may not act a 403."""

import pytest

from dragonfly.tenancy.roles import Role
from marketplace.models import Listing, Order

from .helpers import make_listing, place

pytestmark = pytest.mark.django_db


def test_a_buyer_finds_a_published_listing_and_orders_it(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a, "K2 line array", stock=2)
    make_listing(tenant_a, "Secret draft truss", status="draft")
    client = login(tenant_b.user(Role.GLADIATOR))
    market = client.get("/marketplace/", {"q": "line array"})
    assert market.status_code == 200
    assert "K2 line array" in market.content.decode() and "Secret draft truss" not in market.content.decode()

    page = client.get(f"/marketplace/listing/{listing.pk}/")
    assert page.status_code == 200 and 'data-testid="order-form"' in page.content.decode()
    response = client.post(f"/marketplace/listing/{listing.pk}/order/", {"quantity": 5})
    assert response.status_code == 409 and "Only 2 left" in response.content.decode()  # nothing ordered
    assert not Order.objects.exists()
    response = client.post(f"/marketplace/listing/{listing.pk}/order/", {"quantity": 2, "note": "Friday"})
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == f"/marketplace/order/{order.pk}/"
    assert (order.status, order.buyer_workspace, Listing.objects.get(pk=listing.pk).stock) == (
        "placed",
        tenant_b.workspace,
        0,
    )
    page = client.get(f"/marketplace/w/{tenant_b.org.slug}/{tenant_b.workspace.slug}/orders/", {"side": "bought"})
    assert "K2 line array" in page.content.decode()


def test_the_seller_sees_incoming_orders_and_moves_them(tenant_a, tenant_b, login):
    order = place(make_listing(tenant_a), tenant_b)
    client = login(tenant_a.user(Role.GLADIATOR))
    page = client.get(f"/marketplace/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/orders/")
    assert page.status_code == 200 and tenant_b.org.name in page.content.decode()
    detail = client.get(f"/marketplace/order/{order.pk}/")
    assert 'data-testid="move-confirmed"' in detail.content.decode()
    response = client.post(f"/marketplace/order/{order.pk}/move/confirmed/")
    assert response.status_code == 302 and Order.objects.get(pk=order.pk).status == "confirmed"
    response = client.post(f"/marketplace/order/{order.pk}/move/completed/", follow=True)
    assert "can&#x27;t be" in response.content.decode() or "can't be" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "confirmed"


def test_another_organization_gets_404_on_drafts_and_orders(tenant_a, tenant_b, login):
    draft = make_listing(tenant_a, "Draft", status="draft")
    order = place(make_listing(tenant_a), tenant_b)
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(f"/marketplace/listing/{draft.pk}/").status_code == 404
    assert client.get(f"/marketplace/order/{order.pk}/").status_code == 200  # the buyer's side sees it
    outsider = login(make_third_party(tenant_b))  # the same client, signed in as a third organization's member
    assert outsider.get(f"/marketplace/listing/{draft.pk}/").status_code == 404
    assert outsider.get(f"/marketplace/listing/{draft.pk}/edit/").status_code == 404
    assert outsider.get(f"/marketplace/order/{order.pk}/").status_code == 404
    assert outsider.post(f"/marketplace/order/{order.pk}/move/cancelled/").status_code == 404
    assert Order.objects.get(pk=order.pk).status == "placed"


def make_third_party(tenant_b):
    from dragonfly.testing.factories import Tenant

    return Tenant("Third Party").user(Role.GLADIATOR)


def test_roles_that_may_not_act_get_403(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a)
    raider = login(tenant_b.user(Role.RAIDER))
    assert raider.get(f"/marketplace/listing/{listing.pk}/").status_code == 200  # reading is open
    assert raider.post(f"/marketplace/listing/{listing.pk}/order/", {"quantity": 1}).status_code == 403
    deviator = login(tenant_a.user(Role.DEVIATOR))
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    assert deviator.get(f"/marketplace/w/{ws}/listings/new/").status_code == 403
    assert deviator.get(f"/marketplace/listing/{listing.pk}/edit/").status_code == 403
    order = place(listing, tenant_b)
    navigator = login(tenant_a.user(Role.NAVIGATOR))
    assert navigator.get(f"/marketplace/order/{order.pk}/").status_code == 200
    assert navigator.post(f"/marketplace/order/{order.pk}/move/confirmed/").status_code == 403
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_a_seller_lists_offers_with_clear_errors(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    bad = {
        "title": "Truss",
        "kind": "sale",
        "category": "rigging",
        "price": "10",
        "currency": "12X",
        "status": "draft",
    }
    response = client.post(f"/marketplace/w/{ws}/listings/new/", bad)
    assert response.status_code == 400, response.context["form"].errors
    assert "three-letter currency" in response.content.decode(), response.context["form"].errors
    assert not Listing.objects.exists()
    good = {**bad, "currency": "", "stock": 4}
    response = client.post(f"/marketplace/w/{ws}/listings/new/", good)
    listing = Listing.objects.get()
    assert response.status_code == 302 and (listing.currency, listing.stock) == (tenant_a.org.currency, 4)
    page = client.get(f"/marketplace/w/{ws}/listings/")
    assert "Truss" in page.content.decode()


def test_list_pages_cost_the_same_at_any_size(tenant_a, tenant_b, login, django_assert_max_num_queries):
    for n in range(3):
        place(make_listing(tenant_a, f"Case {n}"), tenant_b)
    client = login(tenant_a.user(Role.GLADIATOR))
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    client.get("/marketplace/")  # warm the session's workspace
    with django_assert_max_num_queries(14):
        assert client.get("/marketplace/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/marketplace/w/{ws}/listings/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/marketplace/w/{ws}/orders/").status_code == 200
    for n in range(3, 12):
        place(make_listing(tenant_a, f"Case {n}"), tenant_b)
    with django_assert_max_num_queries(14):
        assert client.get("/marketplace/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/marketplace/w/{ws}/orders/").status_code == 200


def test_a_surplus_asset_becomes_a_draft_listing(tenant_a, login):
    from assets.models import Asset

    asset = Asset.objects.create(
        organization=tenant_a.org, workspace=tenant_a.workspace, tag="LX-1", name="Spare hazer", category="Lighting"
    )
    client = login(tenant_a.user(Role.GLADIATOR))
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    assert "Spare hazer" in client.get(f"/marketplace/w/{ws}/listings/from-asset/").content.decode()
    response = client.post(
        f"/marketplace/w/{ws}/listings/from-asset/", {"asset": asset.pk, "price": "120", "kind": "sale"}
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert (listing.title, listing.asset, listing.status, listing.category, listing.stock) == (
        "Spare hazer",
        asset,
        "draft",
        "lighting",
        1,
    )
