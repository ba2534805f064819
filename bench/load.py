"""Load (issue 21, items 6 and 7): gunicorn on a bench PostgreSQL database seeded with the demo plus
extra rows, Redis for cache, sessions and broker, one Celery worker; locust (bench/locustfile.py)
headless at 10, 50 and 200 users; then throughput with 1 vs 2 web processes (20 users that never
pause) and 1 vs 2 Celery workers (300 production-health refreshes queued at once).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_dev REDIS_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python bench/load.py

BENCH_DATABASE names the database (default dragonfly_bench_load), LOAD_SECONDS the length of each
step (default 45), LOAD_WEB_WORKERS the gunicorn workers of the main run (default 3), LOAD_PORT the
port (8411). Prints one table; the CSVs locust wrote stay in LOAD_OUT (default /tmp/dragonfly-load)."""

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchkit import ROOT, start_django, vacuum_analyze

BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("LOAD_SECONDS", "45"))
WEB_WORKERS = int(os.environ.get("LOAD_WEB_WORKERS", "3"))
PORT = int(os.environ.get("LOAD_PORT", "8411"))
OUT = Path(os.environ.get("LOAD_OUT", "/tmp/dragonfly-load"))
EXTRA_ADVANCES = int(os.environ.get("LOAD_EXTRA_ADVANCES", "100000"))
STEPS = [int(n) for n in os.environ.get("LOAD_USERS", "10,50,200").split(",")]
# API throttles off for the bench: 200 simulated people share a handful of accounts.
SERVER_ENV = {
    "API_THROTTLE_USER": "1000000/min",
    "API_THROTTLE_TOKEN": "1000000/min",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # the worker's mail goes nowhere
}


# --- preparing the database -------------------------------------------------------------------
def prepare():
    from django.core.management import call_command

    from dragonfly.tenancy.models import Organization

    if not Organization.objects.filter(slug="load").exists():
        call_command("seed_demo", verbosity=0)
    accounts = make_accounts()
    extra_rows(accounts)
    return accounts


def make_accounts():
    """A load organization: 4 workspaces, 40 crew (Deviator) and 12 reviewers (Gladiator), each with an
    API token, a signed-in session (no password hash per simulated login) and a calendar feed token."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    from advancing.models import CatalogItem
    from dragonfly.tenancy.models import Membership, Organization, Workspace
    from dragonfly.tenancy.roles import Role
    from dragonfly.tokens.models import APIToken
    from dragonfly.tokens.services import create_token
    from events.services.feeds import issue_feed_token

    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    org, _ = Organization.objects.get_or_create(slug="load", defaults={"name": "Load Live"})
    spaces = [
        Workspace.objects.get_or_create(organization=org, slug=f"load-{i}", defaults={"name": f"Load Tour {i}"})[0]
        for i in range(4)
    ]
    users = get_user_model().objects
    out: dict[str, list] = {"crew": [], "reviewers": []}
    for kind, role, count in (("crew", Role.DEVIATOR, 40), ("reviewers", Role.GLADIATOR, 12)):
        for i in range(count):
            ws = spaces[i % len(spaces)]
            name = f"load-{kind}-{i}"
            user, _ = users.get_or_create(username=name, defaults={"first_name": kind, "last_name": str(i)})
            Membership.objects.get_or_create(user=user, organization=org, workspace=ws, defaults={"role": role})
            session = store()
            session.update(
                {
                    "_auth_user_id": str(user.pk),
                    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": user.get_session_auth_hash(),
                }
            )
            session.create()
            out[kind].append(
                {
                    "username": user.username,
                    "workspace": ws.pk,
                    "session": session.session_key,
                    "token": _bench_token(user, APIToken, create_token),
                    "feed_token": issue_feed_token(actor=user),
                }
            )
    catalog = list(CatalogItem.objects.enabled().values_list("item_id", flat=True)[:120])
    return {"users": out, "catalog": catalog, "workspaces": [w.pk for w in spaces]}


def extra_rows(accounts):
    """EXTRA_ADVANCES history advances (copies of one, spread over the load workspaces and the
    closed statuses) and 100 notifications per account, by generate_series, once."""
    from django.db import connection

    from advancing.models import Advance
    from dragonfly.notifications.models import Notification
    from dragonfly.tenancy.models import Workspace

    spaces = accounts["workspaces"]
    if Advance.objects.filter(workspace_id__in=spaces).count() >= EXTRA_ADVANCES:
        return
    template = Advance.objects.exclude(workspace_id__in=spaces).order_by("pk").first()
    columns = [f.column for f in Advance._meta.concrete_fields if not f.primary_key]
    override = {
        "workspace_id": f"(ARRAY{spaces})[1 + g %% {len(spaces)}]",
        "organization_id": str(Workspace.objects.get(pk=spaces[0]).organization_id),
        "status": "(ARRAY['fulfilled', 'rejected', 'cancelled', 'draft', 'fulfilled'])[1 + g %% 5]",
        "submitted_at": "now() - make_interval(mins => g)",
        "production_id": "NULL",
        "activation_name": "'History ' || g",
    }
    cols = ", ".join(f'"{c}"' for c in columns)
    select = ", ".join(override.get(c, f'"{c}"') for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO advancing_advance ({cols}) SELECT {select} FROM advancing_advance, "  # nosec B608 # our columns
            "generate_series(1, %s) AS g WHERE id = %s",
            [EXTRA_ADVANCES, template.pk],
        )
        names = [u["username"] for kind in accounts["users"].values() for u in kind]
        cursor.execute(
            "INSERT INTO notifications_notification (recipient_id, kind, trigger, action, title, body, url, "
            "dedupe_key, created_at, read_at, claim_token) "
            "SELECT u.id, 'general', '', '', 'Old news ' || g, '', '', 'load:' || g, now(), "
            "CASE WHEN g %% 10 = 0 THEN NULL ELSE now() END, '' "
            "FROM auth_user u, generate_series(1, 100) AS g WHERE u.username = ANY(%s) "
            "ON CONFLICT DO NOTHING",
            [names],
        )
    vacuum_analyze("advancing_advance", "notifications_notification")
    assert Notification.objects.exists()


# --- running the stack ----------------------------------------------------------------------------
def server_env():
    return {**os.environ, **SERVER_ENV}


def start(args, log, **env):
    return subprocess.Popen(  # nosec B603 # our own tools with fixed arguments
        args,
        cwd=ROOT,
        env={**server_env(), **env},
        stdout=open(OUT / log, "w"),  # noqa: SIM115 # open for the process's whole life
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def web(workers):
    proc = start(
        [str(BIN / "gunicorn"), "dragonfly.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(workers)],
        f"gunicorn-{workers}.log",
    )
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # nosec B310 # our local server
            return proc
        except OSError:
            time.sleep(0.5)
    stop(proc)
    sys.exit("gunicorn did not start: see " + str(OUT / f"gunicorn-{workers}.log"))


def worker(name, concurrency=1):
    return start(
        [
            str(BIN / "celery"),
            "-A",
            "dragonfly",
            "worker",
            "-Q",
            "notifications,default,exports,integrations",
            "-c",
            str(concurrency),
            "-n",
            f"{name}@%h",
            "-l",
            "warning",
        ],
        f"worker-{name}.log",
    )


class Sampler:
    """Once a second during a step: CPU of the web processes, of the machine, and what the bench
    database's active backends wait on (pg_stat_activity: CPU when no wait event, Lock, IO…)."""

    def __init__(self, web_proc, dbname):
        import psutil

        self.psutil, self.dbname = psutil, dbname
        self.web = psutil.Process(web_proc.pid)
        self.procs = {}  # pid → Process: cpu_percent() measures since the same object's last call
        self.samples = []

    def web_cpu(self):
        for p in [self.web, *self.web.children(recursive=True)]:
            self.procs.setdefault(p.pid, p)
        total = 0.0
        for p in self.procs.values():
            with contextlib.suppress(self.psutil.NoSuchProcess):
                total += p.cpu_percent(None)
        return total

    def sample(self):
        from django.db import connection

        web_cpu = self.web_cpu()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(wait_event_type, 'CPU'), count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1",
                [self.dbname],
            )
            waits = dict(cursor.fetchall())
        self.samples.append((web_cpu, self.psutil.cpu_percent(None), waits))

    def run(self, seconds, until):
        self.web_cpu()  # the first reading only starts the clock
        self.psutil.cpu_percent(None)
        end = time.monotonic() + seconds
        while time.monotonic() < end and until.poll() is None:
            time.sleep(1)
            self.sample()

    def summary(self):
        if not self.samples:
            return {}
        n = len(self.samples)
        waits: dict[str, float] = {}
        for _, _, w in self.samples:
            for k, v in w.items():
                waits[k] = waits.get(k, 0) + v / n
        return {
            "web_cpu": sum(s[0] for s in self.samples) / n,
            "machine_cpu": sum(s[1] for s in self.samples) / n,
            "db_active": {k: round(v, 2) for k, v in sorted(waits.items())},
            "load": os.getloadavg()[0],
        }


def locust(users, tag, web_proc, dbname, seconds=SECONDS, **env):
    spawn = max(2, users // 10)
    args = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
        "-r", str(spawn), "-t", f"{seconds + users // spawn}s", "--host", f"http://127.0.0.1:{PORT}",
        "--csv", str(OUT / tag), "--reset-stats", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    proc = start(args, f"locust-{tag}.log", **env)
    sampler = Sampler(web_proc, dbname)
    time.sleep(users // spawn)  # ramp-up: --reset-stats drops what was measured while spawning
    sampler.run(seconds, proc)
    proc.wait()
    seen = sampler.summary()
    # an exception inside a task (the scenario's own bug) is an error too, not only a failed request
    seen["task_errors"] = sum(int(r["Count"]) for r in read_stats(OUT / f"{tag}_exceptions.csv"))
    return read_stats(OUT / f"{tag}_stats.csv"), seen


def read_stats(path):
    with open(path) as handle:
        return list(csv.DictReader(handle))


def drain_time(count, workers):
    """Seconds for `workers` worker processes to run `count` production-health refreshes (real DB work)."""
    from dragonfly.celery import app
    from productions.models import Production
    from productions.tasks import refresh_production_health

    ids = list(Production.objects.values_list("pk", flat=True))
    app.conf.task_always_eager = False
    procs = [worker(f"drain{i}") for i in range(workers)]
    try:
        with app.connection_for_write() as conn:
            redis = conn.default_channel.client
            time.sleep(8)  # workers connected
            start_at = time.monotonic()
            for n in range(count):
                refresh_production_health.delay(ids[n % len(ids)])
            while redis.llen("default") or redis.hlen("unacked"):
                time.sleep(0.2)
            return time.monotonic() - start_at
    finally:
        for proc in procs:
            stop(proc)


# --- the run ----------------------------------------------------------------------------------
def row_table(stats):
    lines = [f"{'endpoint':<44} {'reqs':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}"]
    for r in stats:
        lines.append(
            f"{r['Name'][:44]:<44} {int(r['Request Count']):>6} {int(r['Failure Count']):>5} "
            f"{float(r['Requests/s']):>6.1f} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}"
        )
    return "\n".join(lines)


def main():
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL (cache, sessions and broker for the stack), e.g. redis://127.0.0.1:6379/12")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    dbname = start_django("dragonfly_bench_load")
    os.environ["BENCH_DATABASE"] = dbname
    accounts = prepare()
    accounts_file = OUT / "accounts.json"
    accounts_file.write_text(json.dumps(accounts))
    os.environ["ACCOUNTS_FILE"] = str(accounts_file)
    subprocess.run(  # nosec B603 # our manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=server_env(), check=True
    )
    print(f"prepared in {time.monotonic() - started:.0f} s; steps of {SECONDS} s; load average {os.getloadavg()}")

    results = {}
    celery = worker("load")
    proc = web(WEB_WORKERS)
    try:
        for users in STEPS:
            results[users] = locust(users, f"users{users}", proc, dbname)
            print(f"\n== {users} users, gunicorn --workers {WEB_WORKERS}, 1 Celery worker ==", flush=True)
            print(row_table(results[users][0]))
            print("saturation:", json.dumps(results[users][1]))
    finally:
        stop(proc)
        stop(celery)

    scale = {}
    for workers in (1, 2):
        proc = web(workers)
        celery = worker("scale")
        try:
            # 20 users that never pause: as many requests as the web processes can answer
            stats, seen = locust(20, f"web{workers}", proc, dbname, seconds=max(30, SECONDS - 15), LOCUST_NO_WAIT="1")
            scale[workers] = (next(r for r in stats if r["Name"] == "Aggregated"), seen)
        finally:
            stop(proc)
            stop(celery)
    drains = {n: drain_time(300, n) for n in (1, 2)}

    print("\n== summary ==")
    agg = {u: next(r for r in results[u][0] if r["Name"] == "Aggregated") for u in STEPS}
    print(
        f"{'users':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'fails':>6} {'task err':>8} "
        f"{'web CPU%':>9} {'all CPU%':>9} load"
    )
    for u in STEPS:
        a, seen = agg[u], results[u][1]
        print(
            f"{u:>6} {float(a['Requests/s']):>7.1f} {a['50%']:>6} {a['95%']:>6} {a['99%']:>6} "
            f"{a['Failure Count']:>6} {seen['task_errors']:>8} {seen.get('web_cpu', 0):>9.0f} "
            f"{seen.get('machine_cpu', 0):>9.0f} "
            f"{seen.get('load', 0):.1f}"
        )
    low, high = float(agg[STEPS[0]]["95%"]), float(agg[STEPS[-1]]["95%"])
    print(f"p95 at {STEPS[-1]} vs {STEPS[0]} users: {high:.0f} / {low:.0f} ms = {high / low:.2f}×  target ≤ 3×")
    for workers, (a, seen) in scale.items():
        print(
            f"20 users without pauses, gunicorn --workers {workers}: {float(a['Requests/s']):.1f} req/s, "
            f"p95 {a['95%']} ms, fails {a['Failure Count']}, task errors {seen['task_errors']}, "
            f"web CPU {seen.get('web_cpu', 0):.0f}%"
        )
    w1, w2 = float(scale[1][0]["Requests/s"]), float(scale[2][0]["Requests/s"])
    print(f"web throughput 2 vs 1 processes: {w2:.1f} / {w1:.1f} req/s = {w2 / w1:.2f}×")
    print(
        f"Celery: 300 production-health refreshes, 1 worker {drains[1]:.1f} s ({300 / drains[1]:.0f}/s), "
        f"2 workers {drains[2]:.1f} s ({300 / drains[2]:.0f}/s) = {drains[1] / drains[2]:.2f}×"
    )
    print(f"whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()


def _bench_token(user, model, create_token):
    """A fresh one-day write token of `user` (the old bench tokens go: only digests are stored)."""
    model.objects.filter(user=user, name="bench").delete()
    return create_token(user, actor=user, name="bench", scopes=["write"], expires_in_days=1)[1]
