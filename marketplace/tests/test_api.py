"""The marketplace API: the same services and visibility as the pages."""

import pytest

from dragonfly.tenancy.roles import Role
from marketplace.models import Listing, Order

from .helpers import make_listing

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_listing_ordering_and_moving_through_the_api(tenant_a, tenant_b, login):
    seller = login(tenant_a.user(Role.GLADIATOR))
    response = seller.post(
        "/api/marketplace/listings/",
        {
            "workspace": tenant_a.workspace.pk,
            "title": "Rigging crew",
            "kind": "service",
            "category": "crew",
            "price": "3200.00",
            "status": "published",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    listing_id = response.json()["id"]
    assert response.json()["stock"] is None

    buyer = login(tenant_b.user(Role.GLADIATOR))
    titles = [row["title"] for row in buyer.get("/api/marketplace/listings/").json()["results"]]
    assert titles == ["Rigging crew"]
    response = buyer.post(
        "/api/marketplace/orders/",
        {"listing": listing_id, "buyer_workspace": tenant_b.workspace.pk, "quantity": 2},
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["status"] == "cart"
    order_id = response.json()["id"]
    assert buyer.post(f"/api/marketplace/orders/{order_id}/place/").json()["status"] == "placed"
    assert buyer.post(f"/api/marketplace/orders/{order_id}/confirm/").status_code == 403
    seller = login(tenant_a.user(Role.GLADIATOR))
    assert seller.post(f"/api/marketplace/orders/{order_id}/confirm/").json()["invoice"] is not None
    assert seller.post(f"/api/marketplace/orders/{order_id}/complete/").status_code == 409  # not shipped yet
    assert Order.objects.get(pk=order_id).status == "confirmed"


def test_another_organization_sees_no_drafts_or_orders_and_bad_input_is_refused(tenant_a, tenant_b, login):
    draft = make_listing(tenant_a, "Draft truss", status="draft")
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(f"/api/marketplace/listings/{draft.pk}/").status_code == 404
    assert client.get("/api/marketplace/listings/").json()["results"] == []
    assert (
        client.patch(f"/api/marketplace/listings/{draft.pk}/", {"title": "Mine"}, content_type=JSON).status_code == 404
    )
    response = client.post(
        "/api/marketplace/orders/", {"listing": draft.pk, "buyer_workspace": tenant_b.workspace.pk}, content_type=JSON
    )
    assert response.status_code == 400  # a listing it can't see reads as one that does not exist
    raider = login(tenant_a.user(Role.RAIDER))
    response = raider.post(
        "/api/marketplace/listings/",
        {"workspace": tenant_a.workspace.pk, "title": "X", "kind": "sale", "category": "audio", "price": "1"},
        content_type=JSON,
    )
    assert response.status_code == 403
    gladiator = login(tenant_a.user(Role.GLADIATOR))
    response = gladiator.post(
        "/api/marketplace/listings/",
        {
            "workspace": tenant_a.workspace.pk,
            "title": "X",
            "kind": "sale",
            "category": "audio",
            "price": "1",
            "currency": "dollars",
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    assert Listing.objects.count() == 1
