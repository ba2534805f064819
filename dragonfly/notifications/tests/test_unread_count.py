"""The bell's unread count is on every page: it costs the same queries at 3 or 3,000 notifications,
is cached per user, and changes as soon as a notification arrives or is read."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.notifications.models import Notification
from dragonfly.notifications.services import mark_all_read, mark_read, notify
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def bell(client):
    """The count shown on the bell of the home page (0 when the bell shows none; "99+" past 99)."""
    html = client.get("/").content.decode()
    match = re.search(r'data-testid="unread-count">(\d+\+?)<', html)
    if not match:
        return 0
    return match.group(1) if match.group(1).endswith("+") else int(match.group(1))


def pile_up(user, count, *, read=False, start=0):
    from django.utils import timezone

    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="general",
            title=f"Note {n}",
            dedupe_key=f"pile:{n}",
            read_at=timezone.now() if read else None,
        )
        for n in range(start, start + count)
    )


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in queries]


def test_home_page_costs_the_same_queries_with_3_or_3000_notifications(tenant_a, login, django_assert_num_queries):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    pile_up(crew, 3)
    cache.clear()
    small = len(home_queries(client))  # cold: the count is computed once
    pile_up(crew, 1500, start=3)
    pile_up(crew, 1500, start=1503, read=True)
    cache.clear()
    with django_assert_num_queries(small):
        assert client.get("/").status_code == 200
    assert bell(client) == "99+"  # the badge counts no further than it shows


def test_the_count_is_read_from_the_cache_on_the_next_pages(tenant_a, login):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    pile_up(crew, 4)
    cache.clear()
    cold = home_queries(client)
    warm = home_queries(client)
    counts = [sql for sql in cold if "notifications_notification" in sql]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()
    assert not [sql for sql in warm if "notifications_notification" in sql]


def test_the_bell_changes_when_a_notification_arrives_or_is_read(tenant_a, login, django_capture_on_commit_callbacks):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    assert bell(client) == 0  # cached as 0
    with django_capture_on_commit_callbacks(execute=True):
        notify([crew], kind="general", title="Rig truss", dedupe_key="t:1")
        notify([crew], kind="general", title="Focus lights", dedupe_key="t:2")
    assert bell(client) == 2
    first = Notification.objects.get(dedupe_key="t:1")
    with django_capture_on_commit_callbacks(execute=True):
        mark_read([first.pk], user=crew)
    assert bell(client) == 1
    # reading through the page (the bell's list) forgets it too
    with django_capture_on_commit_callbacks(execute=True):
        notify([crew], kind="general", title="Load-in moved", dedupe_key="t:3")
    assert bell(client) == 2
    client.post("/notifications/read/", {"all": "1"})
    assert bell(client) == 0
    with django_capture_on_commit_callbacks(execute=True):
        mark_all_read(user=crew)
    assert bell(client) == 0


def test_one_users_news_leaves_anothers_cached_count_alone(tenant_a, tenant_b, client):
    crew, stranger = tenant_a.user(Role.DEVIATOR), tenant_b.user(Role.DEVIATOR)
    pile_up(stranger, 5)
    client.force_login(crew)
    assert bell(client) == 0
    client.force_login(stranger)
    assert bell(client) == 5
    notify([stranger], kind="general", title="Bravo only", dedupe_key="b:1")
    assert bell(client) == 6
    client.force_login(crew)
    assert bell(client) == 0  # never another person's count, cached or not


def test_a_cache_that_is_away_costs_a_query_not_the_page(tenant_a, login, monkeypatch):
    from django.core.cache import cache as shared
    from redis.exceptions import ConnectionError as RedisDown

    crew = tenant_a.user(Role.DEVIATOR)
    pile_up(crew, 2)
    client = login(crew)

    def down(*args, **kwargs):
        raise RedisDown("Redis is restarting")

    for name in ("get", "set", "delete_many"):
        monkeypatch.setattr(shared, name, down)
    assert bell(client) == 2
    notify([crew], kind="general", title="Still counted", dedupe_key="down:1")
    assert bell(client) == 3
