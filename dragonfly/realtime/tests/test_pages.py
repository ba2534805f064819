"""Pages say where their socket is, and say nothing of it when the deployment runs none."""

import pytest
from django.urls import reverse

from advancing.tests.helpers import raider_advance
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_names_its_socket_and_the_queue_and_advance_name_their_topics(tenant_a, login, settings):
    settings.REALTIME_SOCKET = "/ws/live/"
    advance = raider_advance(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    queue = client.get(reverse("advancing:review_queue")).content.decode()
    assert 'data-live-socket="/ws/live/"' in queue and "js/live.js" in queue
    assert 'data-live-topic="advancing.advance"' in queue and f'data-advance="{advance.pk}"' in queue
    page = client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert f'data-live-topic="advancing.advance:{advance.pk}"' in page
    assert f'data-live-presence="advancing.advance:{advance.pk}"' in page


def test_without_a_socket_pages_open_none(tenant_a, login, settings):
    settings.REALTIME_SOCKET = ""
    page = login(tenant_a.user(Role.GLADIATOR)).get(reverse("advancing:review_queue")).content.decode()
    assert "data-live-socket" not in page


def test_signed_out_pages_open_no_socket(client):
    assert "data-live-socket" not in client.get("/accounts/login/").content.decode()


def test_the_run_of_show_follows_its_event_and_shows_no_template_comment(tenant_a, login):
    from productions.tests.helpers import make_event

    event = make_event(tenant_a, "Aurora Berlin")
    page = login(tenant_a.user(Role.PASSENGER)).get(reverse("events:run_of_show_live", args=[event.pk]))
    text = page.content.decode()
    assert f'data-live-topic="events.event:{event.pk}"' in text and 'hx-trigger="live-refresh"' in text
    assert "{#" not in text and "data-live-fallback" in text


def test_the_boards_calendar_assets_budget_and_door_name_their_topics_and_keep_a_fallback(tenant_a, login):
    """Each page names what it follows; the door counts refresh on a push, and every 10 s without a socket."""
    from finance.tests.helpers import make_budget
    from guests.tests.helpers import make_show
    from productions.tests.helpers import make_production

    production = make_production(tenant_a)
    event, _zones = make_show(tenant_a)
    budget = make_budget(tenant_a, production=production)
    ws = (tenant_a.workspace.organization.slug, tenant_a.workspace.slug)
    client = login(tenant_a.user(Role.GLADIATOR))
    prod = f"productions.production:{production.pk}"
    expected = {
        reverse("productions:workspace_home", args=ws): 'data-live-topic="productions.production"',
        reverse("productions:tasks", args=[production.pk]): 'id="task-list" data-live-refresh',
        reverse("productions:board", args=[production.pk]): 'id="board" data-live-refresh',
        reverse("productions:detail", args=[production.pk]): f'data-live-presence="{prod}"',
        reverse("events:workspace_home", args=ws): 'data-live-topic="events.event"',
        reverse("events:event", args=[event.pk]): f'data-live-topic="events.event:{event.pk}"',
        reverse("events:run_of_show", args=[event.pk]): f'data-live-presence="events.event:{event.pk}"',
        reverse("events:run_of_show_live", args=[event.pk]): f'data-live-presence="events.event:{event.pk}"',
        reverse("assets:availability", args=ws): 'data-live-topic="assets.reservation assets.asset"',
        reverse("finance:budget", args=[budget.pk]): f'data-live-topic="finance.budget:{budget.pk}"',
        reverse("guests:door", args=[event.pk]): f'data-live-topic="events.event:{event.pk}"',
    }
    for url, marker in expected.items():
        page = client.get(url)
        assert page.status_code == 200, url
        assert marker in page.content.decode(), url
    door = client.get(reverse("guests:door", args=[event.pk])).content.decode()
    assert 'hx-trigger="live-refresh"' in door and 'data-live-fallback="10"' in door and "every 10s" not in door
    detail = client.get(reverse("productions:detail", args=[production.pk])).content.decode()
    assert f'data-live-topic="{prod}"' in detail and 'id="production-history" data-live-refresh' in detail
