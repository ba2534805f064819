"""The templates API: save, list (filtered, query count pinned), rename, delete, start an advance from a
template or an earlier advance; 403 for a role without the permission, 404 for another organization."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from advancing.models import Advance, AdvanceStatus, AdvanceTemplate
from advancing.tests.helpers import catalog_item, make_advance
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
R = Role
URL = "/api/advancing/templates"


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def items():
    return catalog_item("ZZT-3001", "Line Array PA System"), catalog_item("ZZT-3002", "Stagehands", unit="Per Person")


def save(client, tenant, name="Festival main stage", kind="festival_stage", **extra):
    body = {
        "name": name,
        "production_type": kind,
        "workspace_id": tenant.workspace.pk,
        "lines": [
            {"catalog_item_id": "ZZT-3001", "quantity": "2", "notes": "delay towers"},
            {"catalog_item_id": "ZZT-3002", "quantity": "16"},
        ],
    } | extra
    return client.post(URL, body, format="json")


def test_a_manager_saves_a_template_and_the_crew_start_an_advance_from_it(tenant_a, items):
    response = save(as_user(tenant_a.user(R.GLADIATOR)), tenant_a)
    assert response.status_code == 201, response.json()
    template = response.json()
    assert template["production_type"] == "festival_stage" and template["workspace_id"] == tenant_a.workspace.pk
    assert [(line["item_id"], line["quantity"]) for line in template["lines"]] == [
        ("ZZT-3001", "2.00"),
        ("ZZT-3002", "16.00"),
    ]
    crew = as_user(tenant_a.user(R.RAIDER))
    assert [t["name"] for t in crew.get(URL + "?production_type=festival_stage").json()["results"]] == [
        "Festival main stage"
    ]
    assert crew.get(URL + "?production_type=arena_show").json()["results"] == []
    pa, hands = template["lines"]
    started = crew.post(
        f"{URL}/{template['id']}/start",
        {
            "activation_name": "Friday",
            "lines": [{"line_id": pa["id"], "quantity": "3"}, {"line_id": hands["id"], "quantity": "0"}],
        },
        format="json",
    )
    assert started.status_code == 201, started.json()
    advance = started.json()["advance"]
    assert advance["status"] == "draft" and advance["activation_name"] == "Friday" and started.json()["dropped"] == []
    assert [(i["item_name"], i["quantity"]) for i in advance["items"]] == [("Line Array PA System", "3.00")]


def test_an_advance_is_repeated_and_saved_as_a_template_through_the_api(tenant_a, items):
    pa, _hands = items
    lead = tenant_a.user(R.DEVIATOR)
    earlier = make_advance(
        tenant_a,
        AdvanceStatus.APPROVED,
        submitter=lead,
        items=[{"catalog_item": pa, "quantity": Decimal("2"), "unit_cost": Decimal("100")}],
    )
    response = as_user(lead).post(f"/api/advancing/{earlier.pk}/repeat", {"activation_name": "Again"}, format="json")
    assert response.status_code == 201
    assert response.json()["advance"]["workspace_id"] == tenant_a.workspace.pk
    assert response.json()["advance"]["estimated_cost"] == "200.00" and response.json()["advance"]["item_count"] == 1
    saved = as_user(tenant_a.user(R.NAVIGATOR)).post(
        URL,
        {"name": "From the earlier one", "workspace_id": tenant_a.workspace.pk, "from_advance_id": earlier.pk},
        format="json",
    )
    assert saved.status_code == 201 and [line["item_id"] for line in saved.json()["lines"]] == ["ZZT-3001"]


def test_rename_and_delete(tenant_a, items):
    manager = as_user(tenant_a.user(R.GLADIATOR))
    template = save(manager, tenant_a).json()
    renamed = manager.patch(f"{URL}/{template['id']}", {"name": "Main stage"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Main stage"
    assert manager.patch(f"{URL}/{template['id']}", {"production_type": "nope"}, format="json").status_code == 400
    assert manager.delete(f"{URL}/{template['id']}").status_code == 204
    assert not AdvanceTemplate.objects.exists()


def test_a_role_without_the_permission_gets_403_and_nothing_changes(tenant_a, items):
    template = save(as_user(tenant_a.user(R.GLADIATOR)), tenant_a).json()
    lead = as_user(tenant_a.user(R.DEVIATOR))
    assert save(lead, tenant_a, name="Mine").status_code == 403
    assert lead.patch(f"{URL}/{template['id']}", {"name": "Mine"}, format="json").status_code == 403
    assert lead.delete(f"{URL}/{template['id']}").status_code == 403
    passenger = as_user(tenant_a.user(R.PASSENGER))
    assert passenger.post(f"{URL}/{template['id']}/start", {}, format="json").status_code == 403
    assert AdvanceTemplate.objects.get().name == "Festival main stage" and not Advance.objects.exists()


def test_another_organization_gets_404(tenant_a, tenant_b, items):
    template = save(as_user(tenant_a.user(R.GLADIATOR)), tenant_a).json()
    advance = make_advance(tenant_a)
    stranger = as_user(tenant_b.user(R.GLADIATOR))
    assert stranger.get(f"{URL}/{template['id']}").status_code == 404
    assert stranger.patch(f"{URL}/{template['id']}", {"name": "x"}, format="json").status_code == 404
    assert stranger.delete(f"{URL}/{template['id']}").status_code == 404
    assert stranger.post(f"{URL}/{template['id']}/start", {}, format="json").status_code == 404
    assert stranger.post(f"/api/advancing/{advance.pk}/repeat", {}, format="json").status_code == 404
    assert stranger.get(URL).json()["results"] == []
    # nor may a template of theirs take another organization's workspace
    assert save(stranger, tenant_a).status_code == 400


def test_bad_input_is_a_json_400_and_saves_nothing(tenant_a, items):
    manager = as_user(tenant_a.user(R.GLADIATOR))
    assert save(manager, tenant_a, lines=[{"catalog_item_id": "NOPE-1", "quantity": "1"}]).status_code == 400
    assert save(manager, tenant_a, lines=[]).status_code == 400
    assert save(manager, tenant_a, name="").status_code == 400
    save(manager, tenant_a)
    clash = save(manager, tenant_a, name="FESTIVAL MAIN STAGE")
    assert clash.status_code == 400 and "already has a template" in clash.json()["detail"]
    assert AdvanceTemplate.objects.count() == 1
    template = AdvanceTemplate.objects.get()
    crew = as_user(tenant_a.user(R.RAIDER))
    for lines in ([{"line_id": 999999, "quantity": "1"}], [{"line_id": template.lines.first().pk, "quantity": "-1"}]):
        refused = crew.post(f"{URL}/{template.pk}/start", {"lines": lines}, format="json")
        assert refused.status_code == 400 and refused["Content-Type"] == "application/json"
    assert not Advance.objects.exists()


def test_the_list_costs_the_same_queries_at_any_length(tenant_a, items, django_assert_max_num_queries):
    manager, crew = as_user(tenant_a.user(R.GLADIATOR)), as_user(tenant_a.user(R.RAIDER))
    save(manager, tenant_a)
    with django_assert_max_num_queries(LIST_BUDGET):
        assert len(crew.get(URL + "?production_type=festival_stage").json()["results"]) == 1
    for n in range(12):
        save(manager, tenant_a, name=f"Template {n}")
    with django_assert_max_num_queries(LIST_BUDGET):
        assert len(crew.get(URL + "?production_type=festival_stage").json()["results"]) == 13


# Pinned: the access rows, the roles' permissions, the count and the page, whatever the number of rows.
LIST_BUDGET = 5
