"""Global search at 10,000 and at 1,000,000 searchable rows: full-text + trigram search against a plain
`icontains` over the same fields (title, body), timed side by side, with the plan. Not part of the tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search BENCH_DATABASE=h_search_bench \
        .venv/bin/python bench/search_bench.py

The rows go straight into `search_searchentry` with `INSERT … SELECT … FROM generate_series` (the
weighted tsvector computed by PostgreSQL as `services.index_rows` writes it): 10,000 rows in the
database `<BENCH_DATABASE>_10k`, 1,000,000 in `<BENCH_DATABASE>`, both measured in one run. A database
already holding its rows is reused (loading a million takes minutes); RELOAD=1 loads again. Both ways
run the same `services.candidates` query (the best 200 per type, a bounded pool ranked); icontains is
the SQLite fallback's matcher on PostgreSQL. "forklift" is in 50 rows at either size (a rare word), "stagehand" in 1% of
rows (a common one), "load" in 20% (a very common one: the pool caps it), "stagehnd" is a typo,
and '"load in" -truck' uses websearch syntax."""

import os
import statistics
import sys
import time

from benchkit import bench_database_url, ensure_database, median_ms, start_django, vacuum_analyze

SIZES = [10_000, 1_000_000]
QUERIES = ["forklift", "stagehnd", '"load in" -truck', "stagehand", "load"]
VOCABULARY = (
    "load in out truck dock rigging audio lighting video power generator barrier fence catering hotel "
    "flight shuttle radio permit badge wristband backline drum riser stage deck truss motor chain hoist "
    "cable snake console monitor wedge speaker array delay tower followspot haze pyro laser screen led "
    "camera crew runner driver security medic steward cleaner bar merch box office ticket guest list "
    "artist tour manager promoter venue arena field tent marquee toilet water waste fuel cart van"
)
INDEXES = {  # as search/migrations/0002 and 0003 make them
    "search_entry_document_gin": "gin (document)",
    "search_entry_title_gin": "gin (to_tsvector('english'::regconfig, COALESCE(title, '')))",
}
VOCABULARY_SQL = """
    INSERT INTO search_searchword (word)
    SELECT DISTINCT w FROM search_searchentry, regexp_split_to_table(lower(title), '\\W+') AS w
     WHERE length(w) BETWEEN 3 AND 100
    ON CONFLICT DO NOTHING
"""


def word(k):
    """SQL for row i's k-th word: a made-up one ('kw1234', 5,000 of them) two times in three, else one
    of VOCABULARY; PostgreSQL's own integer hash of (i, k) picks it, so no subquery or random() per word.
    The words of a row are independent, as in real titles: the linear hash used before, (i·a + k·b) mod p,
    made a row's second and third words a function of its first ("load" came with "truck" nearly always),
    which no real text does (bench/README.md, "Global search")."""
    h = f"(abs(hashint8(i::bigint * 16 + {k})::bigint) %% 1000003)"
    return f"(CASE WHEN {h} %% 3 = 0 THEN (%(words)s::text[])[1 + {h} %% %(nwords)s] ELSE 'kw' || ({h} %% 5000) END)"


def load(cursor, first, last, org_id, types):
    """Rows first..last: titles of three words, bodies of twelve."""
    title = " || ' ' || ".join(word(k) for k in range(1, 4))
    body = " || ' ' || ".join(word(k) for k in range(4, 16))
    cursor.execute(
        f"""
        WITH rows AS (
            SELECT i,
                   CASE WHEN i <= 10000 AND i %% 200 = 7 THEN {title} || ' forklift'
                        WHEN i %% 100 = 3 THEN {title} || ' stagehand' ELSE {title} END AS title,
                   {body} AS body
              FROM generate_series(%(first)s, %(last)s) i
        )
        INSERT INTO search_searchentry
            (object_type, object_id, organization_id, workspace_id, title, body, document, updated_at)
        SELECT (%(types)s::text[])[1 + i %% %(ntypes)s], i::text, %(org)s, NULL, title, body,
               setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B'),
               now()
          FROM rows
        """,  # nosec B608 # the f-string parts are our own SQL expressions; values are parameters
        {
            "words": VOCABULARY.split(),
            "nwords": len(VOCABULARY.split()),
            "first": first,
            "last": last,
            "org": org_id,
            "types": types,
            "ntypes": len(types),
        },
    )


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(admin, q, keys, full_text, runs):
    """(median ms, candidates found) of `services.candidates` for `q`; `full_text` False runs the
    SQLite fallback's icontains matcher on PostgreSQL, every match ranked (no pool: the baseline)."""
    from search import services

    found = []

    def once():
        found.append(len(services.candidates(admin, q, keys, per_type=services.CANDIDATES)))

    real, pool = services.uses_full_text, services.POOL
    services.uses_full_text = lambda: full_text
    services.POOL = pool if full_text else 10**9
    try:
        return median_ms(once, runs=runs, warm=1), found[-1]
    finally:
        services.uses_full_text, services.POOL = real, pool


def use_database(name):
    """Django's connection moved to the database `name` (created and migrated when new)."""
    from django.core.management import call_command
    from django.db import connection

    _url, admin_url, _name = bench_database_url(name)
    ensure_database(admin_url, name)
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)


def fill(size):
    """The bench rows, `size` of them, unless the table holds exactly those already: (org, admin)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from dragonfly.tenancy.models import Organization
    from search.models import SearchEntry
    from search.registry import sources

    org, _ = Organization.objects.get_or_create(slug="search-bench", defaults={"name": "Search Bench"})
    admin, _ = get_user_model().objects.get_or_create(username="search-bench", defaults={"is_superuser": True})
    if not os.environ.get("RELOAD") and SearchEntry.objects.filter(organization=org).count() == size:
        print(f"\n{size:,} rows already loaded: reused", flush=True)
        return admin
    types = [s.key for s in sources() if s.key != "file"]  # files have uuid keys; these rows have numbers
    start = time.perf_counter()
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("TRUNCATE search_searchentry, search_searchword")
        for index in INDEXES:  # rows go in faster without the GIN indexes, built again after
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
        load(cursor, 1, size, org.pk, types)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys checked before the indexes
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for index, how in INDEXES.items():
            cursor.execute(f"CREATE INDEX {index} ON search_searchentry USING {how}")
        cursor.execute(VOCABULARY_SQL)  # services.index_rows keeps it for every saved title
    vacuum_analyze("search_searchentry", "search_searchword")
    print(f"\n{size:,} rows loaded in {time.perf_counter() - start:.0f} s", flush=True)
    return admin


def connect(database):
    """A connection of its own to `database` (its settings copied: Django's are one shared dict)."""
    from django.db import connections

    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "NAME": database}
    return wrapper


def interleaved(admins, wrappers, q, keys, runs):
    """The median ms of `services.candidates` for `q` at each size, the sizes taking turns run by run,
    so that the machine's load (shared by other sessions) weighs on both alike."""
    from django.db import connections

    from search import services

    samples = {size: [] for size in wrappers}
    for run in range(runs + 2):  # two warm-up rounds
        for size, wrapper in wrappers.items():
            connections["default"] = wrapper
            start = time.perf_counter()
            services.candidates(admins[size], q, keys, per_type=services.CANDIDATES)
            if run >= 2:
                samples[size].append((time.perf_counter() - start) * 1000)
    return {size: statistics.median(times) for size, times in samples.items()}


def main():
    name = start_django("h_search_bench")
    from django.db import connections

    from search import services
    from search.models import SearchWord
    from search.registry import sources

    types = [s.key for s in sources() if s.key != "file"]
    results, admins, wrappers = {}, {}, {}
    for size in SIZES:
        database = name if size == SIZES[-1] else f"{name}_{size // 1000}k"
        use_database(database)
        print(f"database {database}")
        admins[size] = fill(size)
        wrappers[size] = connect(database)
    print("\nsearch: medians of 15 runs, 10k and 1M taking turns; icontains: 7 runs at 10k, 3 at 1M")
    for q in QUERIES:
        fast = interleaved(admins, wrappers, q, types, 15)
        for size in SIZES:
            connections["default"] = wrappers[size]
            (_ms, hits), (slow, plain_hits) = (
                measure(admins[size], q, types, True, 1),
                measure(admins[size], q, types, False, 3 if size > SIZES[0] else 7),
            )
            results[(size, q)] = (fast[size], slow, hits, plain_hits)
            print(
                f"  {size:>9,} {q!r:20} search {fast[size]:8.1f} ms ({hits:>4} hits)   "
                f"icontains {slow:8.1f} ms ({plain_hits:>4} hits)   {slow / fast[size]:6.1f}x",
                flush=True,
            )
    for size in SIZES:
        connections["default"] = wrappers[size]
        admin = admins[size]
        whole = median_ms(lambda admin=admin: services.search(admin, "forklift"), runs=7, warm=2)
        print(f"  {size:,}: services.search('forklift'), grouped, with the visible_to step: {whole:.1f} ms")
    from dragonfly.tenancy.access import get_access

    for q in ('"load in" -truck', "stagehand"):
        query = services.ranked(get_access(admin), q, types, services.CANDIDATES)
        sql, params = query.query.sql_with_params()
        print(f"\nEXPLAIN ANALYZE, the candidates at 1,000,000 rows ({q!r}):\n" + explain(sql, params))
    near = SearchWord.objects.filter(word__trigram_similar="stagehnd").values("word")
    sql, params = near.query.sql_with_params()
    print("\nEXPLAIN ANALYZE, the words a typo may mean (stagehnd):\n" + explain(sql, params))
    print(f"vocabulary: {SearchWord.objects.count():,} words")
    print("\nCost from 10k to 1M rows (search ms at 1M / at 10k):")
    for q in QUERIES:
        a, b = results[(SIZES[0], q)][0], results[(SIZES[-1], q)][0]
        print(f"  {q!r:20} {a:7.1f} -> {b:7.1f} ms  ({b / a:5.1f}x)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    sys.exit(main())
