"""Every API list against raw SQL for the same rows, on PostgreSQL. Not part of the test run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev .venv/bin/python bench/api_bench.py

Works in its own database (BENCH_DATABASE, default `dragonfly_bench_api`) on the same server: creates
and migrates it, seeds the demo organizations (every module's lists have rows) and tops the `bench`
organization up to BENCH_ADVANCES advances (default 100,000, two lines each, advancing_bench's
loader). On a database filled elsewhere (the 1M generator, bench/million.py), set BENCH_LOAD=0 and
BENCH_ORGS to its organizations' slugs: the bench only adds its admin user and token.

For each list endpoint (every route `dragonfly.testing.parity.api_list_routes()` finds, and the
catalog), as an org admin (Phantom of every BENCH_ORGS organization) signed in by API token, DEBUG=0,
through the Django test client, page 1 at `?limit=BENCH_LIMIT` (default 50):

- **queries** per request;
- **now**: the whole request as it is (orjson, `.values()` rows where the serializer allows);
- **DRF**: the same request on DRF's stock path (JSONRenderer, serializers over model objects);
- **SQL**: the request's own data statements (from its first read of the list's table: count, page,
  prefetches) replayed raw through psycopg and fetched — the same rows, columns and filters;
- for the review queue (`/api/advances`) also hand-written SQL for the same page and count.

Median of BENCH_RUNS (default 11) after 2 warm-ups (now and DRF sampled alternately);
BENCH_ONLY=/api/advances,/api/milestones/ measures only those lists. BENCH_PROFILE=1 prints a pyinstrument profile of
the review-queue request on each path; BENCH_PROFILE=/api/advances,/api/venues/ profiles those lists as the code
stands and lists one request's queries.
"""

import os
import random
import statistics
import sys
import time

from benchkit import median_ms, start_django

SIZE = int(os.environ.get("BENCH_ADVANCES", "100000"))
LOAD = os.environ.get("BENCH_LOAD", "1") != "0"
ORGS = [slug for slug in os.environ.get("BENCH_ORGS", "bench,northstar").split(",") if slug]
LIMIT = int(os.environ.get("BENCH_LIMIT", "50"))
RUNS = int(os.environ.get("BENCH_RUNS", "11"))
ONLY = [part for part in os.environ.get("BENCH_ONLY", "").split(",") if part]  # paths to keep, e.g. /api/advances
TARGET = 3.0  # issue 21, item 2: an API list ≤ 3× raw SQL for the same rows
# Thousands of requests a minute from one token: the API's throttles (1000/min) would answer 429s.
for scope in ("ANON", "USER", "TOKEN"):
    os.environ[f"API_THROTTLE_{scope}"] = "100000000/min"


# --- data ---------------------------------------------------------------------------------------
def load():
    import io

    from django.core.management import call_command

    from advancing.models import Advance
    from dragonfly.tenancy.models import Organization

    if not Organization.objects.filter(slug="northstar").exists():
        started = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())
        print(f"seeded the demo organizations: {time.perf_counter() - started:.0f} s")
    from advancing_bench import World, analyze, load_advances

    world = World()
    have = Advance.objects.filter(organization__slug="bench").count()
    if have < SIZE:
        started = time.perf_counter()
        load_advances(world, SIZE - have, random.Random(20261206))
        print(f"loaded {SIZE - have:,} advances: {time.perf_counter() - started:.0f} s")
    analyze()


def admin_token():
    """An org admin (Phantom) of every BENCH_ORGS organization, and their API token."""
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Membership, Organization
    from dragonfly.tenancy.roles import Role
    from dragonfly.tokens.models import APIToken
    from dragonfly.tokens.services import create_token

    user, _ = get_user_model().objects.get_or_create(username="bench-api-admin")
    orgs = list(Organization.objects.filter(slug__in=ORGS))
    if not orgs:
        sys.exit(f"none of BENCH_ORGS={ORGS} exists in this database")
    for org in orgs:
        Membership.objects.get_or_create(user=user, organization=org, workspace=None, defaults={"role": Role.PHANTOM})
    APIToken.objects.filter(user=user, name="bench").delete()
    return user, create_token(user, actor=user, name="bench", scopes=["write"], expires_in_days=1)[1], orgs


def routes():
    """(path, model) of every API list."""
    from advancing.models import CatalogItem
    from dragonfly.testing.parity import api_list_routes

    found = [("/api/advancing/catalog", CatalogItem)]
    for path, view in api_list_routes().items():
        meta = getattr(view.serializer_class, "Meta", None)
        if meta is not None:  # a list of no model's rows (the report templates) has no SQL to replay
            found.append((path, meta.model))
    return found


# --- measures -----------------------------------------------------------------------------------
def stock_drf(enabled):
    """DRF's stock path (JSONRenderer, serializers over objects) when `enabled`, else the project's."""
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
    from rest_framework.views import APIView

    from dragonfly.core.renderers import ORJSONRenderer
    from dragonfly.core.viewsets import TenantViewSet

    TenantViewSet.values_lists = not enabled
    APIView.renderer_classes = [JSONRenderer if enabled else ORJSONRenderer, BrowsableAPIRenderer]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)  # a timed error page would flatter
    return response


def paired(client, url):
    """Median ms of the request now and on DRF's stock path, sampled alternately (the machine's load
    drifts; alternating keeps the two columns comparable)."""
    samples = {False: [], True: []}
    for i in range(2 * (RUNS + 2)):
        stock = bool(i % 2)
        stock_drf(stock)
        start = time.perf_counter()
        get(client, url)
        if i >= 4:  # two warm-ups each
            samples[stock].append((time.perf_counter() - start) * 1000)
    stock_drf(False)
    return statistics.median(samples[False]), statistics.median(samples[True])


def captured(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response, [q["sql"] for q in queries.captured_queries]


def data_statements(statements, model):
    """The list's own SQL: from the first statement that reads its table (the count or the page)."""
    table = f'"{model._meta.db_table}"'
    for i, sql in enumerate(statements):
        if table in sql and sql.lstrip().upper().startswith("SELECT"):
            return statements[i:]
    return []


def replay(statements):
    """The statements through psycopg directly, every row fetched: what the same rows cost in SQL."""
    from django.db import connection

    raw = connection.connection
    with raw.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.encode())  # bytes: psycopg sends it as written (no % placeholders)
            cursor.fetchall()


QUEUE_SQL = """
SELECT a.id, a.organization_id, a.workspace_id, w.name, a.production_id, a.team_workspace,
       a.activation_name, a.submitter_id, u.first_name, u.last_name, u.username, a.submitted_at,
       a.status, a.reviewed_by_id, a.reviewed_at, a.reviewer_notes, a.approved_cost, a.fulfilled_by_id,
       a.fulfilled_at, a.fulfillment_notes, a.estimated_cost, a.actual_cost, a.currency, a.metadata,
       a.created_at, a.updated_at,
       (SELECT count(*) FROM advancing_advanceitem i WHERE i.advance_id = a.id)
FROM advancing_advance a
JOIN tenancy_workspace w ON w.id = a.workspace_id
JOIN auth_user u ON u.id = a.submitter_id
WHERE a.id IN (
    SELECT q.id FROM advancing_advance q
    WHERE q.status IN ('submitted', 'under_review') AND q.organization_id = ANY(%s)
    ORDER BY q.submitted_at, q.id LIMIT %s
)
ORDER BY a.submitted_at, a.id
"""
QUEUE_COUNT = (
    "SELECT count(*) FROM advancing_advance q WHERE q.status IN ('submitted', 'under_review') "
    "AND q.organization_id = ANY(%s)"
)


def hand_queue(org_ids):
    from django.db import connection

    with connection.connection.cursor() as cursor:
        cursor.execute(QUEUE_COUNT, [org_ids])
        cursor.fetchall()
        cursor.execute(QUEUE_SQL, [org_ids, LIMIT])
        return cursor.fetchall()


def profile(client, url, label):
    from pyinstrument import Profiler

    for _ in range(3):
        client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(20):
        client.get(url)
    profiler.stop()
    print(f"\n--- profile: {label}, 20 requests of {url} ---")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True))


# --- the run ------------------------------------------------------------------------------------
def main():
    started = time.perf_counter()
    name = start_django("dragonfly_bench_api")
    if LOAD:
        load()
    from django.test import Client

    from advancing.models import Advance

    user, token, orgs = admin_token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/json")
    queue_rows = Advance.objects.filter(organization__in=orgs, status__in=["submitted", "under_review"]).count()
    print(
        f"\nAPI bench — database {name}: {Advance.objects.count():,} advances ({queue_rows:,} in the queue),"
        f" org admin of {', '.join(o.slug for o in orgs)}, token auth, limit={LIMIT}, median of {RUNS}"
    )
    wanted = os.environ.get("BENCH_PROFILE", "")
    if wanted == "1":
        url = f"/api/advances?limit={LIMIT}"
        stock_drf(True)
        profile(client, url, "DRF's stock path")
        stock_drf(False)
        profile(client, url, "now (orjson, values rows)")
    elif wanted:  # paths: each profiled as the code stands, with its queries listed
        for path in wanted.split(","):
            url = f"{path}?limit={LIMIT}"
            profile(client, url, "now")
            print(f"queries of one request of {url}:")
            for sql in captured(client, url)[1]:
                print("  ", sql[:160])

    header = f"{'list':<36}{'rows':>5}{'q':>4}{'now ms':>9}{'DRF ms':>9}{'SQL ms':>9}{'now/SQL':>9}{'DRF/SQL':>9}  path"
    print("\n" + header + "\n" + "-" * len(header))
    worst, results = 0.0, []
    for path, model in routes():
        if ONLY and path not in ONLY:
            continue
        url = f"{path}?limit={LIMIT}"
        stock_drf(False)
        response, statements = captured(client, url)
        body = response.json()
        rows = len(body["results"]) if isinstance(body, dict) and "results" in body else len(body)
        path_taken = "values" if _took_values(client, url) else "DRF"
        now, drf = paired(client, url)
        data = data_statements(statements, model)
        sql = median_ms(lambda d=data: replay(d), runs=RUNS, warm=2) if data else float("nan")
        ratio = now / sql if data else float("nan")
        worst = max(worst, ratio) if data else worst
        results.append((path, ratio))
        print(
            f"{path:<36}{rows:>5}{len(statements):>4}{now:>9.1f}{drf:>9.1f}{sql:>9.2f}"
            f"{ratio:>8.1f}×{drf / sql if data else float('nan'):>8.1f}×  {path_taken}"
        )

    org_ids = [o.pk for o in orgs]
    url = f"/api/advances?limit={LIMIT}"
    ours = [row["id"] for row in client.get(url).json()["results"]]
    assert ours == [row[0] for row in hand_queue(org_ids)], "the hand-written queue SQL reads other rows"
    hand = median_ms(lambda: hand_queue(org_ids), runs=RUNS, warm=2)
    now, drf = paired(client, url)
    print(f"\nreview queue vs hand-written SQL (same {LIMIT} rows + count):")
    print(f"  now {now:.1f} ms / SQL {hand:.2f} ms = {now / hand:.1f}×   (DRF's stock path: {drf / hand:.1f}×)")
    over = [path for path, ratio in results if ratio > TARGET]
    print(f"\nlists over {TARGET}× their SQL: {len(over)} of {len(results)}; worst {worst:.1f}×")
    print(f"whole run {time.perf_counter() - started:.0f} s")


def _took_values(client, url):
    from dragonfly.core import values_lists

    taken = []
    real = values_lists.Plan.rows

    def spy(plan, rows, fields):
        taken.append(True)
        return real(plan, rows, fields)

    values_lists.Plan.rows = spy  # type: ignore[method-assign]
    try:
        client.get(url)
    finally:
        values_lists.Plan.rows = real  # type: ignore[method-assign]
    return bool(taken)


if __name__ == "__main__":
    main()
