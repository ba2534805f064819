"""The API contract under hostile input: what an outside tester's fuzzer sent, and what it must get back.

Every answer under /api/ is JSON of one shape, `{"detail": "...", "errors": {field: [...]}}` (plus
`code` where there is one), and nothing a client sends is a 500.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from advancing.models import CatalogItem
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from productions.models import Production

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _as(user=None, *, raise_exceptions=True):
        client = APIClient(raise_request_exception=raise_exceptions)
        if user is not None:
            client.force_authenticate(user)
        return client

    return _as


def assert_error_shape(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    assert isinstance(body.get("errors"), dict), body
    return body


def advance_body(**line):
    return {
        "activation_name": "Opening night",
        "workspace_id": None,
        "items": [{"item_name": "Stagehands", "quantity": "4", "unit": "Per Person", **line}],
    }


# --- 1. deeply nested JSON -----------------------------------------------------------------------
def test_a_deeply_nested_body_is_a_400_not_a_recursion_error(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    body = "[" * 20000 + "]" * 20000
    for url in ("/api/advancing", "/api/productions/"):
        response = api(crew).post(url, data=body, content_type="application/json")
        assert_error_shape(response, 400)


def test_ordinary_nesting_still_parses(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    body = {**advance_body(), "workspace_id": tenant_a.workspace.pk}
    assert api(crew).post("/api/advancing", body, format="json").status_code == 201


# --- 2. dates at the ends of the calendar ---------------------------------------------------------
@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/advances?submitted_before=9999-12-31", "submitted_before"),
        ("/api/advances?submitted_after=0001-01-01", "submitted_after"),
        ("/api/advancing?submitted_before=9999-12-31", "submitted_before"),
        ("/api/events/?starts_before=9999-12-31", "starts_before"),
        ("/api/events/?starts_after=0001-01-01", "starts_after"),
    ],
)
def test_a_date_filter_at_the_end_of_the_calendar_is_a_field_error(tenant_a, api, url, field):
    body = assert_error_shape(api(tenant_a.user(Role.GLADIATOR)).get(url), 400)
    assert field in body["errors"]


def test_ordinary_date_filters_still_work(tenant_a, api):
    client = api(tenant_a.user(Role.GLADIATOR))
    assert client.get("/api/advances?submitted_before=2030-01-31&submitted_after=2020-01-01").status_code == 200
    assert client.get("/api/events/?starts_before=2030-01-31&starts_after=2020-01-01").status_code == 200


# --- 3. unbounded limit ----------------------------------------------------------------------------
def test_a_huge_limit_or_offset_is_capped_not_a_crash(tenant_a, api):
    Production.objects.bulk_create([Production(workspace=tenant_a.workspace, name=f"Show {n}") for n in range(205)])
    client = api(tenant_a.user(Role.GLADIATOR))
    for limit in ("9223372036854775808", "100000"):
        response = client.get(f"/api/productions/?limit={limit}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == 200
        assert response.json()["count"] == 205
    response = client.get("/api/productions/?limit=5&offset=9223372036854775808")
    assert response.status_code == 200 and response.json()["results"] == []
    assert len(client.get("/api/productions/").json()["results"]) == 50  # PAGE_SIZE stays the default


# --- 4. unicode digits as ids -----------------------------------------------------------------------
@pytest.mark.parametrize("ref", ["²", "٣٣", "99999999999999999999999", "-1"])
def test_an_odd_catalog_item_id_is_a_field_error(tenant_a, api, ref):
    crew = tenant_a.user(Role.DEVIATOR)
    body = {**advance_body(catalog_item_id=ref), "workspace_id": tenant_a.workspace.pk}
    response = api(crew).post("/api/advancing", body, format="json")
    errors = assert_error_shape(response, 400)["errors"]
    assert errors["items"][0]["catalog_item_id"] == ["No such item in the catalog."]


def test_a_catalog_item_by_number_or_code_still_resolves(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    item = CatalogItem.objects.filter(enabled=True).order_by("pk").first()
    for ref in (str(item.pk), item.item_id):
        body = {**advance_body(catalog_item_id=ref), "workspace_id": tenant_a.workspace.pk}
        response = api(crew).post("/api/advancing", body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["items"][0]["catalog_item_id"] == item.pk


# --- 5. free text and body size ---------------------------------------------------------------------
def test_a_long_line_description_is_a_field_error(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    body = {**advance_body(description="x" * 10_001, notes="y" * 10_001), "workspace_id": tenant_a.workspace.pk}
    errors = assert_error_shape(api(crew).post("/api/advancing", body, format="json"), 400)["errors"]
    assert set(errors["items"]["0"]) == {"description", "notes"}  # DRF keys a list's errors by position


def test_model_text_fields_have_a_length_limit(tenant_a, api):
    manager = tenant_a.user(Role.GLADIATOR)
    body = {"workspace": tenant_a.workspace.pk, "name": "Long", "description": "d" * 10_001}
    errors = assert_error_shape(api(manager).post("/api/productions/", body, format="json"), 400)["errors"]
    assert list(errors) == ["description"]


def test_a_five_megabyte_body_is_a_json_413(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    body = {**advance_body(description="x" * 5 * 1024 * 1024), "workspace_id": tenant_a.workspace.pk}
    assert_error_shape(api(crew).post("/api/advancing", body, format="json"), 413)


# --- 6. one error shape -----------------------------------------------------------------------------
def test_validation_errors_have_the_one_shape(tenant_a, api):
    crew = tenant_a.user(Role.DEVIATOR)
    body = assert_error_shape(api(crew).post("/api/advancing", {}, format="json"), 400)
    assert body["detail"] == "Check the highlighted fields."
    assert body["errors"]["activation_name"] == ["This field is required."]


@pytest.mark.parametrize("url", ["/api/advances/not-a-number", "/api/nothing-here/", "/api/productions/abc/"])
def test_an_unknown_api_url_is_a_json_404(tenant_a, api, url):
    assert_error_shape(api(tenant_a.user(Role.GLADIATOR)).get(url), 404)


def test_an_unknown_page_url_is_still_html(tenant_a, client):
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get("/productions/nothing-here/at-all/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_not_signed_in_and_forbidden_have_the_one_shape(tenant_a, api):
    assert_error_shape(api().get("/api/productions/"), 401)  # no session, no token: a Bearer challenge
    passenger = tenant_a.user(Role.PASSENGER)
    body = {"workspace": tenant_a.workspace.pk, "name": "Not mine"}
    assert_error_shape(api(passenger).post("/api/productions/", body, format="json"), 403)


def test_a_conflict_keeps_its_code(tenant_a, api):
    manager = tenant_a.user(Role.GLADIATOR)
    production = Production.objects.create(workspace=tenant_a.workspace, name="Show")
    url = f"/api/productions/{production.pk}/move/"
    response = api(manager).post(url, {"to_status": "completed"}, format="json")
    body = assert_error_shape(response, 409)
    assert body["code"]


def test_an_unhandled_exception_is_a_json_500(tenant_a, api, monkeypatch):
    from productions.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ProductionViewSet, "get_queryset", broken)
    response = api(tenant_a.user(Role.GLADIATOR), raise_exceptions=False).get("/api/productions/")
    body = assert_error_shape(response, 500)
    assert "boom" not in body["detail"]


def test_the_schema_documents_the_error_responses(tenant_a, api):
    schema = api(tenant_a.user(Role.GLADIATOR)).get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"] and "errors" in error["properties"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "403", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (method, path, status)


# --- 7. throttling ----------------------------------------------------------------------------------
LOW_RATES = {"user": "3/min", "token": "3/min", "anon": "3/min"}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-test"}}


def _rest_framework(**changes):
    from django.conf import settings

    return {**settings.REST_FRAMEWORK, **changes}


def test_a_user_over_the_rate_gets_a_json_429_with_retry_after(tenant_a, api):
    with override_settings(CACHES=LOCAL_CACHE, REST_FRAMEWORK=_rest_framework(DEFAULT_THROTTLE_RATES=LOW_RATES)):
        client = api(tenant_a.user(Role.GLADIATOR))
        for _ in range(3):
            assert client.get("/api/productions/").status_code == 200
        response = client.get("/api/productions/")
        body = assert_error_shape(response, 429)
        assert body["code"] == "throttled"
        assert int(response["Retry-After"]) > 0
        # Another user has their own allowance.
        assert api(tenant_a.user(Role.PASSENGER)).get("/api/productions/").status_code == 200


def test_each_token_is_throttled_on_its_own(tenant_a):
    user = tenant_a.user(Role.GLADIATOR)
    rates = {"user": "100/min", "token": "2/min", "anon": "3/min"}
    with override_settings(CACHES=LOCAL_CACHE, REST_FRAMEWORK=_rest_framework(DEFAULT_THROTTLE_RATES=rates)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_api_token(user)}")
        assert [client.get("/api/productions/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_default_rates_are_generous():
    from dragonfly import settings as shipped  # the shipped settings, not the test run's (no limits)

    rates = shipped.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["user"] == "1000/min" and rates["token"] == "1000/min"
