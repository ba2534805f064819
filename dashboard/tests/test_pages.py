"""A crew member opens their dashboard and sees their work; they add, remove, resize and reorder
widgets and find them so on the next visit; the home page leads to it."""

import re

import pytest

from dashboard.models import Dashboard
from dashboard.services import layout_for
from dragonfly.tenancy.roles import Role

from .helpers import dashboard_url, fill_workspace

pytestmark = pytest.mark.django_db
R = Role


def keys(client, tenant):
    response = client.get(dashboard_url(tenant))
    assert response.status_code == 200
    return [item.widget.key for item in response.context["widgets"]]


def test_a_crew_member_sees_their_work_and_shapes_their_dashboard(tenant_a, login):
    fill_workspace(tenant_a)
    crew = tenant_a.user(R.RAIDER)
    client = login(crew)
    page = client.get(dashboard_url(tenant_a))
    assert page.status_code == 200
    shown = [item.widget.key for item in page.context["widgets"]]
    # the built-in default, narrowed to what a Raider's role sees (no queue, no money, no incidents)
    assert shown == [
        "my_advances",
        "advances_per_day",
        "my_work",
        "production_health",
        "upcoming",
        "expiring_certifications",
    ]
    text = page.content.decode()
    assert "Book hotel 0" in text and "Show 0" in text and "1 crew call for you" in text
    assert "Stage 0" not in text  # counted, not listed: the figure links to the list behind it
    assert f"/advancing/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/?status=submitted" in text

    # add, resize, move up, remove: each persisted, a plain form answered by a redirect
    url = dashboard_url(tenant_a, "widgets/")
    assert client.post(url, {"action": "add", "key": "my_work", "size": "wide"}).status_code == 302  # already on
    assert client.post(url, {"action": "remove", "key": "upcoming"}).status_code == 302
    for key in ("advances_per_day", "production_health", "expiring_certifications"):
        client.post(url, {"action": "remove", "key": key})
    assert keys(client, tenant_a) == ["my_advances", "my_work"]
    assert client.post(url, {"action": "add", "key": "upcoming", "size": "small"}).status_code == 302
    assert client.post(url, {"action": "up", "key": "upcoming"}).status_code == 302
    assert client.post(url, {"action": "resize", "key": "my_advances", "size": "wide"}).status_code == 302
    own = Dashboard.objects.get(user=crew)
    assert [(w.key, w.size) for w in own.widgets.all()] == [
        ("my_advances", "wide"),
        ("upcoming", "small"),
        ("my_work", "small"),
    ]
    assert keys(client, tenant_a) == ["my_advances", "upcoming", "my_work"]

    # a widget the role may not see is refused, nothing changed
    response = client.post(url, {"action": "add", "key": "budget_burn"})
    assert response.status_code == 302
    assert keys(client, tenant_a) == ["my_advances", "upcoming", "my_work"]

    # htmx gets the grid back, not a redirect
    response = client.post(url, {"action": "down", "key": "my_advances"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="dashboard"' in response.content.decode()
    assert layout_for(crew, tenant_a.workspace).keys == ["upcoming", "my_advances", "my_work"]

    # back to the default
    assert client.post(dashboard_url(tenant_a, "reset/")).status_code == 302
    assert layout_for(crew, tenant_a.workspace).source == "built-in"


def test_the_home_page_leads_to_the_dashboard(tenant_a, login):
    fill_workspace(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    home = client.get("/")
    assert home.status_code == 200
    text = home.content.decode()
    assert 'data-testid="home-dashboard"' in text and dashboard_url(tenant_a) in text
    assert "Review queue" in text and "Budget burn and variance" in text
    assert client.get("/dashboard/").url == dashboard_url(tenant_a)


def test_charts_are_accessible_and_draw_the_same_in_german(tenant_a, login):
    fill_workspace(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    page = client.get(dashboard_url(tenant_a), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in page
    start = page.index('<svg class="chart-svg"')
    svg = page[start : page.index("</svg>", start)]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    # coordinates are numbers with a point, whatever the reader's language writes
    assert not re.search(r'(x|y|width|height)="[0-9]+,[0-9]', svg)
    assert re.search(r'height="120\.0"', svg)  # the day with the most advances fills the plot
