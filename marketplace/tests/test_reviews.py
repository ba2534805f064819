"""After an order completes, the buyer reviews it once; the seller replies."""

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.tenancy.roles import Role
from marketplace import services
from marketplace.errors import MarketplaceInvalid
from marketplace.models import Review

from .helpers import make_listing, place

pytestmark = pytest.mark.django_db


def completed_order(tenant_a, tenant_b):
    order = place(make_listing(tenant_a), tenant_b)
    seller = tenant_a.user(Role.GLADIATOR)
    order = services.ship_order(services.confirm_order(order, actor=seller), actor=seller)
    return services.complete_order(order, actor=seller)


def test_one_review_per_completed_order_and_the_sellers_reply(tenant_a, tenant_b):
    order = place(make_listing(tenant_a), tenant_b)
    buyer = tenant_b.user(Role.GLADIATOR)
    with pytest.raises(MarketplaceInvalid, match="completed"):
        services.review_order(order, actor=buyer, rating=5)
    order = completed_order(tenant_a, tenant_b)
    with pytest.raises(MarketplaceInvalid):
        services.review_order(order, actor=buyer, rating=6)
    review = services.review_order(order, actor=buyer, rating=4, text="Solid gear")
    with pytest.raises(MarketplaceInvalid, match="already"):
        services.review_order(order, actor=buyer, rating=1)
    with pytest.raises(PermissionDenied):
        services.reply_to_review(review, actor=buyer, reply="Me again")
    services.reply_to_review(review, actor=tenant_a.user(Role.GLADIATOR), reply="Thanks!")
    assert list(Review.objects.values_list("rating", "reply")) == [(4, "Thanks!")]
