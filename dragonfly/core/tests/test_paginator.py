"""Every list pages the same way at a million rows as at ten: it counts only up to a cap and says "more
than" past it, and a deep page picks its ids first (deferred join) yet shows the very rows a plain
OFFSET would, in the same order, in one query."""

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from assets.tests.helpers import make_asset
from dragonfly.core.paginator import ListPaginator
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db


@pytest.fixture
def shows(tenant_a):
    # Names repeat so the order needs its tie-breaker, as real lists' orders do.
    Production.objects.bulk_create(
        Production(workspace=tenant_a.workspace, name=f"Show {i % 7}", code=f"S{i}") for i in range(40)
    )
    return Production.objects.filter(workspace=tenant_a.workspace)


def test_a_list_longer_than_the_cap_counts_only_to_the_cap_and_says_more_than(shows, monkeypatch):
    monkeypatch.setattr(ListPaginator, "CAP", 30)
    paginator = ListPaginator(shows.order_by("name", "id"), 10)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 30
    assert paginator.capped and paginator.count_label == "more than 30"
    assert paginator.num_pages == 3  # pages reach as far as the cap
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "COUNT(" in sql.upper() and "LIMIT 31" in sql.upper()


def test_a_list_under_the_cap_says_its_exact_number(shows):
    paginator = ListPaginator(shows.filter(name="Show 1").order_by("id"), 10)
    assert (paginator.count, paginator.capped, paginator.count_label) == (6, False, "6")
    assert ListPaginator(shows.order_by("id"), 10).count_label == "40"


def test_a_deep_page_shows_the_rows_a_plain_offset_shows_in_one_query(shows):
    # select_related and an annotation come along, as on the real lists.
    rows = shows.select_related("workspace").annotate(lines=Count("milestones"), ws=F("workspace__name"))
    rows = rows.order_by("name", "-id")
    paginator = ListPaginator(rows, 10)
    paginator.count  # noqa: B018 (counted before, as a list page does for its header)
    for number in (2, 3, 4):
        with CaptureQueriesContext(connection) as queries:
            page = list(paginator.page(number).object_list)
        plain = list(rows[(number - 1) * 10 : number * 10])
        assert [(p.pk, p.lines, p.ws, p.workspace.name) for p in page] == [
            (p.pk, p.lines, p.ws, p.workspace.name) for p in plain
        ]
        (sql,) = [q["sql"] for q in queries.captured_queries]
        assert "IN (SELECT" in sql.upper() and "OFFSET" in sql.upper()


def test_page_one_and_a_last_page_with_orphans_match_a_plain_slice(shows):
    rows = shows.order_by("-name", "id")
    paginator = ListPaginator(rows, 15, orphans=10)  # 40 rows: 15 + 25 (the last takes the orphans)
    assert paginator.num_pages == 2
    assert list(paginator.page(1).object_list) == list(rows[:15])
    assert list(paginator.page(2).object_list) == list(rows[15:40])


def test_a_distinct_list_keeps_its_plain_slice(shows):
    rows = shows.distinct().order_by("name", "id")
    page = ListPaginator(rows, 10).page(2)
    assert list(page.object_list) == list(rows[10:20])


def test_the_asset_list_says_more_than_the_cap(tenant_a, login, monkeypatch):
    monkeypatch.setattr(ListPaginator, "CAP", 3)
    for i in range(5):
        make_asset(tenant_a.workspace, tag=f"T-{i}")
    client = login(tenant_a.user(Role.PHANTOM))
    url = reverse("assets:workspace_home", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    html = client.get(url).content.decode()
    assert "more than 3 assets" in html


def test_the_review_queues_second_page_holds_the_advances_after_the_first(tenant_a, login):
    # The queue's queryset fetches its own slices (advancing's QueuePageQuerySet); page 2 still shows
    # the oldest advances after page 1's, each once, with its line count.
    from advancing.models import Advance
    from advancing.tests.helpers import S, make_advance

    for _ in range(27):
        make_advance(tenant_a, S.SUBMITTED)
    client = login(tenant_a.user(Role.GLADIATOR))
    pages = [client.get(reverse("advancing:review_queue"), {"page": n}) for n in (1, 2)]
    shown = [[row.pk for row in page.context["page"].object_list] for page in pages]
    expected = list(Advance.objects.order_by("submitted_at", "id").values_list("pk", flat=True))
    assert shown == [expected[:25], expected[25:]]
    assert all(row.item_count == 2 for row in pages[1].context["page"].object_list)


# --- the API: the same count cap and deferred join, `next` to the very end ------------------------------
@pytest.fixture
def api():
    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


def test_an_api_list_counts_to_the_cap_and_next_still_reaches_the_last_row(shows, tenant_a, api, monkeypatch):
    monkeypatch.setattr(ListPaginator, "CAP", 12)
    client = api(tenant_a.user(Role.GLADIATOR))
    url, seen = "/api/productions/?limit=10", []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        assert body["count"] == 12  # "at least 12": the schema says so
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts and all("LIMIT 13" in sql.upper() for sql in counts)
    assert sorted(seen) == sorted(shows.values_list("pk", flat=True)) and len(seen) == 40


def test_an_api_deep_offset_returns_the_rows_of_a_plain_offset(shows, tenant_a, api):
    client = api(tenant_a.user(Role.GLADIATOR))
    everything = [row["id"] for row in client.get("/api/productions/?limit=200").json()["results"]]
    for offset in (1, 17, 35, 39):
        body = client.get(f"/api/productions/?limit=5&offset={offset}").json()
        assert [row["id"] for row in body["results"]] == everything[offset : offset + 5]
        assert (body["next"] is None) == (offset + 5 >= 40)
    assert client.get("/api/productions/?limit=5&offset=40").json()["results"] == []


# --- the navigation's badges count no further than they show ---------------------------------------------
def test_an_inbox_of_years_shows_99_plus_without_counting_it_all(tenant_a, login):
    from dragonfly.notifications.models import Notification

    crew = tenant_a.user(Role.DEVIATOR)
    Notification.objects.bulk_create(
        Notification(recipient=crew, kind="advance.submitted", title=f"Note {i}", dedupe_key=f"n{i}")
        for i in range(120)
    )
    client = login(crew)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="unread-count">99+<' in html
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts
