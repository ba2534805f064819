"""API lists read as `.values()` rows answer exactly what DRF's serializers answer, for every list
endpoint, and the OpenAPI schema does not change: the fast path is an implementation detail."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from dragonfly.core.renderers import ORJSONRenderer
from dragonfly.core.viewsets import TenantViewSet
from dragonfly.testing.parity import api_list_routes

# Lists whose serializer reads more than columns (a method field, a nested list, a related object's
# str()): they keep DRF's path, and this says which, so a change in either direction is seen.
SLOW_PATH: set[str] = {
    "/api/advancing/templates",
    "/api/agreements/",
    "/api/assets/",
    "/api/assets/kits/",
    "/api/assets/maintenance-schedules/",
    "/api/assets/maintenance/",
    "/api/assets/reservations/",
    "/api/automations/actions/",
    "/api/automations/rules/",
    "/api/automations/triggers/",
    "/api/bids/",
    "/api/budgets/",
    "/api/community/posts/",
    "/api/compliance-items/",
    "/api/contracts/",
    "/api/crew-calls/",
    "/api/events/",
    "/api/expenses/",
    "/api/files/",
    "/api/guests/accreditations/",
    "/api/guests/allotments/",
    "/api/incidents/",
    "/api/integrations/connections/",  # `connected` reads the model's property
    "/api/invitations/",
    "/api/invoices/",
    "/api/people/",
    "/api/people/applications/",
    "/api/people/assignments/",
    "/api/people/certifications/",
    "/api/people/time-entries/",  # an entry's rate is shown per reader (personal data): to_representation
    "/api/preferred-vendors/",
    "/api/productions/",
    "/api/profiles/",
    "/api/profiles/endorsements/",
    "/api/public-bids/",  # the bid's total and status, the request's title: related rows
    "/api/public-rfps/",  # the request's lines and shared documents, nested
    "/api/purchase-orders/",
    "/api/reports/exports/",
    "/api/reports/templates/",
    "/api/rfqs/",
    "/api/run-of-show-cues/",
    "/api/tasks/",
    "/api/tokens/",
    "/api/venues/",
    "/api/webhooks/deliveries/",
    "/api/webhooks/endpoints/",
}


@pytest.fixture
def demo(seeded_demo):
    return get_user_model().objects.get(username="northstar-phantom")


def read(client, path):
    response = client.get(f"{path}?limit=200", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, (path, response.status_code)
    return response.json()


def test_every_api_list_answers_the_same_json_from_values_rows(demo, monkeypatch):
    client = Client()
    client.force_login(demo)
    routes = api_list_routes()
    fast = {}
    for path in routes:
        fast[path] = read(client, path)
    monkeypatch.setattr(TenantViewSet, "values_lists", False)
    differ = [path for path in routes if read(client, path) != fast[path]]
    assert not differ, f"values rows and serializers disagree on {differ}"
    # A fixed catalog (the report templates) answers a plain list, not a page; the demo fills the lists.
    assert sum(len(body["results"] if isinstance(body, dict) else body) for body in fast.values()) > 200


def test_which_lists_take_the_values_path(demo, monkeypatch):
    from dragonfly.core import values_lists

    client = Client()
    client.force_login(demo)
    taken = set()
    real = values_lists.Plan.rows

    def spy(plan, rows, fields):
        taken.add(current)
        return real(plan, rows, fields)

    monkeypatch.setattr(values_lists.Plan, "rows", spy)
    for current in api_list_routes():
        read(client, current)
    slow = set(api_list_routes()) - taken
    assert slow == SLOW_PATH, f"lists on DRF's path: {sorted(slow)}"


def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_openapi_schema_is_the_same_with_and_without_values_rows(db, monkeypatch):
    with_values = schema()
    monkeypatch.setattr(TenantViewSet, "values_lists", False)
    without = schema()
    assert with_values["components"] == without["components"]
    assert with_values["paths"] == without["paths"]


def test_orjson_writes_what_drfs_renderer_writes():
    import datetime
    from decimal import Decimal

    from django.utils.translation import gettext_lazy
    from rest_framework.renderers import JSONRenderer

    data = {
        "when": datetime.datetime(2026, 12, 6, 7, 1, 2, 345678, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 12, 6),
        "cost": Decimal("12.50"),
        "label": gettext_lazy("Approved"),
        "text": "Zürich \u2028 line",
        1: [None, True, 1.5],
    }
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)
    assert json.loads(ORJSONRenderer().render(data))["when"] == "2026-12-06T07:01:02.345678Z"
