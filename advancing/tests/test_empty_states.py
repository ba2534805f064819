"""An empty list says what to do next: a crew member in a new workspace is offered their first advance,
a role that may not create one is not, and a filter that hides everything offers to clear itself."""

import re

import pytest

from advancing.models import CatalogItem
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production

pytestmark = pytest.mark.django_db
R = Role


def empty_state(response):
    """The empty-state card of a page (its title, text and links), or None."""
    html = response.content.decode()
    found = re.search(r'<section class="card empty empty-state".*?</section>', html, re.S)
    return found.group(0) if found else None


def home(tenant):
    return f"/advancing/w/{tenant.org.slug}/{tenant.workspace.slug}/"


def test_my_advances_empty_offers_the_first_advance_only_to_who_may_create_one(tenant_a, login):
    new_url = f"/advancing/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/new/"
    card = empty_state(login(tenant_a.user(R.RAIDER)).get(home(tenant_a)))
    assert "You have no advances in this workspace yet" in card
    assert f'href="{new_url}"' in card and "Start your first advance" in card

    card = empty_state(login(tenant_a.user(R.PASSENGER)).get(home(tenant_a)))
    assert "You have no advances in this workspace yet" in card
    assert new_url not in card and "Start your first advance" not in card


def test_a_filter_that_hides_every_advance_offers_to_clear_it(tenant_a, login):
    client = login(tenant_a.user(R.RAIDER))
    card = empty_state(client.get(home(tenant_a), {"status": "approved"}))
    assert "Nothing matches these filters" in card and "Clear filters" in card
    assert f'href="{home(tenant_a)}"' in card  # the page without its query


def test_the_review_queue_empty_and_filtered_empty(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    card = empty_state(client.get("/advancing/queue/"))
    assert "Nothing is waiting for review" in card and "Clear filters" not in card
    card = empty_state(client.get("/advancing/queue/", {"priority": "high"}))
    assert "Nothing matches these filters" in card and 'href="/advancing/queue/"' in card


def test_the_catalog_filtered_empty_offers_to_clear_and_an_empty_catalog_says_who_fills_it(tenant_a, login):
    client = login(tenant_a.user(R.RAIDER))
    card = empty_state(client.get("/advancing/catalog/", {"search": "zzqx-no-such-thing"}))
    assert "Nothing matches these filters" in card and 'href="/advancing/catalog/"' in card
    CatalogItem.objects.update(enabled=False)
    card = empty_state(client.get("/advancing/catalog/"))
    assert "The catalog is empty" in card and "Clear filters" not in card


def test_a_production_without_advances_offers_a_new_one_for_it(tenant_a, login):
    production = make_production(tenant_a)
    url = f"/productions/{production.pk}/advances/"
    new_url = f"/advancing/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/new/?production={production.pk}"
    client = login(tenant_a.user(R.GLADIATOR))
    card = empty_state(client.get(url))
    assert "No advances for this production yet" in card and f'href="{new_url}"' in card
    # The link opens the form with the production chosen.
    form = client.get(new_url).content.decode()
    assert re.search(rf'<option value="{production.pk}" selected>', form)

    card = empty_state(login(tenant_a.user(R.PASSENGER)).get(url))
    assert "No advances for this production yet" in card and "/new/" not in card
