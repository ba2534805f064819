"""Builders for marketplace stories (the tenants come from conftest.py): a seller workspace of
organization A, and buyers in organization B."""

from decimal import Decimal

from dragonfly.tenancy.roles import Role
from marketplace import services


def make_listing(tenant, title="K2 line array", *, status="published", stock=3, price="100.00", **fields):
    fields.setdefault("kind", "rent")
    fields.setdefault("category", "audio")
    return services.create_listing(
        actor=tenant.user(Role.GLADIATOR),
        workspace=fields.pop("workspace", tenant.workspace),
        title=title,
        price=Decimal(price),
        stock=stock,
        status=status,
        **fields,
    )


def place(listing, buyer_tenant, quantity=1, role=Role.GLADIATOR):
    return services.buy(
        listing, actor=buyer_tenant.user(role), buyer_workspace=buyer_tenant.workspace, quantity=quantity
    )
