"""An AI agent drives Dragonfly through the MCP server with its owner's personal API token: it lists
the tools, reads productions, events, advances and budgets, submits an advance, and a reviewer's agent
approves or rejects it. Another organization's data is unreachable, a read-only token cannot write,
and a revoked token stops at once. In-process over the SDK's memory transport, plus one run over
streamable HTTP through the ASGI app that dragonfly/asgi.py serves."""

import json
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync
from mcp.shared.memory import create_connected_server_and_client_session

from advancing.models import Advance, AdvanceStatus, CatalogItem
from advancing.tests.helpers import make_advance
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from dragonfly.tokens.models import APIToken
from events.models import Event
from finance.models import Budget
from mcp_server.server import build_server
from productions.models import Production


def agent(secret, calls):
    """Connect an MCP client to a server acting with `secret`, run `calls(session)` and return its result.
    The test stays sync (async_to_sync), so the tools' ORM calls run on this thread and see its data."""

    async def scenario():
        async with create_connected_server_and_client_session(build_server(secret=secret)) as session:
            return await calls(session)

    return async_to_sync(scenario)()


def call(secret, name, **arguments):
    async def calls(session):
        return await session.call_tool(name, arguments)

    return agent(secret, calls)


def data(result):
    assert not result.isError, result.content[0].text
    if result.structuredContent is not None:
        payload = result.structuredContent
        return payload.get("result", payload)
    return json.loads(result.content[0].text)


def error(result):
    assert result.isError
    return result.content[0].text


@pytest.fixture
def show(tenant_a):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour 2026", status="planning")
    return production


@pytest.mark.django_db
def test_the_agent_lists_the_tools_and_reads_what_its_owner_sees(tenant_a, show):
    from django.utils import timezone

    gladiator = tenant_a.user(Role.GLADIATOR)
    Event.objects.create(
        workspace=tenant_a.workspace,
        production=show,
        title="Opening night",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
    )
    advance = make_advance(tenant_a)
    Budget.objects.create(workspace=tenant_a.workspace, production=show, name="Tour budget", currency="USD")
    secret = make_api_token(gladiator, scopes=["read"])

    async def calls(session):
        listed = await session.list_tools()
        resources = await session.list_resources()
        return listed, resources

    listed, resources = agent(secret, calls)
    names = {tool.name for tool in listed.tools}
    assert {"search", "list_productions", "production_summary", "list_events", "get_advance", "list_budgets"} <= names
    assert {"submit_advance", "approve_advance", "reject_advance"} <= names
    assert "dragonfly://catalog" in {str(r.uri) for r in resources.resources}

    productions = data(call(secret, "list_productions"))
    assert [p["name"] for p in productions] == ["Summer Tour 2026"]
    summary = data(call(secret, "production_summary", production_id=show.pk))
    assert summary["production"]["id"] == show.pk and "score" in summary["health"] and "tasks" in summary
    events = data(call(secret, "list_events", production_id=show.pk))
    assert [e["title"] for e in events] == ["Opening night"]
    advances = data(call(secret, "list_advances"))
    assert [a["id"] for a in advances] == [advance.pk]
    assert data(call(secret, "get_advance", advance_id=advance.pk))["items"]
    budgets = data(call(secret, "list_budgets"))
    assert [b["name"] for b in budgets] == ["Tour budget"]


@pytest.mark.django_db
def test_the_catalog_is_a_resource(tenant_a):
    secret = make_api_token(tenant_a.user(Role.RAIDER), scopes=["advancing:read"])
    item = CatalogItem.objects.filter(enabled=True).order_by("item_id").first()

    async def calls(session):
        everything = await session.read_resource("dragonfly://catalog")
        one = await session.read_resource(f"dragonfly://catalog/{item.item_id}")
        return everything, one

    everything, one = agent(secret, calls)
    rows = json.loads(everything.contents[0].text)
    assert len(rows) == CatalogItem.objects.filter(enabled=True).count() and rows[0]["item_id"]
    assert json.loads(one.contents[0].text)["name"] == item.name


@pytest.mark.django_db
def test_crew_submit_an_advance_and_a_reviewer_approves_it_through_their_agents(tenant_a, show):
    crew = make_api_token(tenant_a.user(Role.DEVIATOR), scopes=["read", "advancing:write"])
    item = CatalogItem.objects.filter(enabled=True).order_by("item_id").first()
    submitted = data(
        call(
            crew,
            "submit_advance",
            workspace_id=tenant_a.workspace.pk,
            production_id=show.pk,
            activation_name="Main stage",
            items=[{"catalog_item": item.item_id, "quantity": 2, "unit_cost": "150.00"}],
        )
    )
    advance = Advance.objects.get(pk=submitted["id"])
    assert advance.status == AdvanceStatus.SUBMITTED and advance.estimated_cost == Decimal("300.00")
    assert advance.submitter == tenant_a.user(Role.DEVIATOR)

    refused = error(call(crew, "approve_advance", advance_id=advance.pk))
    assert "approve" in refused
    advance.refresh_from_db()
    assert advance.status == AdvanceStatus.SUBMITTED

    reviewer = make_api_token(tenant_a.user(Role.GLADIATOR), scopes=["advancing:write"])
    approved = data(call(reviewer, "approve_advance", advance_id=advance.pk, note="Go"))
    assert approved["status"] == AdvanceStatus.APPROVED


@pytest.mark.django_db
def test_a_reviewer_rejects_with_a_reason_and_without_one_nothing_changes(tenant_a):
    advance = make_advance(tenant_a, status=AdvanceStatus.SUBMITTED)
    reviewer = make_api_token(tenant_a.user(Role.GLADIATOR), scopes=["write"])
    assert "why" in error(call(reviewer, "reject_advance", advance_id=advance.pk, note=" ")).lower()
    advance.refresh_from_db()
    assert advance.status == AdvanceStatus.SUBMITTED
    rejected = data(call(reviewer, "reject_advance", advance_id=advance.pk, note="Over budget"))
    assert rejected["status"] == AdvanceStatus.REJECTED and rejected["reviewer_notes"] == "Over budget"


@pytest.mark.django_db
def test_another_organizations_data_is_unreachable(tenant_a, tenant_b, show):
    bravo_show = Production.objects.create(workspace=tenant_b.workspace, name="Bravo Fest")
    bravo_advance = make_advance(tenant_b, status=AdvanceStatus.SUBMITTED)
    secret = make_api_token(tenant_a.user(Role.PHANTOM), scopes=["write"])
    assert [p["name"] for p in data(call(secret, "list_productions"))] == ["Summer Tour 2026"]
    assert "No production" in error(call(secret, "production_summary", production_id=bravo_show.pk))
    assert "No advance" in error(call(secret, "get_advance", advance_id=bravo_advance.pk))
    assert "No advance" in error(call(secret, "approve_advance", advance_id=bravo_advance.pk))
    assert "No workspace" in error(
        call(
            secret,
            "submit_advance",
            workspace_id=tenant_b.workspace.pk,
            items=[{"name": "x", "unit": "u", "quantity": 1}],
        )
    )
    bravo_advance.refresh_from_db()
    assert bravo_advance.status == AdvanceStatus.SUBMITTED
    assert all(hit["title"] != "Bravo Fest" for hit in data(call(secret, "search", query="Bravo")))


@pytest.mark.django_db
def test_a_read_only_or_other_module_token_cannot_write_and_a_revoked_one_stops(tenant_a, show):
    advance = make_advance(tenant_a, status=AdvanceStatus.SUBMITTED)
    gladiator = tenant_a.user(Role.GLADIATOR)
    reader = make_api_token(gladiator, scopes=["read"])
    assert "may not write" in error(call(reader, "approve_advance", advance_id=advance.pk))
    finance_only = make_api_token(gladiator, scopes=["finance:write"])
    assert "may not read" in error(call(finance_only, "list_productions"))
    advance.refresh_from_db()
    assert advance.status == AdvanceStatus.SUBMITTED

    APIToken.objects.filter(user=gladiator).delete()
    assert "revoked" in error(call(reader, "list_productions"))
