"""Who may do what with venues (role × action), through `has_perm`/`visible_to` and through the
venue list page and the API list. Each role keeps exactly the venue powers it had while venues
belonged to events: the office reads them, the managers change them."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role, role_grants
from dragonfly.testing.matrix import assert_role_matrix, assert_url_matrix

from .helpers import make_location, make_space

pytestmark = pytest.mark.django_db
R = Role
MANAGERS = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
OFFICE_READERS = MANAGERS | {R.NAVIGATOR, R.DEVIATOR, R.PASSENGER}
# The venue pages sit in the Events section: whoever opens Events opens the list (and sees in it
# only what they may read).
OPENS_EVENTS = OFFICE_READERS | {R.RAIDER, R.AMBASSADOR}
CRUD = ("view", "add", "change", "delete")


def test_venue_matrix(tenant_a):
    venue = make_location(tenant_a)
    expected = {"view": OFFICE_READERS, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS}
    for obj in (venue, make_space(venue)):
        assert_role_matrix(tenant_a, obj, {a: f"locations.{a}_location" for a in CRUD}, expected)


def test_the_default_patterns_give_the_same_venue_powers_as_before():
    """What `events.<action>_location` gave each role, `locations.<action>_location` gives now."""
    for role in Role:
        for action in CRUD:
            before = role_grants(role, f"events.{action}_location")
            assert role_grants(role, f"locations.{action}_location") == before, (role.label, action)


def test_venue_list_page_and_api_list_show_the_venue_to_its_readers_only(tenant_a):
    from django.test import Client

    from dragonfly.tenancy.access import clear_access

    venue = make_location(tenant_a)
    page = reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    wrong = []
    for role, user in tenant_a.users.items():
        clear_access(user)
        client = Client()
        client.force_login(user)
        want = role in OFFICE_READERS
        response = client.get(page)
        on_page = response.status_code == 200 and venue in response.context["page"].object_list
        in_api = venue.pk in {row["id"] for row in client.get("/api/venues/").json()["results"]}
        if (on_page, in_api) != (want, want):
            wrong.append(f"{role.label}: page {on_page}, API {in_api}, expected {want}")
    assert not wrong, wrong


def test_venue_pages_by_role(tenant_a):
    venue = make_location(tenant_a)
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    new = {"name": "Forum", "kind": "arena", "timezone": "America/Los_Angeles"}
    requests = {
        "open the list": ("get", reverse("locations:list", args=args), None),
        "open a venue": ("get", reverse("locations:detail", args=[venue.pk]), None),
        "open the new form": ("get", reverse("locations:new", args=args), None),
        "edit": ("post", reverse("locations:edit", args=[venue.pk]), {**new, "name": "Madison Square Garden"}),
        "add": ("post", reverse("locations:new", args=args), new),
        "add through the API": ("post", "/api/venues/", {**new, "workspace": tenant_a.workspace.pk}),
    }
    expected = {
        "open the list": OPENS_EVENTS,
        "open a venue": OFFICE_READERS,
        "open the new form": MANAGERS,
        "edit": MANAGERS,
        "add": MANAGERS,
        "add through the API": MANAGERS,
    }
    assert_url_matrix(tenant_a, requests, expected)


def test_another_organization_opens_none_of_it(tenant_a, tenant_b):
    venue = make_location(tenant_a)
    requests = {
        "open the list": ("get", reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug]), None),
        "open a venue": ("get", reverse("locations:detail", args=[venue.pk]), None),
        "open through the API": ("get", f"/api/venues/{venue.pk}/", None),
    }
    assert_url_matrix(tenant_b, requests, {action: set() for action in requests})


def test_a_visitor_granted_one_venue_sees_it_and_nothing_else(tenant_a, login):
    from guardian.shortcuts import assign_perm

    from dragonfly.tenancy.access import clear_access

    visitor = tenant_a.user(R.VISITOR)
    shown, hidden = make_location(tenant_a, "Shown Hall"), make_location(tenant_a, "Hidden Hall")
    assign_perm("locations.view_location", visitor, shown)
    clear_access(visitor)
    client = login(visitor)
    # The grant opens the Events section, where the venue pages sit, as it did when venues were events'.
    listing = client.get(reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert listing.status_code == 200 and list(listing.context["page"].object_list) == [shown]
    assert "events" in {m.app_label for m in client.get("/").context["nav_modules"]}
    assert client.get(reverse("locations:detail", args=[shown.pk])).status_code == 200
    assert client.get(reverse("locations:detail", args=[hidden.pk])).status_code == 404
    assert [row["id"] for row in client.get("/api/venues/").json()["results"]] == [shown.pk]
