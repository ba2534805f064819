"""The platform spec's HTTP API, route by route: what a client sends and what it gets back."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from advancing.models import Advance, AdvanceStatus, CatalogItem
from advancing.tests.helpers import make_advance
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from productions.models import Production

pytestmark = pytest.mark.django_db
S = AdvanceStatus


@pytest.fixture
def api():
    def _as(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _as


def body_of(advance_payload=None, **extra):
    body = {
        "team_workspace": "Stage crew",
        "activation_name": "Opening night",
        "items": [
            {"catalog_item_id": "TECH-1000", "quantity": "2", "unit_cost": "1500.00"},
            {"item_name": "Stagehands", "quantity": 4, "unit": "Per Person", "unit_cost": "250", "notes": "8h calls"},
        ],
    }
    body.update(advance_payload or {})
    body.update(extra)
    return body


# --- authentication -------------------------------------------------------------------------------
def test_the_api_needs_a_signed_in_user(api):
    for url in ("/api/advancing/catalog", "/api/advancing", "/api/advances"):
        assert api().get(url).status_code in (401, 403)


def test_token_authentication_works(tenant_a):
    token = make_api_token(tenant_a.user(Role.RAIDER), scopes=["advancing:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/advancing/catalog?limit=1").status_code == 200


def test_a_trailing_slash_is_accepted(tenant_a, api):
    assert api(tenant_a.user(Role.RAIDER)).get("/api/advancing/catalog/?limit=1").status_code == 200


# --- GET /api/advancing/catalog -------------------------------------------------------------------
def test_catalog_lists_enabled_items_with_pagination(tenant_a, api):
    CatalogItem.objects.filter(item_id="TECH-1001").update(enabled=False)
    response = api(tenant_a.user(Role.PASSENGER)).get("/api/advancing/catalog", {"limit": 5, "offset": 0})
    assert response.status_code == 200
    assert response.data["count"] == 328
    assert len(response.data["results"]) == 5
    first = response.data["results"][0]
    assert set(first) >= {"item_id", "category", "item_name", "common_variations", "standard_unit", "enabled"}


def test_catalog_filters_by_category_and_search(tenant_a, api):
    client = api(tenant_a.user(Role.RAIDER))
    response = client.get("/api/advancing/catalog", {"category": "Technical", "search": "panther"})
    assert [r["item_id"] for r in response.data["results"]] == ["TECH-1000"]
    assert client.get("/api/advancing/catalog", {"category": "Nope"}).status_code == 400


# --- POST /api/advancing -------------------------------------------------------------------------
def test_crew_create_an_advance_priced_by_the_server(tenant_a, api):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Summer tour")
    client = api(tenant_a.user(Role.DEVIATOR))
    response = client.post("/api/advancing", body_of(project_id=production.pk), format="json")
    assert response.status_code == 201, response.data
    data = response.data
    assert data["status"] == "draft" and data["project_id"] == production.pk
    assert data["workspace_id"] == tenant_a.workspace.pk  # taken from the production
    assert data["estimated_cost"] == "4000.00"
    assert [i["item_name"] for i in data["items"]] == ["Line Array PA System", "Stagehands"]
    assert data["items"][0]["unit"] == "Per Unit/Day"
    assert data["actions"] == ["edit", "submit", "cancel"]
    assert data["history"][0]["verb"] == "advance.created"


def test_crew_mark_lines_to_buy_or_to_hire_in_the_create_body(tenant_a, api):
    body = body_of()
    body["items"][0]["procurement"] = "hire"
    response = api(tenant_a.user(Role.RAIDER)).post("/api/advancing", body, format="json")
    assert response.status_code == 201, response.data
    assert [i["procurement"] for i in response.data["items"]] == ["hire", ""]
    advance = Advance.objects.get()
    assert [i.procurement for i in advance.items.order_by("position")] == ["hire", ""]


def test_an_empty_body_is_refused_and_creates_nothing(tenant_a, api):
    client = api(tenant_a.user(Role.DEVIATOR))
    response = client.post("/api/advancing", {}, format="json")
    assert response.status_code == 400
    assert set(response.data["errors"]) >= {"activation_name", "items"}
    assert not Advance.objects.exists()


def test_the_workspace_is_needed_when_the_user_has_several(tenant_a, api):
    client = api(tenant_a.user(Role.PHANTOM))  # org-wide: two workspaces
    response = client.post("/api/advancing", body_of(), format="json")
    assert response.status_code == 400
    assert "workspace_id" in response.data["errors"]
    response = client.post("/api/advancing", body_of(workspace_id=tenant_a.other_workspace.pk), format="json")
    assert response.status_code == 201
    assert response.data["workspace_id"] == tenant_a.other_workspace.pk


def test_a_single_workspace_member_need_not_name_it(tenant_a, api):
    response = api(tenant_a.user(Role.RAIDER)).post("/api/advancing", body_of(), format="json")
    assert response.status_code == 201
    assert response.data["workspace_id"] == tenant_a.workspace.pk


@pytest.mark.parametrize(
    "change, field",
    [
        ({"items": [{"item_name": "PA", "quantity": "0", "unit": "Per Day"}]}, "items"),
        ({"items": [{"item_name": "PA", "quantity": "-1", "unit": "Per Day"}]}, "items"),
        ({"items": [{"quantity": "1"}]}, "items"),
        ({"items": [{"catalog_item_id": "NOPE-1", "quantity": "1"}]}, "items"),
        ({"items": [{"item_name": "PA", "quantity": "1", "unit": "x", "unit_cost": "-3"}]}, "items"),
        ({"items": [{"item_name": "PA", "quantity": "1", "unit": "x", "procurement": "steal"}]}, "items"),
        ({"items": "not a list"}, "items"),
        ({"estimated_cost": "99.00"}, "estimated_cost"),
        ({"project_id": 999999}, "project_id"),
        ({"currency": "dollars"}, "currency"),
        ({"activation_name": "x" * 201}, "activation_name"),
    ],
)
def test_bad_bodies_get_field_errors(tenant_a, api, change, field):
    response = api(tenant_a.user(Role.RAIDER)).post("/api/advancing", body_of(change), format="json")
    assert response.status_code == 400
    assert field in response.data["errors"]
    assert not Advance.objects.exists()


def test_a_matching_estimated_cost_is_accepted(tenant_a, api):
    response = api(tenant_a.user(Role.RAIDER)).post("/api/advancing", body_of(estimated_cost="4000.00"), format="json")
    assert response.status_code == 201


def test_another_organizations_workspace_or_production_is_refused(tenant_a, tenant_b, api):
    client = api(tenant_a.user(Role.GLADIATOR))
    response = client.post("/api/advancing", body_of(workspace_id=tenant_b.workspace.pk), format="json")
    assert response.status_code == 400 and "workspace_id" in response.data["errors"]
    theirs = Production.objects.create(workspace=tenant_b.workspace, name="Theirs")
    response = client.post("/api/advancing", body_of(project_id=theirs.pk), format="json")
    assert response.status_code == 400 and "project_id" in response.data["errors"]


def test_a_role_without_add_gets_403(tenant_a, api):
    response = api(tenant_a.user(Role.PASSENGER)).post(
        "/api/advancing", body_of(workspace_id=tenant_a.workspace.pk), format="json"
    )
    assert response.status_code == 403


# --- GET /api/advancing -------------------------------------------------------------------------
def test_the_list_filters_by_project_status_and_submitter(tenant_a, tenant_b, api):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Tour")
    raider = tenant_a.user(Role.RAIDER)
    mine = make_advance(tenant_a, S.SUBMITTED, submitter=raider)
    Advance.objects.filter(pk=mine.pk).update(production=production)
    draft = make_advance(tenant_a)
    make_advance(tenant_b, S.SUBMITTED)
    client = api(tenant_a.user(Role.GLADIATOR))

    def ids(**params):
        response = client.get("/api/advancing", params)
        assert response.status_code == 200, response.data
        return [r["id"] for r in response.data["results"]]

    assert sorted(ids()) == sorted([mine.pk, draft.pk])
    assert ids(project_id=production.pk) == [mine.pk]
    assert ids(status="draft") == [draft.pk]
    assert ids(submitter_id=raider.pk) == [mine.pk]
    assert ids(limit=1, offset=1) and len(ids(limit=1)) == 1
    assert client.get("/api/advancing", {"status": "lost"}).status_code == 400


def test_a_raider_lists_only_their_own(tenant_a, api):
    raider = tenant_a.user(Role.RAIDER)
    mine = make_advance(tenant_a, submitter=raider)
    make_advance(tenant_a)
    response = api(raider).get("/api/advancing")
    assert [r["id"] for r in response.data["results"]] == [mine.pk]


def _bulk_advances(tenant, count):
    """Rows for query-count tests, written directly (the services are tested elsewhere)."""
    submitter = tenant.user(Role.DEVIATOR)
    from django.utils import timezone

    advances = Advance.objects.bulk_create(
        Advance(
            organization=tenant.org,
            workspace=tenant.workspace,
            submitter=submitter,
            status=S.SUBMITTED,
            submitted_at=timezone.now(),
            estimated_cost=Decimal(i),
        )
        for i in range(count)
    )
    from advancing.models import AdvanceItem

    AdvanceItem.objects.bulk_create(AdvanceItem(advance=a, name="Radio", unit="Per Unit") for a in advances)


@pytest.mark.parametrize("url", ["/api/advancing", "/api/advances"])
def test_list_query_count_is_the_same_at_10_and_60_rows(tenant_a, login, url):
    client = login(tenant_a.user(Role.GLADIATOR))
    _bulk_advances(tenant_a, 10)
    client.get(url, {"limit": 100})  # the organization's module switches are cached after the first request
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url, {"limit": 100}).status_code == 200
    _bulk_advances(tenant_a, 50)
    with CaptureQueriesContext(connection) as sixty:
        response = client.get(url, {"limit": 100})
    assert len(response.data["results"]) == 60
    assert len(sixty) == len(ten)
    assert len(ten) <= 10


def test_catalog_query_count_is_fixed(tenant_a, login, django_assert_max_num_queries):
    client = login(tenant_a.user(Role.RAIDER))
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/advancing/catalog", {"limit": 200}).data["results"]) == 200


# --- GET / PATCH /api/advancing/{id} -----------------------------------------------------------
def test_detail_of_another_organizations_advance_is_404(tenant_a, tenant_b, api):
    theirs = make_advance(tenant_b, S.SUBMITTED)
    client = api(tenant_a.user(Role.GLADIATOR))
    for url in (
        f"/api/advancing/{theirs.pk}",
        f"/api/advances/{theirs.pk}",
    ):
        assert client.get(url).status_code == 404
    assert client.patch(f"/api/advancing/{theirs.pk}", {"action": "cancel"}, format="json").status_code == 404
    assert client.post(f"/api/advancing/{theirs.pk}/fulfill", {}, format="json").status_code == 404
    for action in ("approve", "reject", "process", "review"):
        response = client.post(f"/api/advances/{theirs.pk}/{action}", {"reviewer_notes": "x"}, format="json")
        assert response.status_code == 404, action
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_a_raider_cannot_see_a_colleagues_advance(tenant_a, api):
    other = make_advance(tenant_a)
    assert api(tenant_a.user(Role.RAIDER)).get(f"/api/advancing/{other.pk}").status_code == 404


def test_detail_shows_lines_history_and_actions(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    response = api(tenant_a.user(Role.NAVIGATOR)).get(f"/api/advancing/{advance.pk}")
    assert response.status_code == 200
    assert len(response.data["items"]) == 2
    assert [h["to_state"] for h in response.data["history"]] == ["draft", "submitted"]
    assert response.data["actions"] == ["review"]
    assert response.data["priority"] == "medium"


def test_patch_edits_a_draft(tenant_a, api):
    advance = make_advance(tenant_a)
    client = api(tenant_a.user(Role.DEVIATOR))
    response = client.patch(
        f"/api/advancing/{advance.pk}",
        {
            "activation_name": "Load-in",
            "items": [{"item_name": "Barricade", "quantity": "20", "unit": "m", "unit_cost": "35.5"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["activation_name"] == "Load-in"
    assert response.data["team_workspace"] == ""  # make_advance set none; PATCH kept it
    assert response.data["estimated_cost"] == "710.00"


def test_patch_submits_then_cancels(tenant_a, api):
    advance = make_advance(tenant_a)
    client = api(tenant_a.user(Role.DEVIATOR))
    response = client.patch(f"/api/advancing/{advance.pk}", {"action": "submit"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "submitted"
    response = client.patch(f"/api/advancing/{advance.pk}", {"action": "cancel", "note": "Show moved"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "cancelled"
    response = client.patch(f"/api/advancing/{advance.pk}", {"action": "submit"}, format="json")
    assert response.status_code == 409
    assert response.data["detail"] == "This advance is already cancelled; it can't be submitted."


@pytest.mark.parametrize(
    "body",
    [{}, {"action": "approve"}, {"action": "submit", "activation_name": "x"}, {"items": [{"quantity": "1"}]}],
)
def test_patch_bad_bodies_are_400(tenant_a, api, body):
    advance = make_advance(tenant_a)
    response = api(tenant_a.user(Role.DEVIATOR)).patch(f"/api/advancing/{advance.pk}", body, format="json")
    assert response.status_code == 400


def test_patch_edit_after_submission_is_409(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    response = api(tenant_a.user(Role.DEVIATOR)).patch(
        f"/api/advancing/{advance.pk}", {"activation_name": "Late change"}, format="json"
    )
    assert response.status_code == 409


def test_submitting_an_empty_draft_is_400(tenant_a, api):
    advance = make_advance(tenant_a, items=[])
    response = api(tenant_a.user(Role.DEVIATOR)).patch(
        f"/api/advancing/{advance.pk}", {"action": "submit"}, format="json"
    )
    assert response.status_code == 400
    assert response.data["detail"] == "Add at least one item before submitting."


def test_a_passenger_may_read_but_not_submit(tenant_a, api):
    advance = make_advance(tenant_a)
    client = api(tenant_a.user(Role.PASSENGER))
    assert client.get(f"/api/advancing/{advance.pk}").status_code == 200
    assert client.patch(f"/api/advancing/{advance.pk}", {"action": "submit"}, format="json").status_code == 403


# --- POST /api/advancing/{id}/fulfill -----------------------------------------------------------
def test_fulfil_route_records_running_totals(tenant_a, api):
    advance = make_advance(tenant_a, S.APPROVED)
    hands, forklift = advance.items.all()
    client = api(tenant_a.user(Role.DEVIATOR))
    url = f"/api/advancing/{advance.pk}/fulfill"
    response = client.post(url, {"item_id": hands.pk, "quantity_fulfilled": "2", "notes": "2 on site"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "in_progress"
    assert response.data["items"][0]["fulfillment_status"] == "partial"
    assert client.post(url, {"item_id": hands.pk, "quantity_fulfilled": "9"}, format="json").status_code == 400
    client.post(url, {"item_id": hands.pk, "quantity_fulfilled": "4"}, format="json")
    response = client.post(
        url, {"item_id": forklift.pk, "quantity_fulfilled": "2", "actual_cost": "700"}, format="json"
    )
    assert response.data["status"] == "fulfilled"
    assert response.data["actual_cost"] == "1700.00"
    assert client.post(url, {"item_id": forklift.pk, "quantity_fulfilled": "2"}, format="json").status_code == 409


@pytest.mark.parametrize(
    "body", [{}, {"item_id": "x", "quantity_fulfilled": "1"}, {"item_id": 1, "quantity_fulfilled": "-1"}]
)
def test_fulfil_bad_bodies_are_400(tenant_a, api, body):
    advance = make_advance(tenant_a, S.APPROVED)
    response = api(tenant_a.user(Role.DEVIATOR)).post(f"/api/advancing/{advance.pk}/fulfill", body, format="json")
    assert response.status_code == 400


def test_fulfil_before_approval_is_409_and_for_a_raider_403(tenant_a, api):
    submitted = make_advance(tenant_a, S.SUBMITTED, submitter=tenant_a.user(Role.RAIDER))
    body = {"item_id": submitted.items.first().pk, "quantity_fulfilled": "1"}
    assert (
        api(tenant_a.user(Role.DEVIATOR))
        .post(f"/api/advancing/{submitted.pk}/fulfill", body, format="json")
        .status_code
        == 409
    )
    assert (
        api(tenant_a.user(Role.RAIDER)).post(f"/api/advancing/{submitted.pk}/fulfill", body, format="json").status_code
        == 403
    )


# --- the review side: /api/advances ------------------------------------------------------------
def test_the_review_queue_lists_waiting_advances_oldest_first(tenant_a, tenant_b, api):
    first = make_advance(tenant_a, S.SUBMITTED)
    second = make_advance(tenant_a, S.UNDER_REVIEW)
    make_advance(tenant_a, S.APPROVED)
    make_advance(tenant_b, S.SUBMITTED)
    client = api(tenant_a.user(Role.NAVIGATOR))
    response = client.get("/api/advances")
    assert [r["id"] for r in response.data["results"]] == [first.pk, second.pk]
    assert response.data["results"][0]["item_count"] == 2
    assert [r["id"] for r in client.get("/api/advances", {"status": "under_review"}).data["results"]] == [second.pk]
    assert client.get("/api/advances", {"priority": "urgent"}).status_code == 400
    assert api(tenant_a.user(Role.RAIDER)).get("/api/advances").data["count"] == 0


def test_a_reviewer_starts_review_approves_partially_and_processes(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    hands = advance.items.first()
    navigator, gladiator = api(tenant_a.user(Role.NAVIGATOR)), api(tenant_a.user(Role.GLADIATOR))
    response = navigator.post(f"/api/advances/{advance.pk}/review")
    assert response.status_code == 200 and response.data["status"] == "under_review"
    assert navigator.post(f"/api/advances/{advance.pk}/approve", {}, format="json").status_code == 403

    response = gladiator.post(
        f"/api/advances/{advance.pk}/approve",
        {"reviewer_notes": "Two is enough", "items": [{"item_id": hands.pk, "approved_quantity": "2"}]},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "approved"
    assert response.data["approved_cost"] == "1300.00"
    assert response.data["items"][0]["approved_quantity"] == "2.00"
    response = gladiator.post(f"/api/advances/{advance.pk}/process")
    assert response.status_code == 200 and response.data["status"] == "in_progress"


@pytest.mark.parametrize(
    "body",
    [
        {"approved_cost": "-1"},
        {"approved_cost": "lots"},
        {"items": [{"item_id": 1}]},
        {"items": [{"item_id": 1, "approved_quantity": "1"}, {"item_id": 1, "approved_quantity": "1"}]},
    ],
)
def test_approve_bad_bodies_are_400(tenant_a, api, body):
    advance = make_advance(tenant_a, S.SUBMITTED)
    response = api(tenant_a.user(Role.GLADIATOR)).post(f"/api/advances/{advance.pk}/approve", body, format="json")
    assert response.status_code == 400
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED


def test_approving_more_than_requested_is_400_naming_the_line(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    hands = advance.items.first()
    response = api(tenant_a.user(Role.GLADIATOR)).post(
        f"/api/advances/{advance.pk}/approve",
        {"items": [{"item_id": hands.pk, "approved_quantity": "5"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "Stagehands" in response.data["detail"]


def test_reject_needs_reviewer_notes(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    client = api(tenant_a.user(Role.GLADIATOR))
    response = client.post(f"/api/advances/{advance.pk}/reject", {}, format="json")
    assert response.status_code == 400 and "reviewer_notes" in response.data["errors"]
    response = client.post(f"/api/advances/{advance.pk}/reject", {"reviewer_notes": "No budget"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "rejected"
    assert response.data["reviewer_notes"] == "No budget"


def test_a_second_decision_is_409_naming_the_first(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    dana = tenant_a.user(Role.GLADIATOR)
    dana.first_name, dana.last_name = "Dana", "Reyes"
    dana.save()
    assert api(dana).post(f"/api/advances/{advance.pk}/approve", {}, format="json").status_code == 200
    response = api(tenant_a.user(Role.AVIATOR)).post(
        f"/api/advances/{advance.pk}/reject", {"reviewer_notes": "No"}, format="json"
    )
    assert response.status_code == 409
    assert response.data["detail"].startswith(
        "This advance is already approved; it can't be rejected. Dana Reyes changed it at "
    )
    assert ActivityEntry.objects.filter(verb__in=["advance.approved", "advance.rejected"]).count() == 1


def test_process_before_approval_is_409(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    assert api(tenant_a.user(Role.GLADIATOR)).post(f"/api/advances/{advance.pk}/process").status_code == 409


def test_a_passenger_sees_the_advance_but_may_not_decide(tenant_a, api):
    advance = make_advance(tenant_a, S.SUBMITTED)
    client = api(tenant_a.user(Role.PASSENGER))
    assert client.get(f"/api/advances/{advance.pk}").status_code == 200
    for action in ("approve", "process", "review"):
        assert client.post(f"/api/advances/{advance.pk}/{action}", {}, format="json").status_code == 403
    assert client.post(f"/api/advances/{advance.pk}/reject", {"reviewer_notes": "x"}, format="json").status_code == 403


def test_a_grant_to_approve_opens_the_advance_to_a_merchant(tenant_a, api):
    from guardian.shortcuts import assign_perm

    advance = make_advance(tenant_a, S.SUBMITTED)
    merchant = tenant_a.user(Role.MERCHANT)
    client = api(merchant)
    assert client.get(f"/api/advances/{advance.pk}").status_code == 404
    assign_perm("advancing.approve_advance", merchant, advance)
    clear_access(merchant)  # a new request would load the user afresh
    client = api(merchant)
    assert client.get(f"/api/advances/{advance.pk}").status_code == 200
    assert [r["id"] for r in client.get("/api/advances").data["results"]] == [advance.pk]
    response = client.post(f"/api/advances/{advance.pk}/approve", {"reviewer_notes": "PO 4471"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "approved"


def test_the_openapi_schema_is_served(tenant_a, login):
    response = login(tenant_a.user(Role.RAIDER)).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/advancing/catalog:", "/api/advancing/{id}/fulfill:", "/api/advances/{id}/approve:"):
        assert path in text
