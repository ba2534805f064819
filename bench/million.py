"""Fill one organization with a million rows per big table. Not part of the test run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev BENCH_DATABASE=perflists_1m \
        .venv/bin/python bench/million.py
    # the same shape at 1/1000 of the size:
    ... BENCH_DATABASE=perflists_1k BENCH_SCALE=0.001 .venv/bin/python bench/million.py

The small world (two organizations, 12 + 2 workspaces, productions, users, memberships) is made
with the ORM; the big tables with `INSERT … SELECT … FROM generate_series` inside PostgreSQL, so a
million rows never cross the wire and every constraint and foreign key of the real tables is
checked as they go in. A table already at its size is skipped (re-running resumes a broken load).
"""

import os
import time

from benchkit import start_django, vacuum_analyze

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
WORKSPACES = 12  # the bench organization's; the other organization has 2
PRODUCTIONS = 20  # per workspace
CREW = 240  # users with a login, 20 per workspace
SIZES = {  # at BENCH_SCALE=1
    "advances": 1_000_000,  # two lines each
    "time_entries": 1_000_000,
    "activity": 1_000_000,
    "notifications": 1_000_000,
    "events": 200_000,
    "assets": 100_000,
    "reservations": 100_000,  # one asset each
    "people": 100_000,
}


def size(name, scale=SCALE):
    return max(1, round(SIZES[name] * scale))


class World:
    """The organizations, workspaces, productions and users the big tables point at."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        from dragonfly.tenancy.models import Membership, Organization, Workspace
        from dragonfly.tenancy.roles import Role
        from productions.models import Production

        users = get_user_model().objects
        self.org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Live"})
        self.other, _ = Organization.objects.get_or_create(slug="bench-other", defaults={"name": "Other Live"})
        self.workspaces = [
            Workspace.objects.get_or_create(organization=self.org, slug=f"ws-{i}", defaults={"name": f"Tour {i}"})[0]
            for i in range(WORKSPACES)
        ]
        self.other_workspaces = [
            Workspace.objects.get_or_create(organization=self.other, slug=f"o-{i}", defaults={"name": f"Other {i}"})[0]
            for i in range(2)
        ]
        self.productions = [
            Production.objects.get_or_create(workspace=ws, name=f"Show {j}", defaults={"code": f"S{j}"})[0].pk
            for ws in self.workspaces
            for j in range(PRODUCTIONS)
        ]
        self.crew = []
        for i in range(CREW):
            user = users.get_or_create(username=f"crew{i}")[0]
            ws = self.workspaces[i % WORKSPACES]
            Membership.objects.get_or_create(
                user=user, organization=self.org, workspace=ws, defaults={"role": Role.DEVIATOR}
            )
            self.crew.append(user.pk)
        self.admin, _ = users.get_or_create(username="bench-admin")
        Membership.objects.get_or_create(
            user=self.admin, organization=self.org, workspace=None, defaults={"role": Role.PHANTOM}
        )
        self.gladiator, _ = users.get_or_create(username="bench-gladiator")
        Membership.objects.get_or_create(
            user=self.gladiator, organization=self.org, workspace=self.workspaces[0], defaults={"role": Role.GLADIATOR}
        )
        self.crew_user = users.get(username="crew0")  # a Deviator of workspace 0
        outsider, _ = users.get_or_create(username="bench-outsider")
        Membership.objects.get_or_create(
            user=outsider, organization=self.other, workspace=self.other_workspaces[0], defaults={"role": Role.PHANTOM}
        )

    def params(self):
        return {
            "org": self.org.pk,
            "ws": [ws.pk for ws in self.workspaces],
            "prods": self.productions,
            "crew": self.crew,
            "admin": self.admin.pk,
            "nws": WORKSPACES,
            "nprod": PRODUCTIONS,
        }


# Each row draws a workspace skewed towards the first ones (a big tour and smaller ones):
# floor(12 · r^1.6) puts ~21 % in workspace 0 and ~3 % in workspace 11. `%(ws)s` is an array.
WS = "(%(ws)s::bigint[])[1 + floor(%(nws)s * power(random(), 1.6))::int]"
PICK_WS = f"SELECT g, {WS} AS ws_i, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, %(n)s) g"
# A moment in the last three years, more of them recent (offices keep growing).
AGO = "(now() - (power(r2, 1.3) * interval '1095 days'))"
CREW_PICK = "(%(crew)s::int[])[1 + floor(random() * array_length(%(crew)s::int[], 1))::int]"
# Advance statuses skewed like an office: most done, a few hundred per workspace in review (at 1M).
ADVANCE_STATUS = """CASE
  WHEN r1 < 0.0025 THEN 'submitted' WHEN r1 < 0.004 THEN 'under_review' WHEN r1 < 0.024 THEN 'draft'
  WHEN r1 < 0.234 THEN 'approved' WHEN r1 < 0.264 THEN 'in_progress' WHEN r1 < 0.904 THEN 'fulfilled'
  WHEN r1 < 0.954 THEN 'rejected' ELSE 'cancelled' END"""

LOADS = {
    "advances": (
        "advancing_advance",
        f"""
INSERT INTO advancing_advance (organization_id, workspace_id, production_id, team_workspace, activation_name,
  submitter_id, submitted_at, status, reviewer_notes, fulfillment_notes, estimated_cost, currency, metadata,
  created_at, updated_at)
SELECT %(org)s, ws_i,
  CASE WHEN r3 < 0.8 THEN (%(prods)s::bigint[])[(array_position(%(ws)s::bigint[], ws_i) - 1) * %(nprod)s
    + 1 + mod(g, %(nprod)s)] END,
  (ARRAY['Stage','Site','Audio','Lighting','Hospitality'])[1 + mod(g, 5)], 'Activation ' || mod(g, 500),
  {CREW_PICK}, CASE WHEN st = 'draft' THEN NULL ELSE at + interval '2 hours' END, st, '', '',
  (1 + mod(g, 97)) * 40, 'EUR', '{{}}', at, at
FROM (SELECT *, {AGO} AS at, {ADVANCE_STATUS} AS st FROM ({PICK_WS}) s) s""",
    ),
    "time_entries": (
        "people_timeentry",
        # pending for the last weeks' entries, approved (a few rejected) before; never 'open' (one per person)
        f"""
INSERT INTO people_timeentry (workspace_id, person_id, production_id, work_date, break_minutes, hours, status,
  notes, review_note, override_note, warnings, created_at, updated_at)
SELECT p.workspace_id, p.id, NULL, at::date, 30, 4 + mod(g, 9), CASE WHEN r2 < 0.02 THEN 'pending'
  WHEN r1 < 0.03 THEN 'rejected' ELSE 'approved' END, '', '', '', '[]', at, at
FROM (SELECT *, {AGO} AS at, 1 + floor(random() * %(people)s)::int AS pi FROM ({PICK_WS}) s) s
JOIN (SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM people_person p
      WHERE workspace_id = ANY(%(ws)s::bigint[])) p ON p.n = s.pi""",
    ),
    "activity": (
        "activity_activityentry",
        f"""
INSERT INTO activity_activityentry (workspace_id, actor_id, verb, trigger, content_type_id, object_id,
  from_state, to_state, note, data, created_at)
SELECT ws_i, {CREW_PICK}, (ARRAY['submitted','approved','fulfilled','updated'])[1 + mod(g, 4)], '',
  %(advance_ct)s, (1 + mod(g, %(n)s))::text, 'draft', 'submitted', '', '{{}}', {AGO}
FROM ({PICK_WS}) s""",
    ),
    "notifications": (
        "notifications_notification",
        # a fifth for the bench admin (their list is the long one), the rest over the crew
        f"""
INSERT INTO notifications_notification (recipient_id, workspace_id, kind, trigger, action, title, body, url,
  dedupe_key, claim_token, created_at, read_at)
SELECT CASE WHEN r1 < 0.2 THEN %(admin)s ELSE {CREW_PICK} END, ws_i, 'advance.submitted', 'submit', 'submitted',
  'Advance ' || g || ' was submitted', '', '/advancing/', 'bench-' || g, '', {AGO},
  CASE WHEN r3 < 0.9 THEN {AGO} + interval '1 hour' END
FROM ({PICK_WS}) s""",
    ),
    "events": (
        "events_event",
        # three years back and one ahead; each show lasts 2-6 hours
        f"""
INSERT INTO events_event (workspace_id, production_id, title, kind, status, starts_at, ends_at, timezone,
  description, is_exception, created_at, updated_at)
SELECT ws_i, NULL, 'Show ' || g, (ARRAY['show','rehearsal','load_in','load_out','travel','meeting'])[1 + mod(g, 6)],
  CASE WHEN r1 < 0.8 THEN 'confirmed' WHEN r1 < 0.93 THEN 'tentative' ELSE 'cancelled' END,
  now() + interval '365 days' - r2 * interval '1460 days',
  now() + interval '365 days' - r2 * interval '1460 days' + (2 + mod(g, 5)) * interval '1 hour',
  'Europe/Berlin', '', false, now() - r2 * interval '1095 days', now()
FROM ({PICK_WS}) s""",
    ),
    "assets": (
        "assets_asset",
        f"""
INSERT INTO assets_asset (organization_id, workspace_id, tag, name, category, make, model_name, serial_number,
  status, home_location, currency, notes, use_count, created_at, updated_at)
SELECT %(org)s, ws_i, 'B-' || lpad(g::text, 7, '0'),
  (ARRAY['Line array','Moving head','Console','Truss 3m','Generator','Stagedeck','Radio','Projector'])[1 + mod(g, 8)]
    || ' ' || g, (ARRAY['audio','lighting','control','rigging','power','staging','comms','video'])[1 + mod(g, 8)],
  'Make', 'Model', 'SN' || g, CASE WHEN r1 < 0.85 THEN 'available' WHEN r1 < 0.93 THEN 'reserved'
  WHEN r1 < 0.97 THEN 'maintenance' ELSE 'retired' END, 'Warehouse', 'EUR', '', 0, {AGO}, {AGO}
FROM ({PICK_WS}) s""",
    ),
    "reservations": (
        "assets_reservation",
        # one asset each, in the asset's workspace; 1-10 days over the last three years
        f"""
INSERT INTO assets_reservation (workspace_id, start_date, end_date, status, notes, checkout_condition,
  checkin_condition, reserved_by_id, created_at)
SELECT a.workspace_id, d, d + mod(g, 10), CASE WHEN d + mod(g, 10) < current_date THEN
  (CASE WHEN r1 < 0.9 THEN 'returned' ELSE 'cancelled' END) ELSE 'reserved' END, 'asset:' || a.id, '', '',
  {CREW_PICK}, d - 7
FROM (SELECT *, (current_date + 30 - floor(r2 * 1095)::int) AS d FROM ({PICK_WS}) s) s
JOIN (SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM assets_asset
      WHERE organization_id = %(org)s) a ON a.n = 1 + mod(s.g - 1, %(assets)s)""",
    ),
    "people": (
        "people_person",
        f"""
INSERT INTO people_person (workspace_id, first_name, last_name, job_title, email, phone, department, skills,
  currency, emergency_contact_name, emergency_contact_phone, notes, active, created_at, updated_at)
SELECT ws_i, (ARRAY['Ana','Ben','Chloé','Dev','Emil','Fatou','Gus','Hana'])[1 + mod(g, 8)], 'Crew ' || g,
  (ARRAY['Rigger','Stagehand','Audio tech','LD','Runner','Driver'])[1 + mod(g, 6)], 'crew' || g || '@bench.test', '',
  (ARRAY['Stage','Audio','Lighting','Site','Transport'])[1 + mod(g, 5)], '', 'EUR', '', '', '', r1 < 0.9, {AGO}, {AGO}
FROM ({PICK_WS}) s""",
    ),
}
ORDER = ["people", "advances", "time_entries", "activity", "notifications", "events", "assets", "reservations"]

ADVANCE_ITEMS = """
INSERT INTO advancing_advanceitem (advance_id, name, description, quantity, unit, unit_cost, total_cost,
  quantity_fulfilled, fulfilment_status, notes, metadata, position, created_at, procurement)
SELECT a.id, (ARRAY['PA system','Stagehands','Forklift','Hotel rooms'])[1 + mod(a.id + pos, 4)], '',
  1 + mod(a.id, 10), 'each', 20 * (1 + pos), (1 + mod(a.id, 10)) * 20 * (1 + pos),
  CASE WHEN a.status = 'fulfilled' THEN 1 + mod(a.id, 10) ELSE 0 END,
  CASE WHEN a.status = 'fulfilled' THEN 'complete' ELSE 'pending' END, '', '{}', pos, a.created_at, ''
FROM advancing_advance a CROSS JOIN generate_series(0, 1) pos
WHERE a.organization_id = %(org)s"""

RESERVATION_ITEMS = """
INSERT INTO assets_reservationitem (reservation_id, asset_id, start_date, end_date, active, counted)
SELECT r.id, substr(r.notes, 7)::bigint, r.start_date, r.end_date, r.status IN ('reserved', 'checked_out'),
  r.status <> 'cancelled'
FROM assets_reservation r WHERE r.notes LIKE 'asset:%%' AND r.workspace_id = ANY(%(ws)s::bigint[])"""


def count(cursor, table, org_ws):
    cursor.execute(f"SELECT count(*) FROM {table} WHERE workspace_id = ANY(%s)", [org_ws])
    return cursor.fetchone()[0]


def load(world, scale):
    """Each big table to its size (skipped when already there); returns {name: seconds}."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from advancing.models import Advance

    params = {**world.params(), "advance_ct": ContentType.objects.get_for_model(Advance).pk}
    params["people"] = size("people", scale)
    params["assets"] = size("assets", scale)
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        for name in ORDER:
            table, sql = LOADS[name]
            have = count(cursor, table, params["ws"])
            n = size(name, scale)
            if have == n:
                print(f"  {name:14} {have:>9,} rows already")
                continue
            start = time.perf_counter()
            if have:
                raise SystemExit(f"{table} holds {have:,} rows, not {n:,}: drop the database to rebuild it")
            with transaction.atomic():  # a table is loaded whole or not at all
                cursor.execute(sql, {**params, "n": n})
                if name == "advances":
                    cursor.execute(ADVANCE_ITEMS, params)
                if name == "reservations":
                    cursor.execute(RESERVATION_ITEMS, params)
            timings[name] = time.perf_counter() - start
            print(f"  {name:14} {n:>9,} rows in {timings[name]:.0f} s", flush=True)
    return timings


TABLES = [
    "advancing_advance",
    "advancing_advanceitem",
    "people_timeentry",
    "people_person",
    "activity_activityentry",
    "notifications_notification",
    "events_event",
    "assets_asset",
    "assets_reservation",
    "assets_reservationitem",
]


def build(scale=SCALE):
    """The world and its big tables at `scale`, analyzed; returns the World."""
    from django.db import connection

    start = time.perf_counter()
    world = World()
    timings = load(world, scale)
    if timings:
        vacuum_analyze(*TABLES)  # the visibility map: index-only scans for the lists' id walks
        # and statistics for the small tables too (without them the planner takes the 12 workspaces
        # for one row and joins a million advances before sorting them)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"load: {sum(timings.values()):.0f} s of inserts, {time.perf_counter() - start:.0f} s in all", flush=True)
    return world


if __name__ == "__main__":
    name = start_django("perflists_1m" if SCALE >= 1 else "perflists_1k")
    print(f"database {name}, scale {SCALE}")
    build()
