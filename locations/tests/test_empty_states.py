"""A production manager opens the venue list of a fresh workspace: it says what venues are for and
offers "New venue"; an observer gets no button; a search that finds nothing offers to clear it."""

import re

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role

from .helpers import make_location

pytestmark = pytest.mark.django_db
R = Role


def empty_state(response):
    assert response.status_code == 200
    found = re.search(r'<section class="card empty empty-state".*?</section>', response.content.decode(), re.S)
    assert found, "the page shows no empty state"
    return found.group(0)


def test_an_empty_venue_list_offers_a_new_venue_to_those_who_may_add_one(tenant_a, login):
    url = reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    new_url = reverse("locations:new", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(url))
    assert "No venues yet" in section and f'href="{new_url}">New venue</a>' in section
    section = empty_state(login(tenant_a.user(R.PASSENGER)).get(url))
    assert "No venues yet" in section and "New venue" not in section


def test_a_search_that_finds_no_venue_offers_to_clear_it(tenant_a, login):
    make_location(tenant_a, "Columbiahalle")
    url = reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(url, {"q": "Tempodrom"}))
    assert "Nothing matches these filters" in section and f'href="{url}">Clear filters</a>' in section
