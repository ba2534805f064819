"""Constant memory: the review-queue CSV export at 10,000 and at 1,000,000 advances, each in a fresh
process, comparing the process's peak RSS (target: 1M ≤ 1.2× 10k).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev .venv/bin/python bench/export_bench.py

Works in its own database (`dragonfly_bench_exports`; BENCH_DATABASE changes it, BENCH_EXPORT_ROWS
the big size). The rows are copied from one template advance with `generate_series` (a quick
loader: one INSERT … SELECT, no lines; the export reads no lines)."""

import json
import os
import resource
import subprocess
import sys
import time

from benchkit import ROOT, start_django, vacuum_analyze

DEFAULT_DB = "dragonfly_bench_exports"
SMALL = 10_000
BIG = int(os.environ.get("BENCH_EXPORT_ROWS", "1000000"))


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def world():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from advancing.models import Advance
    from dragonfly.tenancy.models import Membership, Organization, Workspace
    from dragonfly.tenancy.roles import Role

    users = get_user_model().objects
    org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Live"})
    ws, _ = Workspace.objects.get_or_create(organization=org, slug="tour", defaults={"name": "Bench Tour"})
    crew, _ = users.get_or_create(username="bench-crew", defaults={"first_name": "Sam", "last_name": "Crew"})
    Membership.objects.get_or_create(user=crew, organization=org, workspace=ws, defaults={"role": Role.DEVIATOR})
    root = users.filter(username="bench-root").first() or users.create_superuser("bench-root", "r@bench.test", "x")
    template = Advance.objects.filter(workspace=ws, activation_name="template").first()
    if template is None:
        template = Advance.objects.create(
            organization=org,
            workspace=ws,
            submitter=crew,
            team_workspace="Stage",
            activation_name="template",
            status="submitted",
            submitted_at=timezone.now(),
            estimated_cost=1234,
        )
    return root, template


def load(template, count):
    """Exactly `count` advances in the queue: the template and count - 1 copies of it."""
    from django.db import connection

    from advancing.models import Advance

    columns = [f.column for f in Advance._meta.concrete_fields if not f.primary_key]
    override = {
        "activation_name": "'Activation ' || g",
        "submitted_at": "now() - make_interval(mins => g)",
        "team_workspace": "(ARRAY['Stage', 'Site', 'Audio', '=HYPERLINK(1)'])[1 + g %% 4]",
    }
    select = ", ".join(override.get(c, f'"{c}"') for c in columns)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM advancing_advance WHERE id <> %s AND workspace_id = %s", [template.pk, template.workspace_id]
        )
        cursor.execute(
            f"INSERT INTO advancing_advance ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "  # nosec B608 # our own column names
            f"SELECT {select} FROM advancing_advance, generate_series(1, %s) AS g WHERE id = %s",
            [count - 1, template.pk],
        )
    vacuum_analyze("advancing_advance")
    return time.perf_counter() - start


def child():
    """One export in this fresh process: peak RSS after start-up and after the whole CSV was read."""
    start_django(DEFAULT_DB)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-root"))
    assert client.get(reverse("home")).status_code == 200  # templates and URL conf loaded
    ready = peak_rss_mb()
    start = time.perf_counter()
    response = client.get(reverse("advancing:queue_export"))
    assert response.status_code == 200 and response.streaming
    rows = size = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - start
    print(json.dumps({"ready": ready, "peak": peak_rss_mb(), "rows": rows - 1, "mb": size / 1e6, "s": elapsed}))


def measure():
    env = {**os.environ}
    result = subprocess.run(  # nosec B603 # this script, in a fresh interpreter
        [sys.executable, __file__, "--child"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    name = start_django(DEFAULT_DB)
    os.environ["BENCH_DATABASE"] = name  # the child opens the same database
    root, template = world()
    figures = {}
    for count in (SMALL, BIG):
        took = load(template, count)
        print(f"loaded {count:,} advances in {took:.1f} s", flush=True)
        figures[count] = measure()
    small, big = figures[SMALL], figures[BIG]
    print("\nExport bench — review-queue CSV, peak RSS of a fresh process (MB)\n")
    print(f"{'rows':>12} {'RSS ready':>10} {'RSS peak':>9} {'export MB':>10} {'seconds':>8} {'rows/s':>8}")
    for count, f in figures.items():
        assert f["rows"] == count, (count, f["rows"])
        speed = count / f["s"]
        print(f"{count:>12,} {f['ready']:>10.1f} {f['peak']:>9.1f} {f['mb']:>10.1f} {f['s']:>8.1f} {speed:>8,.0f}")
    ratio = big["peak"] / small["peak"]
    print(
        f"\npeak RSS {BIG:,} vs {SMALL:,} rows: {big['peak']:.1f} / {small['peak']:.1f} MB = {ratio:.2f}×  "
        f"target ≤ 1.2× {'ok' if ratio <= 1.2 else 'MISSED'}"
    )


if __name__ == "__main__":
    child() if "--child" in sys.argv else main()
