"""GET /api/workspaces/{id}/dashboard: a production manager reads the workspace's key figures in one
answer; a crew member without finance rights gets no money figure; another organization gets a
404; the number of queries does not grow with the data."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import assert_constant_queries

from .helpers import dashboard_url, fill_workspace

pytestmark = pytest.mark.django_db
R = Role


def api_url(workspace):
    return f"/api/workspaces/{workspace.pk}/dashboard"


def test_the_workspace_figures_in_one_answer(tenant_a, login):
    fill_workspace(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.get(api_url(tenant_a.workspace))
    assert response.status_code == 200
    body = response.json()
    assert body["workspace"]["id"] == tenant_a.workspace.pk
    figures = body["figures"]
    assert figures["review_queue"]["waiting"] == 2
    assert {row["key"]: row["count"] for row in figures["review_queue"]["by_status"]} == {
        "submitted": 1,
        "under_review": 1,
    }
    assert figures["upcoming"]["events"] == 1
    assert figures["open_incidents"]["open"] == 1
    assert figures["production_health"]["open"] == 1
    assert figures["budget_burn"]["planned"] == "15000.00" and figures["budget_burn"]["currency"]
    assert figures["my_advances"]["total"] == 0  # the crew sent them, not the manager
    # with or without a trailing slash
    assert client.get(api_url(tenant_a.workspace) + "/").json()["figures"] == figures


def test_a_crew_member_without_finance_rights_gets_no_money_figure(tenant_a, login):
    fill_workspace(tenant_a)
    for role in (R.NAVIGATOR, R.DEVIATOR, R.RAIDER, R.PASSENGER):
        client = login(tenant_a.user(role))
        figures = client.get(api_url(tenant_a.workspace)).json()["figures"]
        assert "budget_burn" not in figures and "spend_by_category" not in figures, role
        page = client.get(dashboard_url(tenant_a)).content.decode()
        assert "Budget burn and variance" not in page and "15,000.00" not in page, role
    raider = tenant_a.user(R.RAIDER)
    figures = login(raider).get(api_url(tenant_a.workspace)).json()["figures"]
    assert figures["my_advances"]["total"] == 1 and "review_queue" not in figures
    assert figures["upcoming"]["my_crew_calls"] == 1


def test_another_organization_sees_nothing(tenant_a, tenant_b, login):
    fill_workspace(tenant_a)
    client = login(tenant_b.user(R.PHANTOM))
    response = client.get(api_url(tenant_a.workspace))
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert client.get(dashboard_url(tenant_a)).status_code == 404
    assert client.post(dashboard_url(tenant_a, "widgets/"), {"action": "add", "key": "upcoming"}).status_code == 404
    assert client.get(dashboard_url(tenant_a, "defaults/")).status_code == 404
    assert login(tenant_a.user(R.GLADIATOR)).get(api_url(tenant_b.workspace)).status_code == 404


def test_the_figures_cost_the_same_queries_at_any_size(tenant_a, login):
    fill_workspace(tenant_a, n=1)
    client = login(tenant_a.user(R.GLADIATOR))
    queries, _, _ = assert_constant_queries(client, api_url(tenant_a.workspace), lambda: fill_workspace(tenant_a, n=4))
    assert queries < 40
    # the page too: a widget shows a few rows, whatever there are (read once first: the caches fill)
    client.get(dashboard_url(tenant_a))
    assert_constant_queries(client, dashboard_url(tenant_a), lambda: fill_workspace(tenant_a, n=3))
