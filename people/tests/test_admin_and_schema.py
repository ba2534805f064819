"""Every people and assets model is in the admin (scoped to the organization) and in the OpenAPI schema."""

import pytest
from django.contrib import admin
from django.contrib.admin.sites import site

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db

OUR_APPS = ("people", "assets")


def our_models():
    from django.apps import apps

    return [m for app in OUR_APPS for m in apps.get_app_config(app).get_models() if m._meta.managed]


def test_every_model_has_an_admin_with_filters_and_search():
    inline_only = {"reservationitem"}  # edited inside its reservation
    missing = [m._meta.label for m in our_models() if m not in site._registry and m._meta.model_name not in inline_only]
    assert not missing, missing
    for model, model_admin in site._registry.items():
        if model._meta.app_label in OUR_APPS:
            assert model_admin.list_filter and model_admin.search_fields, model._meta.label
            assert isinstance(model_admin, admin.ModelAdmin)


@pytest.fixture
def both(tenant_a, tenant_b):
    from assets.tests.isolation import make_secret_objects as secret_assets
    from people.tests.isolation import make_secret_objects as secret_people

    secret_people(tenant_b)
    secret_assets(tenant_b)
    return tenant_a


def test_an_org_admin_sees_only_their_organizations_rows(both, login):
    client = login(both.user(Role.PHANTOM))
    for model in our_models():
        if model not in site._registry:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Zebra Secret" not in response.content.decode(), f"another organization shows on {url}"
        add = client.get(url + "add/")
        assert add.status_code in (200, 403), url
        assert "Zebra Secret" not in add.content.decode(), f"another organization's choices on {url}add/"


def test_the_api_schema_lists_our_endpoints(tenant_a, login):
    response = login(tenant_a.user(Role.GLADIATOR)).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/people/",
        "/api/people/{id}/",
        "/api/people/teams/",
        "/api/people/certifications/",
        "/api/people/assignments/",
        "/api/people/unavailability/",
        "/api/people/time-entries/",
        "/api/people/time-entries/{id}/approve/",
        "/api/people/time-entries/clock-in/",
        "/api/people/hours-report/",
        "/api/people/availability/",
        "/api/assets/",
        "/api/assets/kits/",
        "/api/assets/reservations/",
        "/api/assets/reservations/{id}/check-out/",
        "/api/assets/maintenance/",
        "/api/assets/maintenance-schedules/",
        "/api/assets/availability/",
        "/api/assets/utilization/",
    ]:
        assert path in paths, path
    person = response.json()["components"]["schemas"]["Person"]["properties"]
    assert "phone" in person and "personal_data_visible" in person
