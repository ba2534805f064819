"""The admin for every finance model (scoped to the organizations an admin runs), and the
isolation walk narrowed to the finance pages and API routes with PATCH and DELETE too."""

import pytest
from django.apps import apps
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_user
from dragonfly.testing.isolation import changed_rows, requests_of_another_org, routes_under, snapshot, values_for

from .isolation import make_secret_objects

pytestmark = pytest.mark.django_db
MINE = (
    "finance/",
    "api/companies",
    "api/contacts",
    "api/budgets",
    "api/budget-lines",
    "api/expenses",
    "api/invoices",
    "api/payments",
    "api/purchase-orders",
    "api/rfqs",
    "api/bids",
    "api/agreements",
    "api/advances/<int:pk>/budget-impact",
)
FINANCE_MODELS = [m for m in apps.get_app_config("finance").get_models() if m._meta.managed]


def test_every_finance_model_has_an_admin_with_filters_and_search(client):
    from django.contrib import admin

    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for model in FINANCE_MODELS:
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert model_admin.search_fields, model
        url = reverse(f"admin:finance_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_an_organization_admin_sees_only_their_organizations_rows(tenant_a, tenant_b, client):
    make_secret_objects(tenant_a)
    client.force_login(tenant_b.user(Role.PHANTOM))
    for name in ("company", "budget", "purchaseorder", "invoice", "expense", "spendingentry", "requestforquote", "bid"):
        response = client.get(reverse(f"admin:finance_{name}_changelist"))
        assert response.status_code == 200, name
        assert "Zebra Secret" not in response.content.decode(), name
    client.force_login(tenant_a.user(Role.PHANTOM))
    assert "Zebra Secret Vendor" in client.get(reverse("admin:finance_company_changelist")).content.decode()


def my_routes():
    return routes_under(MINE)


def test_another_organization_reaches_none_of_our_pages_or_api(tenant_a, tenant_b, client):
    world = make_secret_objects(tenant_a)
    before = snapshot()
    values = values_for(tenant_a, world)
    assert len(my_routes()) > 40
    roles = (Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR, Role.MERCHANT)
    methods = ("get", "post", "patch", "delete")
    leaks, wrong = requests_of_another_org(client, tenant_b, roles, my_routes(), values, methods)
    assert not leaks, leaks
    assert not wrong, wrong
    assert changed_rows(before) == {}
