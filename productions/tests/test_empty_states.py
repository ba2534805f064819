"""An empty list says what to do next: a production manager in a new workspace is offered the first
production, task, milestone, compliance item and team member; an observer sees the same lists without
the buttons; a filter that hides everything offers to clear itself."""

import re

import pytest

from dragonfly.tenancy.roles import Role

from .helpers import make_production

pytestmark = pytest.mark.django_db
R = Role


def empty_state(response):
    assert response.status_code == 200
    found = re.search(r'<section class="card empty empty-state".*?</section>', response.content.decode(), re.S)
    return found.group(0) if found else None


def home(tenant):
    return f"/productions/w/{tenant.org.slug}/{tenant.workspace.slug}/"


def test_no_productions_yet_offers_the_first_one_only_to_who_may_create(tenant_a, login):
    new_url = f"{home(tenant_a)}new/"
    card = empty_state(login(tenant_a.user(R.GLADIATOR)).get(home(tenant_a)))
    assert "No productions in this workspace yet" in card
    assert f'href="{new_url}"' in card and "Create the first production" in card

    card = empty_state(login(tenant_a.user(R.PASSENGER)).get(home(tenant_a)))
    assert "No productions in this workspace yet" in card and new_url not in card


def test_a_filter_that_hides_every_production_offers_to_clear_it(tenant_a, login):
    make_production(tenant_a, name="Aurora")
    card = empty_state(login(tenant_a.user(R.GLADIATOR)).get(home(tenant_a), {"q": "no such show"}))
    assert "Nothing matches these filters" in card and f'href="{home(tenant_a)}"' in card


TABS = [
    # (tab, title, the button's anchor on the page: the form below the list)
    ("tasks/", "No tasks yet", "#new-task"),
    ("milestones/", "No milestones yet", "#new-milestone"),
    ("compliance/", "No permits, certificates or plans recorded yet", "#new-compliance-item"),
    ("team/", "Nobody on the team yet", "#add-to-team"),
]


@pytest.mark.parametrize("tab,title,anchor", TABS)
def test_an_empty_tab_offers_its_form_to_who_may_add_and_nothing_to_an_observer(tenant_a, login, tab, title, anchor):
    production = make_production(tenant_a)
    url = f"/productions/{production.pk}/{tab}"
    response = login(tenant_a.user(R.GLADIATOR)).get(url)
    card = empty_state(response)
    assert title in card and f'href="{anchor}"' in card
    assert f'id="{anchor[1:]}"' in response.content.decode()  # the button leads somewhere

    card = empty_state(login(tenant_a.user(R.PASSENGER)).get(url))
    assert title in card and anchor not in card


def test_filtered_tasks_offer_to_clear_the_filter(tenant_a, login):
    production = make_production(tenant_a)
    url = f"/productions/{production.pk}/tasks/"
    card = empty_state(login(tenant_a.user(R.GLADIATOR)).get(url, {"status": "done"}))
    assert "Nothing matches these filters" in card and f'href="{url}"' in card


def test_my_tasks_empty_points_to_the_productions_and_a_filter_offers_to_clear(tenant_a, login):
    client = login(tenant_a.user(R.RAIDER))
    card = empty_state(client.get("/productions/my-tasks/"))
    assert "Nothing assigned to you" in card and f'href="{home(tenant_a)}"' in card
    card = empty_state(client.get("/productions/my-tasks/", {"status": "done"}))
    assert "Nothing matches these filters" in card and 'href="/productions/my-tasks/"' in card
