"""A new workspace's asset pages say what each list is for and offer the button to start it, only to
the roles that may; a list emptied by a filter offers to clear the filters instead."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def ws_url(tenant, name):
    return reverse(f"assets:{name}", args=[tenant.org.slug, tenant.workspace.slug])


# page → (empty-state title, the action's URL name or None, its label)
PAGES = {
    "workspace_home": ("No assets yet", "asset_new", "Add asset"),
    "reservations": ("No reservations yet", "reserve", "Reserve"),
    "maintenance": ("No open maintenance jobs", "workspace_home", "Choose an asset"),
    "availability": ("No assets in service", "asset_new", "Add asset"),
    "utilization": ("No assets in service", "asset_new", "Add asset"),
    "labels": ("No assets to label", None, ""),
}


def empty_state(html):
    """The empty-state section of a page ('' when the page has none)."""
    start = html.find('class="card empty empty-state"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


@pytest.mark.parametrize("name", list(PAGES))
def test_a_gladiator_is_told_what_each_empty_list_is_for_and_offered_the_first_step(tenant_a, login, name):
    client = login(tenant_a.user(Role.GLADIATOR))
    title, action, label = PAGES[name]
    section = empty_state(client.get(ws_url(tenant_a, name)).content.decode())
    assert title in section
    if action:
        assert f'href="{ws_url(tenant_a, action)}">{label}</a>' in section


@pytest.mark.parametrize("name", ["workspace_home", "reservations", "maintenance", "availability", "utilization"])
def test_a_passenger_sees_the_empty_state_without_a_button_they_may_not_use(tenant_a, login, name):
    client = login(tenant_a.user(Role.PASSENGER))
    section = empty_state(client.get(ws_url(tenant_a, name)).content.decode())
    assert PAGES[name][0] in section
    assert 'class="btn primary"' not in section


def test_a_new_kit_form_opens_from_the_empty_kit_list_for_those_who_may_create_kits(tenant_a, login):
    html = login(tenant_a.user(Role.GLADIATOR)).get(ws_url(tenant_a, "kits")).content.decode()
    assert "No kits yet" in empty_state(html)
    assert 'href="#new-kit">New kit</a>' in empty_state(html)
    assert '<details class="card" id="new-kit" open>' in html


def test_a_navigator_may_reserve_but_not_add_assets_or_kits(tenant_a, login):
    client = login(tenant_a.user(Role.NAVIGATOR))
    assert 'class="btn primary"' not in empty_state(client.get(ws_url(tenant_a, "workspace_home")).content.decode())
    assert 'class="btn primary"' not in empty_state(client.get(ws_url(tenant_a, "kits")).content.decode())
    reservations = empty_state(client.get(ws_url(tenant_a, "reservations")).content.decode())
    assert f'href="{ws_url(tenant_a, "reserve")}">Reserve</a>' in reservations


@pytest.mark.parametrize(
    "name, query",
    [
        ("workspace_home", "?q=nothing-like-this"),
        ("kits", "?q=nothing-like-this"),
        ("reservations", "?status=checked_out"),
        ("maintenance", "?status=done"),
        ("availability", "?category=Rigging"),
        ("utilization", "?category=Rigging"),
        ("labels", "?q=nothing-like-this"),
    ],
)
def test_a_list_emptied_by_its_filters_offers_to_clear_them(tenant_a, login, name, query):
    client = login(tenant_a.user(Role.GLADIATOR))
    section = empty_state(client.get(ws_url(tenant_a, name) + query).content.decode())
    assert "Nothing matches these filters" in section
    assert f'href="{ws_url(tenant_a, name)}">Clear filters</a>' in section
