"""Advancing at 100,000 advances on PostgreSQL. Not part of the test run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev .venv/bin/python bench/advancing_bench.py

Works in its own database (BENCH_DATABASE, default `dragonfly_bench`) on the same server:
creates it if needed, migrates it, reloads the advances, and prints from one run:
queries per review-queue page at 1k vs 100k rows, queue time vs raw SQL for the same rows
vs the stock admin changelist, page 1 vs a deep page, a Gladiator vs a superuser, and
catalog search with vs without its trigram index. Record the figures in bench/README.md.
"""

import os
import random
import time
from datetime import timedelta
from decimal import Decimal

from benchkit import count_queries, median_ms, start_django, vacuum_analyze

TOTAL = int(os.environ.get("BENCH_ADVANCES", "100000"))
FIRST = 1_000
BATCH = 5_000
PAGE = 25  # the queue page's size (advancing/views/review.py)
SEED = 20261124
# Status mix of a season's advances: about 30% wait in the review queue.
STATUS_WEIGHTS = {
    "draft": 10,
    "submitted": 20,
    "under_review": 10,
    "approved": 15,
    "in_progress": 10,
    "fulfilled": 20,
    "rejected": 10,
    "cancelled": 5,
}


# --- set-up -----------------------------------------------------------------------------------


class World:
    """Two organizations; the bench one has 10 workspaces with productions and crews."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        from dragonfly.tenancy.models import Membership, Organization, Workspace
        from dragonfly.tenancy.roles import Role
        from productions.models import Production

        users = get_user_model().objects
        org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Live"})
        other, _ = Organization.objects.get_or_create(slug="bench-other", defaults={"name": "Other Live"})
        self.workspaces = [
            Workspace.objects.get_or_create(organization=o, slug=f"ws-{i}", defaults={"name": f"{o.name} {i}"})[0]
            for o, count in ((org, 10), (other, 2))
            for i in range(count)
        ]
        self.productions = {
            ws.pk: [
                Production.objects.get_or_create(workspace=ws, name=f"Show {j}", defaults={"code": f"S{j}"})[0]
                for j in range(5)
            ]
            for ws in self.workspaces
        }
        self.crew = [users.get_or_create(username=f"crew{i}")[0] for i in range(60)]
        for i, user in enumerate(self.crew):
            ws = self.workspaces[i % len(self.workspaces)]
            Membership.objects.get_or_create(
                user=user, organization=ws.organization, workspace=ws, defaults={"role": Role.DEVIATOR}
            )
        self.gladiator, _ = users.get_or_create(username="bench-gladiator")
        Membership.objects.get_or_create(
            user=self.gladiator, organization=org, workspace=self.workspaces[0], defaults={"role": Role.GLADIATOR}
        )
        self.superuser = users.filter(username="bench-root").first() or users.create_superuser(
            "bench-root", "root@bench.test", "bench-password-not-used"
        )


# --- loading ----------------------------------------------------------------------------------
def reset_advances():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE advancing_advanceitem, advancing_advance RESTART IDENTITY CASCADE")


def load_advances(world, count, rng):
    """`count` advances with 2 lines each, in batches (bulk_create: one INSERT per batch)."""
    from django.utils import timezone

    from advancing.models import Advance, AdvanceItem

    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    now = timezone.now()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        advances, costs = [], []
        for _ in range(size):
            ws = rng.choice(world.workspaces)
            status = rng.choices(statuses, weights)[0]
            lines = [(Decimal(rng.randint(1, 40)), Decimal(rng.choice([25, 80, 250, 400, 1200, 6000]))) for _ in "ab"]
            cost = sum(q * c for q, c in lines)
            advances.append(
                Advance(
                    organization_id=ws.organization_id,
                    workspace=ws,
                    production=rng.choice(world.productions[ws.pk]) if rng.random() < 0.7 else None,
                    team_workspace=rng.choice(["Stage", "Site", "Audio", "Hospitality"]),
                    activation_name=f"Activation {rng.randint(1, 500)}",
                    submitter=world.crew[rng.randrange(len(world.crew))],
                    submitted_at=None if status == "draft" else now - timedelta(minutes=rng.randint(1, 525_600)),
                    status=status,
                    estimated_cost=cost,
                )
            )
            costs.append(lines)
        Advance.objects.bulk_create(advances)
        AdvanceItem.objects.bulk_create(
            AdvanceItem(
                advance=a, name=f"Line {n}", quantity=q, unit="Per Day", unit_cost=c, total_cost=q * c, position=n
            )
            for a, lines in zip(advances, costs, strict=True)
            for n, (q, c) in enumerate(lines, start=1)
        )
        done += size
    analyze()


def analyze():
    vacuum_analyze("advancing_advance", "advancing_advanceitem")


# --- measuring --------------------------------------------------------------------------------
def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def queue_queries(client):
    return count_queries(lambda: get_ok(client, queue_url()))


def queue_url(page=1, **params):
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode({**params, "page": page})
    return f"{reverse('advancing:review_queue')}?{query}"


def last_page(user):
    from advancing.selectors import review_queue

    return max(1, -(-review_queue(user).count() // PAGE))


# The same rows as the queue page, written by hand the fastest way we know: the page's ids
# from the queue index (a deferred join, as the selector does), then those rows with their joins.
RAW_PAGE_SQL = """
SELECT a.*, w.name, o.name, p.name, u.username, r.username,
       (SELECT count(*) FROM advancing_advanceitem i WHERE i.advance_id = a.id)
FROM advancing_advance a
JOIN tenancy_workspace w ON w.id = a.workspace_id
JOIN tenancy_organization o ON o.id = w.organization_id
LEFT JOIN productions_production p ON p.id = a.production_id
JOIN auth_user u ON u.id = a.submitter_id
LEFT JOIN auth_user r ON r.id = a.reviewed_by_id
WHERE a.id IN (
    SELECT q.id FROM advancing_advance q WHERE q.status IN ('submitted', 'under_review') {scope}
    ORDER BY q.submitted_at, q.id LIMIT %s OFFSET %s
)
ORDER BY a.submitted_at, a.id
"""
RAW_COUNT_SQL = "SELECT count(*) FROM advancing_advance q WHERE q.status IN ('submitted', 'under_review') {scope}"


def raw_queue(workspace_id, page):
    """The same rows and count as the queue page, written by hand."""
    from django.db import connection

    scope, params = ("AND q.workspace_id = %s", [workspace_id]) if workspace_id else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(RAW_COUNT_SQL.format(scope=scope), params)
        cursor.fetchall()
        cursor.execute(RAW_PAGE_SQL.format(scope=scope), [*params, PAGE, (page - 1) * PAGE])
        return cursor.fetchall()


def orm_queue(user, page):
    """The queue page's data as the view gets it: selector, filter, paginator; no template."""
    from django.core.paginator import Paginator

    from advancing.filters import AdvanceFilter
    from advancing.selectors import review_queue

    class Request:
        pass

    request = Request()
    request.user = user
    rows = AdvanceFilter(None, queryset=review_queue(user), request=request).qs
    return list(Paginator(rows, PAGE).page(page).object_list)


def fresh_user(user):
    return type(user).objects.get(pk=user.pk)


def access_ms(user):
    """What resolving a user's memberships, role permissions and grants costs (once a request)."""
    from dragonfly.tenancy.access import get_access

    def load():
        access = get_access(fresh_user(user))
        access.role_permissions  # noqa: B018 - loading is what is timed
        access.grants  # noqa: B018

    return median_ms(load)


def warm(user):
    """The user as a view has it: access already resolved by the request's first permission check."""
    from dragonfly.tenancy.access import get_access

    user = fresh_user(user)
    access = get_access(user)
    access.role_permissions  # noqa: B018
    access.grants  # noqa: B018
    return user


def catalog_search_ms(text, use_index):
    from django.db import connection, transaction

    from advancing.filters import search_catalog
    from advancing.models import CatalogItem

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            if not use_index:
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_indexscan = off")
            list(search_catalog(CatalogItem.objects.all(), text).values_list("item_id", flat=True))

    return median_ms(run, runs=25)


def catalog_plan(text):
    from advancing.filters import search_catalog
    from advancing.models import CatalogItem

    plan = search_catalog(CatalogItem.objects.all(), text).explain()
    return "trigram index" if "advancing_catalog_search_trgm" in plan else "sequential scan"


def grow_catalog(rows):
    """Synthetic items (bench database only) so the index has something to beat."""
    from advancing.models import CatalogItem

    CatalogItem.objects.filter(item_id__startswith="OTHER-B").delete()
    base = list(CatalogItem.objects.all())
    CatalogItem.objects.bulk_create(
        CatalogItem(
            item_id=f"OTHER-B{i:06d}",
            category="Other",
            subcategory=item.subcategory,
            name=f"{item.name} {i}",
            common_variations=item.common_variations,
            related_accessories=item.related_accessories,
            specifications=item.specifications,
            standard_unit=item.standard_unit,
            enabled=False,
        )
        for i, item in ((i, base[i % len(base)]) for i in range(rows))
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE advancing_catalogitem")


def drop_synthetic_catalog():
    from django.db import connection

    from advancing.models import CatalogItem

    CatalogItem.objects.filter(item_id__startswith="OTHER-B").delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ANALYZE advancing_catalogitem")  # leave the table as migrate made it


# --- the run ----------------------------------------------------------------------------------
def verdict(value, target, lower_is_better=True):
    ok = value <= target if lower_is_better else value >= target
    return "ok" if ok else "MISSED"


def main():
    started = time.perf_counter()
    start_django("dragonfly_bench")
    rng = random.Random(SEED)
    world = World()
    glad, root = world.gladiator, world.superuser
    reset_advances()
    load_advances(world, FIRST, rng)
    queries_small = {
        "superuser": queue_queries(client_for(root)),
        "gladiator": queue_queries(client_for(glad)),
    }
    load_start = time.perf_counter()
    load_advances(world, TOTAL - FIRST, rng)
    load_s = time.perf_counter() - load_start
    root_client, glad_client = client_for(root), client_for(glad)
    queries_big = {
        "superuser": queue_queries(root_client),
        "gladiator": queue_queries(glad_client),
    }

    deep = last_page(root)
    ws0 = world.workspaces[0].pk
    warm_root, warm_glad = warm(root), warm(glad)
    t = {
        "page1": median_ms(lambda: get_ok(root_client, queue_url(1))),
        "deep": median_ms(lambda: get_ok(root_client, queue_url(deep))),
        "glad": median_ms(lambda: get_ok(glad_client, queue_url(1))),
        "admin": median_ms(lambda: get_ok(root_client, "/admin/advancing/advance/?status__exact=submitted")),
        "orm1": median_ms(lambda: orm_queue(warm_root, 1)),
        "raw1": median_ms(lambda: raw_queue(None, 1)),
        "orm_deep": median_ms(lambda: orm_queue(warm_root, deep)),
        "raw_deep": median_ms(lambda: raw_queue(None, deep)),
        "orm_glad": median_ms(lambda: orm_queue(warm_glad, 1)),
        "raw_glad": median_ms(lambda: raw_queue(ws0, 1)),
        "access_glad": access_ms(glad),
    }
    assert [a.pk for a in orm_queue(root, deep)] == [row[0] for row in raw_queue(None, deep)]

    drop_synthetic_catalog()  # a run stopped halfway leaves no trace in the figures
    catalog = {"329 items": {}, "50,329 items": {}}
    for label, extra in (("329 items", 0), ("50,329 items", 50_000)):
        if extra:
            grow_catalog(extra)
        for word in ("panther", "generator"):
            catalog[label][word] = (
                catalog_search_ms(word, True),
                catalog_search_ms(word, False),
                catalog_plan(word),
            )
    drop_synthetic_catalog()

    from advancing.models import Advance

    report(
        {
            "t": t,
            "queries_small": queries_small,
            "queries_big": queries_big,
            "queue_rows": Advance.objects.in_review_queue().count(),
            "load_s": load_s,
            "started": started,
            "deep": deep,
            "catalog": catalog,
        }
    )


def report(v):
    t, qs, qb = v["t"], v["queries_small"], v["queries_big"]
    print(f"\nAdvancing bench — {TOTAL:,} advances ({v['queue_rows']:,} in the review queue), 2 lines each")
    print(
        f"load of {TOTAL - FIRST:,} advances: {v['load_s']:.0f} s; whole run {time.perf_counter() - v['started']:.0f} s"
    )
    print("\nqueries per queue page        1k rows   100k rows   target: same")
    for who in ("superuser", "gladiator"):
        print(f"  {who:<26}{qs[who]:>8}{qb[who]:>12}   {verdict(qb[who], qs[who])}")
    print("\nmedian times (ms)                                   ratio   target")
    rows = [
        ("queue data (ORM) vs raw SQL, page 1", t["orm1"], t["raw1"], 3.0),
        ("queue data (ORM) vs raw SQL, deep page", t["orm_deep"], t["raw_deep"], 3.0),
        ("queue data (ORM) vs raw SQL, gladiator", t["orm_glad"], t["raw_glad"], 3.0),
        (f"queue page {v['deep']} vs page 1 (whole page)", t["deep"], t["page1"], 1.3),
        ("queue page: gladiator vs superuser", t["glad"], t["page1"], 1.5),
        ("queue page vs stock admin changelist", t["page1"], t["admin"], None),
        ("gladiator's access (once a request) vs raw SQL", t["access_glad"], t["raw_glad"], None),
        ("whole queue page vs raw SQL", t["page1"], t["raw1"], None),
    ]
    for label, a, b, target in rows:
        ratio = a / b
        goal = f"≤ {target}× {verdict(ratio, target)}" if target else "(for the record)"
        print(f"  {label:<44}{a:>7.1f} / {b:<7.1f}{ratio:>6.2f}×  {goal}")
    print("\ncatalog search (ms)          with index   without   plan chosen")
    for size, words in v["catalog"].items():
        for word, (with_index, without, plan) in words.items():
            print(f"  {size:<14}{word:<12}{with_index:>9.2f}{without:>10.2f}   {plan}")


if __name__ == "__main__":
    main()
