"""An API list builds the rows of a choice filter (`?workspace=`, `?production_manager=`: a `visible_to`
of the user's access each) only when the request names that filter: a plain list builds none. A named
filter still refuses a row the user may not see, and the browsable API's filter form still offers them."""

import pytest
from django_filters.filters import QuerySetRequestMixin
from rest_framework.test import APIClient

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from productions.models import Production

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    """The names of the choice filters whose rows a request built."""
    names = []
    real = QuerySetRequestMixin.get_queryset

    def spy(self, request):
        if callable(self.queryset):  # the rows of the request's user, built now
            names.append(self.field_name)
        return real(self, request)

    monkeypatch.setattr(QuerySetRequestMixin, "get_queryset", spy)
    return names


@pytest.fixture
def api(tenant_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_api_token(tenant_a.user(Role.PHANTOM))}")
    return client


def test_a_plain_list_builds_no_filter_choices(tenant_a, api, built):
    show = Production.objects.create(workspace=tenant_a.workspace, name="Show")

    answer = api.get("/api/productions/")

    assert [row["id"] for row in answer.json()["results"]] == [show.pk]
    assert built == []


def test_a_named_filter_builds_its_own_choices_and_refuses_another_organizations_row(tenant_a, tenant_b, api, built):
    here = Production.objects.create(workspace=tenant_a.workspace, name="Here")
    Production.objects.create(workspace=tenant_a.other_workspace, name="There")

    answer = api.get(f"/api/productions/?workspace={tenant_a.workspace.pk}")
    assert [row["id"] for row in answer.json()["results"]] == [here.pk]
    assert built == ["workspace"]

    refused = api.get(f"/api/productions/?workspace={tenant_b.workspace.pk}")
    assert refused.status_code == 400 and "workspace" in refused.json()["errors"]


def test_the_browsable_api_filter_form_still_offers_the_choices(tenant_a, tenant_b, client):
    client.force_login(tenant_a.user(Role.PHANTOM))

    page = client.get("/api/productions/", HTTP_ACCEPT="text/html").content.decode()

    assert tenant_a.other_workspace.name in page and tenant_b.workspace.name not in page
