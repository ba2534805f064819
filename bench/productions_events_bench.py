"""Schedule conflicts and the calendar at 100,000 events vs 1,000, on PostgreSQL. Not part of the test run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev .venv/bin/python bench/productions_events_bench.py

Works in its own database (BENCH_DATABASE, default `dragonfly_bench5`) on the same server:
creates it if needed, migrates it, removes what an earlier run left, then:

1. loads 1,000 events (one crew call each) into one workspace, January–June 2027, over 40
   venues, and measures;
2. loads 99,000 more — half in the same workspace in other years, half in nine other
   organizations' workspaces over the same and other years, crew from the same pool of
   people — runs VACUUM ANALYZE, and measures again.

The measured month and the checked bookings see the same rows in both rounds, so the ratios
show what the size of the table costs. Printed side by side, with the query plan of the
venue clash query. Record the figures in bench/README.md.
"""

import datetime
import os
import random
import time

from benchkit import median_ms, start_django, vacuum_analyze

TOTAL = int(os.environ.get("BENCH_EVENTS", "100000"))
FIRST = 1_000
BATCH = 5_000
SEED = 20261124
VENUES = 40
PEOPLE = 500
OTHER_ORGS = 9
MONTH = datetime.date(2027, 3, 1)


# --- set-up -----------------------------------------------------------------------------------


# --- data ---------------------------------------------------------------------------------------
def reset():
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Organization

    Organization.objects.filter(slug__startswith="bench5-").delete()
    get_user_model().objects.filter(username__startswith="bench5-").delete()


def build_world():
    import zoneinfo

    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Membership, Organization, Workspace
    from dragonfly.tenancy.roles import Role
    from locations.models import Location

    User = get_user_model()
    org = Organization.objects.create(name="Bench Org", slug="bench5-main", timezone="America/New_York")
    workspace = Workspace.objects.create(organization=org, name="Bench Tour", slug="tour")
    manager = User.objects.create_user("bench5-gladiator", password="x")
    Membership.objects.create(user=manager, organization=org, workspace=workspace, role=Role.GLADIATOR)
    zones = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Berlin"]
    venues = Location.objects.bulk_create(
        [Location(workspace=workspace, name=f"Venue {i}", timezone=zones[i % len(zones)]) for i in range(VENUES)]
    )
    people = User.objects.bulk_create([User(username=f"bench5-crew-{i}") for i in range(PEOPLE)])
    others = []
    for n in range(OTHER_ORGS):
        other = Organization.objects.create(name=f"Bench Other {n}", slug=f"bench5-other-{n}")
        ws = Workspace.objects.create(organization=other, name="Season", slug="season")
        spots = Location.objects.bulk_create([Location(workspace=ws, name=f"Hall {i}") for i in range(VENUES)])
        others.append((ws, spots))
    return {
        "org": org,
        "workspace": workspace,
        "manager": manager,
        "venues": venues,
        "people": people,
        "others": others,
        "tz": zoneinfo.ZoneInfo("America/New_York"),
    }


def make_events(count, placements, world, rng):
    """`placements`: callable(rng) → (workspace, venue, start). One crew call per event."""
    from events.models import CrewCall, Event

    made = 0
    while made < count:
        size = min(BATCH, count - made)
        events = []
        for _ in range(size):
            workspace, venue, start = placements(rng)
            hours = rng.choice([1, 2, 3, 3, 4, 8])
            events.append(
                Event(
                    workspace=workspace,
                    location=venue,
                    title=f"Booking {made + len(events)}",
                    kind=rng.choice(["show", "rehearsal", "load_in", "meeting"]),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=hours),
                    timezone=venue.timezone,
                )
            )
        events = Event.objects.bulk_create(events)
        calls = []
        for event in events:
            call = CrewCall(
                event=event,
                user=rng.choice(world["people"]),
                call_time=event.starts_at - datetime.timedelta(hours=rng.choice([0, 1, 2])),
            )
            call.set_booking(event)
            calls.append(call)
        CrewCall.objects.bulk_create(calls, ignore_conflicts=True)
        made += size


def random_start(rng, first_day, days, tz):
    day = first_day + datetime.timedelta(days=rng.randrange(days))
    hour = rng.choice([8, 10, 12, 14, 16, 18, 19, 20])
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


# --- measurements -------------------------------------------------------------------------------
def measure(world, rng):
    from django.db import connection
    from django.test import Client

    from dragonfly.tenancy.access import clear_access
    from events.conflicts import check_schedule_conflict

    workspace, manager, tz = world["workspace"], world["manager"], world["tz"]
    clear_access(manager)
    probes = []
    for _ in range(50):
        start = random_start(rng, MONTH, 31, tz)
        probes.append((start, rng.choice(world["venues"]), rng.sample(world["people"], 2)))
    index = {"i": 0}

    def next_probe(with_people):
        def check():
            start, venue, people = probes[index["i"] % len(probes)]
            index["i"] += 1
            check_schedule_conflict(
                workspace=workspace,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                location=venue,
                people=people if with_people else (),
                viewer=manager,
            )

        return check

    conflict_check, venue_only = next_probe(True), next_probe(False)

    client = Client()
    client.force_login(manager)
    base = f"/events/w/{world['org'].slug}/{workspace.slug}/"

    def page(view):
        def get():
            response = client.get(base, {"view": view, "date": MONTH.isoformat()})
            assert response.status_code == 200, response.status_code

        return get

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (queries.append(sql), execute(sql, params, many, context))[1]
    ):
        page("month")()

    def month_query():
        from events import calendar as cal
        from events.models import Event

        first, last = cal.span("month", MONTH)
        start, end = cal.query_range(first, last, tz)
        events = (
            Event.objects.visible_to(manager)
            .in_workspace(workspace)
            .select_related("location", "location__parent", "production")
        )
        list(cal.in_range(events, start, end).order_by("starts_at", "id")[:2000])

    found = {
        "conflict check (venue + 2 people)": median_ms(conflict_check, 200),
        "conflict check (venue only)": median_ms(venue_only, 200),
        "calendar month: events query": median_ms(month_query, 100),
        "calendar month page": median_ms(page("month"), 25),
        "calendar week page": median_ms(page("week"), 25),
        "calendar agenda page": median_ms(page("agenda"), 25),
    }
    return found, len(queries)


def explain(world):
    from django.db import connection

    from events.models import Event

    start = datetime.datetime.combine(MONTH + datetime.timedelta(days=10), datetime.time(19), tzinfo=world["tz"])
    qs = (
        Event.objects.active()
        .overlapping(start, start + datetime.timedelta(hours=3))
        .filter(location_id__in=[world["venues"][0].pk])
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def count_events():
    from events.models import CrewCall, Event

    return Event.objects.count(), CrewCall.objects.count()


def main():
    name = start_django("dragonfly_bench5")
    from django.db import connection

    rng = random.Random(SEED)
    started = time.perf_counter()
    reset()
    world = build_world()
    tz = world["tz"]

    def first_half_2027(r):
        return world["workspace"], r.choice(world["venues"]), random_start(r, datetime.date(2027, 1, 1), 181, tz)

    make_events(FIRST, first_half_2027, world, rng)
    vacuum_analyze("events_event", "events_crewcall")
    small, small_queries = measure(world, random.Random(SEED + 1))
    small_plan = explain(world)
    small_rows = count_events()

    def elsewhere(r):
        if r.random() < 0.5:  # the same workspace, other years
            year = r.choice([y for y in range(2017, 2037) if y != 2027])
            return world["workspace"], r.choice(world["venues"]), random_start(r, datetime.date(year, 1, 1), 365, tz)
        ws, spots = r.choice(world["others"])  # other organizations, any year including 2027
        return ws, r.choice(spots), random_start(r, datetime.date(r.randrange(2017, 2037), 1, 1), 365, tz)

    load_started = time.perf_counter()
    make_events(TOTAL - FIRST, elsewhere, world, rng)
    load_seconds = time.perf_counter() - load_started
    vacuum_analyze("events_event", "events_crewcall")
    large, large_queries = measure(world, random.Random(SEED + 1))
    large_plan = explain(world)
    large_rows = count_events()

    print(
        f"\nProductions & events bench — database {name}, PostgreSQL "
        f"{connection.cursor().connection.info.server_version // 10000}"
    )
    print(
        f"rows: {small_rows[0]:,} events / {small_rows[1]:,} crew calls  →  {large_rows[0]:,} events / "
        f"{large_rows[1]:,} crew calls"
    )
    print(
        f"load of {TOTAL - FIRST:,} events with their crew calls: {load_seconds:.0f} s; "
        f"whole run {time.perf_counter() - started:.0f} s\n"
    )
    print(
        f"queries per month page              {small_queries:>8} {large_queries:>10}   target: same "
        f"{'ok' if small_queries == large_queries else 'DIFFERENT'}\n"
    )
    print(f"median times (ms)                   {'1k':>8} {'100k':>10}   {'ratio':>6}   target")
    for key in small:
        ratio = large[key] / small[key]
        verdict = "ok" if ratio <= 1.5 else "SLOWER"
        print(f"  {key:<34}{small[key]:>8.2f} {large[key]:>10.2f}   {ratio:>5.2f}×   ≤ 1.5× {verdict}")
    print("\nvenue clash query plan at 1k rows:")
    print("\n".join(f"    {line}" for line in small_plan))
    print("venue clash query plan at 100k rows:")
    print("\n".join(f"    {line}" for line in large_plan))


if __name__ == "__main__":
    main()
