"""Every list page and API list at 1,000 vs 1,000,000 rows. Not part of the test run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev .venv/bin/python bench/lists_bench.py

Builds (first time; bench/million.py) two databases on DATABASE_URL's server with the same shape,
`perflists_1k` (BENCH_SCALE 0.001) and `perflists_1m` (1M advances with two lines each, 1M time
entries, 1M activity entries, 1M notifications, 200k events, 100k assets/reservations/people), then
requests each list through the Django test client (DEBUG=0) as the organization's admin (a Phantom)
and some as a crew member (a Deviator of the biggest workspace), switching the connection between
the two databases in one run. For each: queries per page at 1k and 1M (target: the same), the
median page time at 1M vs 1k (≤ 1.3×), and at 1M a deep page (HTML page 400, the last the count
cap reaches; API `offset=24975`, page 1,000 of 25) vs page 1 (≤ 1.3×). ONLY=<substring> runs a subset.
"""

import logging
import os
import sys
import time

from benchkit import count_queries, median_ms, start_django

RUNS, WARM = int(os.environ.get("BENCH_RUNS", "7")), 2
DATABASES = [("1k", "perflists_1k", 0.001), ("1M", "perflists_1m", 1.0)]
W = "w"  # a page under /<module>/w/<org>/<workspace>/ gets the bench organization's biggest workspace

# (label, URL name, workspace-scoped?, who)
PAGES = [
    ("notifications", "notifications:list", False, "admin"),
    ("notifications (crew)", "notifications:list", False, "crew"),
    ("advances: review queue", "advancing:review_queue", False, "admin"),
    ("advances: workspace (crew)", "advancing:workspace_home", W, "crew"),
    ("advances: workspace", "advancing:workspace_home", W, "admin"),
    ("advances: catalog", "advancing:catalog", False, "admin"),
    ("productions", "productions:workspace_home", W, "admin"),
    ("tasks: my tasks", "productions:my_tasks", False, "admin"),
    ("events: calendar", "events:workspace_home", W, "admin"),
    ("events: incidents", "events:incidents", W, "admin"),
    ("venues", "locations:list", W, "admin"),
    ("people: directory", "people:workspace_home", W, "admin"),
    ("people: teams", "people:teams", W, "admin"),
    ("people: positions", "people:positions", W, "admin"),
    ("people: certificates", "people:certifications", W, "admin"),
    ("time entries", "people:time_entries", W, "admin"),
    ("time: my hours (crew)", "people:my_hours", False, "crew"),
    ("assets", "assets:workspace_home", W, "admin"),
    ("assets: kits", "assets:kits", W, "admin"),
    ("reservations", "assets:reservations", W, "admin"),
    ("maintenance", "assets:maintenance", W, "admin"),
    ("budgets", "finance:budgets", W, "admin"),
    ("purchase orders", "finance:purchase_orders", W, "admin"),
    ("invoices", "finance:invoices", W, "admin"),
    ("expenses", "finance:expenses", W, "admin"),
    ("companies", "finance:companies", W, "admin"),
    ("invitations", "invitations", False, "admin"),
    ("members", "members", False, "admin"),
]
API_DEEP_OFFSET = 999 * 25


def api_lists():
    """Paths of every API list route: a GET mapped to `list`, or a ListAPIView, without URL kwargs."""
    from django.urls import URLResolver, get_resolver
    from rest_framework.generics import ListAPIView

    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
                continue
            path = "/" + prefix + str(p.pattern)
            if not path.startswith("/api/") or "<" in path or "(" in path:
                continue
            actions = getattr(p.callback, "actions", None) or {}
            view_class = getattr(p.callback, "cls", None)
            if actions.get("get") == "list" or (not actions and view_class and issubclass(view_class, ListAPIView)):
                found.append(path)

    walk(get_resolver().url_patterns, "")
    # a route registered both with and without its trailing slash is one list
    return [path for path in found if not (path.endswith("/") and path[:-1] in found)]


def use_database(name):
    """Point the default connection at another bench database (same server), caches emptied."""
    from django.core.cache import cache
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    cache.clear()


def clients(world):
    from django.test import Client

    made = {}
    for who, user in (("admin", world.admin), ("crew", world.crew_user)):
        client = Client()
        client.force_login(user)
        made[who] = client
    return made


def html_url(name, scoped, world):
    from django.urls import reverse

    return reverse(name, args=[world.org.slug, world.workspaces[0].slug]) if scoped else reverse(name)


def measure(client, url):
    """(status, queries, median ms); a page slower than a second gets 3 samples, not RUNS."""
    start = time.perf_counter()
    status = client.get(url).status_code
    slow = time.perf_counter() - start > 1
    queries = count_queries(lambda: client.get(url))
    return status, queries, median_ms(lambda: client.get(url), runs=3 if slow else RUNS, warm=0 if slow else WARM)


def run_cases(world, cases, deep_query, only):
    """{label: (status, queries, ms, deep ms or None)} on the current database."""
    made = clients(world)
    results = {}
    for label, who, url in cases:
        if only and only not in label:
            continue
        status, queries, ms = measure(made[who], url)
        deep = measure(made[who], url + ("&" if "?" in url else "?") + deep_query)
        results[label] = (status, queries, ms, deep)
        print(
            f"    {label:34} {status} q={queries:3} {ms:7.1f} ms  deep {deep[0]} q={deep[1]} {deep[2]:7.1f} ms",
            flush=True,
        )
    return results


def verdict(ok):
    return "ok" if ok else "MISS"


def report(title, small, large, deep_label):
    print(f"\n{title}")
    head = (
        f"{'list':34} {'q 1k':>5} {'q 1M':>5} {'ms 1k':>7} {'ms 1M':>7} {'1M/1k':>6}   {deep_label:>9} {'deep/p1':>7}"
    )
    print(head + "   queries  1M/1k  deep")
    print("-" * (len(head) + 24))
    misses = 0
    for label, (status, q_big, ms_big, deep) in large.items():
        status_small, q_small, ms_small, _ = small[label]
        ratio, deep_ratio = ms_big / ms_small, deep[2] / ms_big
        checks = (q_small == q_big, ratio <= 1.3, deep_ratio <= 1.3)
        misses += not all(checks)
        flag = "" if status == status_small == deep[0] == 200 else f"  (status {status_small}/{status}/{deep[0]})"
        print(
            f"{label:34} {q_small:5} {q_big:5} {ms_small:7.1f} {ms_big:7.1f} {ratio:5.2f}x   {deep[2]:9.1f} "
            f"{deep_ratio:6.2f}x   {verdict(checks[0]):7}  {verdict(checks[1]):5}  {verdict(checks[2])}{flag}"
        )
    return misses


def main():
    name = start_django(DATABASES[0][1])
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per test-client login otherwise
    sys.path.insert(0, os.path.dirname(__file__))
    import million
    from django.core.management import call_command

    only = os.environ.get("ONLY", "")
    started = time.perf_counter()
    results = {}
    for size_label, database, scale in DATABASES:
        use_database(database)
        if database != name:
            from benchkit import bench_database_url, ensure_database

            ensure_database(bench_database_url(database)[1], database)
            call_command("migrate", verbosity=0)
        print(f"{size_label}: {database}", flush=True)
        world = million.build(scale)
        pages = [(label, who, html_url(url_name, scoped, world)) for label, url_name, scoped, who in PAGES]
        apis = [(f"GET {path}", "admin", path + "?limit=25") for path in api_lists()]
        apis += [
            ("GET /api/advancing (crew)", "crew", "/api/advancing?limit=25"),
            ("GET /api/people/time-entries/ (crew)", "crew", "/api/people/time-entries/?limit=25"),
        ]
        results[size_label] = (
            run_cases(world, pages, "page=400", only),
            run_cases(world, apis, f"offset={API_DEEP_OFFSET}", only),
        )
    (pages_1k, apis_1k), (pages_1m, apis_1m) = results["1k"], results["1M"]
    misses = report("HTML list pages (page 1; deep = ?page=400)", pages_1k, pages_1m, "page 400")
    misses += report(f"API lists (limit=25; deep = offset={API_DEEP_OFFSET:,})", apis_1k, apis_1m, "deep ms")
    print(f"\n{misses} list(s) miss a target; whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
