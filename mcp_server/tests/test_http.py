"""The MCP server over streamable HTTP, through the ASGI app dragonfly/asgi.py serves: the SDK's own
client with a Bearer token lists the tools and calls one; without a live token the door is a 401 JSON."""

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.core.asgi import get_asgi_application
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from dragonfly.tokens.models import APIToken
from mcp_server.asgi import with_mcp
from productions.models import Production


def over_http(headers, scenario):
    application = with_mcp(get_asgi_application())

    async def run():
        mcp_app = application.mcp_app
        async with mcp_app.router.lifespan_context(mcp_app):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as http:
                return await scenario(http)

    return async_to_sync(run)()


@pytest.mark.django_db
def test_an_agent_connects_over_streamable_http_with_its_token(tenant_a):
    Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour 2026")
    Production.objects.create(workspace=tenant_a.other_workspace, name="Autumn Festival")
    user = tenant_a.user(Role.GLADIATOR)  # sees the tour's workspace only
    secret = make_api_token(user, scopes=["read"])

    async def scenario(http):
        async with (
            streamable_http_client("http://testserver/mcp/", http_client=http) as (read, write, _id),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            tools = await session.list_tools()
            result = await session.call_tool("list_productions", {})
            return tools, result

    tools, result = over_http({"Authorization": f"Bearer {secret}"}, scenario)
    assert "production_summary" in {tool.name for tool in tools.tools}
    assert not result.isError
    assert [p["name"] for p in result.structuredContent["result"]] == ["Summer Tour 2026"]
    assert APIToken.objects.get(user=user).last_used_at is not None


@pytest.mark.django_db
def test_without_a_live_token_the_mcp_endpoint_answers_401_json(tenant_a):
    secret = make_api_token(tenant_a.user(Role.DEVIATOR))
    APIToken.objects.all().delete()
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    for headers in ({}, {"Authorization": f"Bearer {secret}"}, {"Authorization": "Bearer dfly_unknown"}):

        async def scenario(http, headers=headers):
            return await http.post("/mcp/", json=body, headers={**headers, "Accept": "application/json"})

        response = over_http({}, scenario)
        assert response.status_code == 401
        assert response.json()["code"] == "authentication_failed"
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_the_site_still_answers_beside_the_mcp_mount(tenant_a):
    async def scenario(http):
        return await http.get("/healthz")

    assert over_http({}, scenario).status_code == 200


@pytest.mark.django_db
def test_under_a_server_without_the_asgi_lifespan_the_mcp_endpoint_says_so(tenant_a):
    """Daphne (the realtime process, `runserver`) runs no lifespan, so the MCP session manager never
    starts: the door answers a clear 503 in JSON instead of a 500."""
    secret = make_api_token(tenant_a.user(Role.DEVIATOR))
    application = with_mcp(get_asgi_application())

    async def run():
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.post(
                "/mcp/",
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                headers={"Authorization": f"Bearer {secret}", "Accept": "application/json, text/event-stream"},
            )

    response = async_to_sync(run)()
    assert response.status_code == 503
    assert response.json()["code"] == "mcp_not_started"
    assert "uvicorn" in response.json()["detail"]
