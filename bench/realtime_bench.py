"""Realtime delivery (issue 15): 100, 500 and 1,000 WebSocket clients on one daphne process, then the
same split across two daphne processes sharing the Redis channel layer. One cue is called "go" per
second through the real service (`events.services.call_cue`, the core transition engine, its domain
event after the commit, dragonfly/realtime/fanout.py); every client follows that show's run of show.
Measured per run: commit-to-delivery latency (median, p95, max), delivered/expected, the server's
RSS before and after the clients connect (memory per connection) and its CPU and database
transactions per event. Not part of the tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_wsbench .venv/bin/python bench/realtime_bench.py

It creates (first time) and migrates `wt_wsbench_rt` (BENCH_DATABASE), keeps its org, workspace and
1,000 Passengers between runs, and signs each in with a fresh session (the browser's path: a session
cookie on /ws/live/, the Origin checked). Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/4),
the channel layer, the cache and the sessions. Servers: `daphne` (what the README runs in production)
on 127.0.0.1:8104 and :8114 (BENCH_PORTS). Clients: aiohttp, split over two client processes so one
Python loop reading 1,000 sockets does not skew the figures. BENCH_SIZES=100,500 and BENCH_EVENTS=20
change the runs; a whole run takes ~5 minutes.

The commit time is stamped by the first on-commit hook of the transaction that calls the cue (before
the fanout's own hook sends to the channel layer), the receive time by the client when the frame is
read; both are `time.time()` on the same machine."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POLL_INTERVAL = 20.0  # seconds: the run of show's fallback refresh, which the sockets replace
GOAL = POLL_INTERVAL / 40  # issue 15: p95 at 1,000 clients at most 1/40 of it (0.5 s)
TOPIC_MODEL = "events.cue"
CLIENT_PROCESSES = 2
GRACE = float(os.environ.get("BENCH_GRACE", "5"))  # seconds after the last event before counting
HANDSHAKES_AT_ONCE = 20  # per client process: a page load's reconnect storm, not a SYN flood


# --- the client processes (no Django: aiohttp only) -------------------------------------------------
async def _client(spec: dict) -> None:
    import aiohttp

    received: list[tuple[int, int, float]] = []
    refused = 0
    gate = asyncio.Semaphore(HANDSHAKES_AT_ONCE)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    sockets = []

    async def follow(index: int, url: str, cookie: str) -> None:
        nonlocal refused
        origin = "http://" + url.split("/")[2]
        async with gate:
            try:
                ws = await session.ws_connect(url, headers={"Cookie": f"sessionid={cookie}", "Origin": origin})
                await ws.send_str(json.dumps({"subscribe": [spec["topic"]]}))
                answer = json.loads((await ws.receive(timeout=60)).data)
            except Exception:
                refused += 1
                return
        if answer.get("topics") != [spec["topic"]]:
            refused += 1
            return
        sockets.append(ws)
        asyncio.ensure_future(listen(index, ws))

    async def listen(index: int, ws) -> None:
        async for msg in ws:
            at = time.time()
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data.get("type") == "event" and data.get("model") == TOPIC_MODEL:
                received.append((index, data["id"], at))

    started = time.perf_counter()
    await asyncio.gather(*(follow(i, url, c) for i, (url, c) in enumerate(spec["sockets"], spec["first"])))
    print(json.dumps({"ready": len(sockets), "refused": refused, "connect_s": time.perf_counter() - started}))
    sys.stdout.flush()
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "stop\n"
    print(json.dumps({"received": received}))
    sys.stdout.flush()
    os._exit(0)  # the servers are stopped next; closing 500 sockets politely adds nothing


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- the bench process ----------------------------------------------------------------------------
def prepare(users: int):
    """The org, its workspace, a stage manager and `users` Passengers (kept between runs)."""
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Membership, Organization, Workspace
    from dragonfly.tenancy.roles import Role

    User = get_user_model()
    org, _ = Organization.objects.get_or_create(slug="rt-bench", defaults={"name": "Realtime bench"})
    workspace, _ = Workspace.objects.get_or_create(organization=org, slug="rt-show", defaults={"name": "RT show"})
    manager, made = User.objects.get_or_create(username="rt-manager")
    if made:
        Membership.objects.create(user=manager, organization=org, workspace=workspace, role=Role.GLADIATOR)
    names = [f"rt-crew-{i:04d}" for i in range(users)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    fresh = [User(username=n, password="!bench") for n in names if n not in have]  # unusable password
    User.objects.bulk_create(fresh, batch_size=500)
    crew = list(User.objects.filter(username__in=names).order_by("username"))
    member = set(Membership.objects.filter(workspace=workspace, user__in=crew).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(user=u, organization=org, workspace=workspace, role=Role.PASSENGER)
            for u in crew
            if u.pk not in member
        ],
        batch_size=500,
    )
    return workspace, manager, crew


def sign_in(users) -> list[str]:
    """One fresh session per user, as the login view leaves it (the auth hash included)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils.module_loading import import_string

    Session.objects.all().delete()  # the bench database's own sessions, from earlier runs
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    keys = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def new_show(workspace, manager, cues: int):
    """A show tomorrow with `cues` cues on standby: each is given its go during the run."""
    import datetime

    from django.utils import timezone

    from events.models import Event
    from events.services import add_cue, call_cue

    start = timezone.now() + datetime.timedelta(days=1)
    show = Event.objects.create(
        workspace=workspace, title="Bench show", starts_at=start, ends_at=start + datetime.timedelta(hours=4)
    )
    made = [add_cue(show, actor=manager, item=f"Cue {i}", duration="1") for i in range(cues)]
    for cue in made:
        call_cue(cue, actor=manager, to_status="standby")
    return show, made


def go(cue, manager) -> float:
    """Call the cue's go through the service; the commit time as the first on-commit hook sees it."""
    from django.db import transaction

    from events.services import call_cue

    stamp: list[float] = []
    with transaction.atomic():
        transaction.on_commit(lambda: stamp.append(time.time()))  # runs before the fanout's hook
        call_cue(cue, actor=manager, to_status="go")
    return stamp[0]


def wait_for_port(port: int, server: subprocess.Popen, timeout: float = 240) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.poll() is not None:
            sys.exit(f"daphne on {port} exited with {server.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    sys.exit(f"daphne on {port} did not start")


def start_servers(ports: list[int]) -> list[subprocess.Popen]:
    servers = [
        subprocess.Popen(
            [
                str(ROOT / ".venv/bin/daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "-v",
                "0",
                # daphne drops a handshake not done in 5 s; on two loaded cores 1,000 arrive faster than that
                "--websocket_connect_timeout",
                os.environ.get("BENCH_HANDSHAKE_TIMEOUT", "60"),
                "dragonfly.asgi:application",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_for_port(port, server)
    except SystemExit:
        stop(servers)  # none left behind holding the port
        raise
    return servers


def stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _warm(url: str, cookie: str, topic: str) -> None:
    """One socket through connect and subscribe, so the baseline RSS has the code paths loaded."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        origin = "http://" + url.split("/")[2]
        async with session.ws_connect(url, headers={"Cookie": f"sessionid={cookie}", "Origin": origin}) as ws:
            await ws.send_str(json.dumps({"subscribe": [topic]}))
            answer = json.loads((await ws.receive(timeout=30)).data)
            assert answer.get("topics") == [topic], f"the warm-up socket was refused: {answer}"


def rss(servers) -> list[int]:
    import psutil

    return [psutil.Process(s.pid).memory_info().rss for s in servers]


def cpu_seconds(servers) -> float:
    import psutil

    return sum(sum(psutil.Process(s.pid).cpu_times()[:2]) for s in servers)


def transactions(name: str) -> int:
    """Committed transactions in the bench database so far (each autocommit query is one)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [name])
        return cursor.fetchone()[0]


def run_one(n: int, ports: list[int], workspace, manager, crew, cookies, events: int, dbname: str) -> dict:
    from django.db import connection

    show, cues = new_show(workspace, manager, events)
    topic = f"events.event:{show.pk}"
    urls = [f"ws://127.0.0.1:{port}/ws/live/" for port in ports]
    servers = start_servers(ports)
    try:
        for url in urls:
            asyncio.run(_warm(url, cookies[-1], topic))
        time.sleep(1)
        before = rss(servers)
        # socket i goes to server i % len(ports); the client processes take alternate halves
        pairs = [(urls[i % len(urls)], cookies[i]) for i in range(n)]
        clients = []
        share = -(-n // CLIENT_PROCESSES)
        for k in range(CLIENT_PROCESSES):
            part = pairs[k * share : (k + 1) * share]
            spec = {"topic": topic, "sockets": part, "first": k * share}
            clients.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--client"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            clients[-1].stdin.write(json.dumps(spec) + "\n")  # 1,000 cookies are too long for argv
            clients[-1].stdin.flush()
        ready = [json.loads(c.stdout.readline()) for c in clients]
        connected = sum(r["ready"] for r in ready)
        time.sleep(2)  # let the last subscriptions settle before reading memory
        after_connect = rss(servers)
        connection.close()  # the committing side keeps no idle connection across the run
        xact0, cpu0 = transactions(dbname), cpu_seconds(servers)
        committed: dict[int, float] = {}
        tick = time.monotonic()
        for cue in cues:
            committed[cue.pk] = go(cue, manager)
            tick += 1.0
            time.sleep(max(0.0, tick - time.monotonic()))
        time.sleep(GRACE)  # the last event's stragglers: later than this counts as not delivered
        cpu1 = cpu_seconds(servers)
        time.sleep(1)  # PostgreSQL publishes its counters at most once a second
        xact1 = transactions(dbname)
        after_events = rss(servers)
        received = []
        for c in clients:
            c.stdin.write("stop\n")
            c.stdin.flush()
            received += json.loads(c.stdout.readline())["received"]
            c.wait(timeout=30)
    finally:
        stop(servers)
    latencies = sorted(at - committed[pk] for _, pk, at in received if pk in committed)
    distinct = {(i, pk) for i, pk, _ in received if pk in committed}
    heard_by = {i for i, _ in distinct}
    return {
        "n": n,
        "processes": len(ports),
        "connected": connected,
        "refused": sum(r["refused"] for r in ready),
        "connect_s": max(r["connect_s"] for r in ready),
        "expected": connected * len(cues),  # of the sockets that connected (refused ones are counted apart)
        "delivered": len(distinct),
        "duplicates": len(latencies) - len(distinct),
        "deaf": connected - len(heard_by),  # connected sockets that heard no event at all
        "median": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "rss_before": sum(before),
        "rss_connected": sum(after_connect),
        "rss_after": sum(after_events),
        "per_conn_kib": (sum(after_connect) - sum(before)) / max(1, connected) / 1024,
        "cpu_ms_per_event": (cpu1 - cpu0) * 1000 / len(cues),
        "xact_per_event": (xact1 - xact0) / len(cues),
    }


COLUMNS = [  # heading, width, how a row shows it
    ("clients", 7, lambda r: f"{r['n']}"),
    ("connected", 9, lambda r: f"{r['connected']}"),
    ("heard none", 10, lambda r: f"{r['deaf']}"),
    ("procs", 5, lambda r: f"{r['processes']}"),
    ("delivered", 13, lambda r: f"{r['delivered']}/{r['expected']}"),
    ("median s", 8, lambda r: f"{r['median']:.3f}"),
    ("p95 s", 7, lambda r: f"{r['p95']:.3f}"),
    ("max s", 7, lambda r: f"{r['max']:.3f}"),
    ("p95/goal", 8, lambda r: f"{r['p95'] / GOAL:.2f}x"),
    ("RSS MiB before→after", 20, lambda r: f"{r['rss_before'] / 2**20:.1f} → {r['rss_connected'] / 2**20:.1f}"),
    ("KiB/conn", 8, lambda r: f"{r['per_conn_kib']:.1f}"),
    ("CPU ms/event", 12, lambda r: f"{r['cpu_ms_per_event']:.0f}"),
    ("DB xact/event", 13, lambda r: f"{r['xact_per_event']:.0f}"),
    ("connect s", 9, lambda r: f"{r['connect_s']:.1f}"),
]


def report(rows: list[dict], load: tuple, load_end: tuple, seconds: float) -> None:
    per_run = rows[0]["expected"] // max(1, rows[0]["connected"])
    print(f"\nRealtime delivery — one cue called per second, {per_run} per run; whole run {seconds:.0f} s")
    print(f"load average at start {load[0]:.2f} {load[1]:.2f}, at end {load_end[0]:.2f} {load_end[1]:.2f}\n")
    head = "  ".join(f"{name:>{width}}" for name, width, _ in COLUMNS)
    print(head)
    print("-" * len(head))
    for r in rows:
        print("  ".join(f"{show(r):>{width}}" for _, width, show in COLUMNS))
    print(f"\ngoal: p95 ≤ {GOAL:.2f} s (1/40 of the {POLL_INTERVAL:.0f} s poll); p95/goal ≤ 1.00x meets it")
    for r in rows:
        if r["refused"] or r["duplicates"] or r["connected"] != r["n"]:
            print(f"  {r['n']} clients, {r['processes']} process(es): {r['connected']} connected,", end=" ")
            print(f"{r['refused']} refused, {r['duplicates']} duplicates")


def main() -> None:
    sys.path.insert(0, str(HERE))
    from benchkit import start_django

    raise_file_limit()
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,500,1000").split(",")]
    events = int(os.environ.get("BENCH_EVENTS", "20"))
    ports = [int(p) for p in os.environ.get("BENCH_PORTS", "8104,8114").split(",")]
    started = time.perf_counter()
    load = os.getloadavg()
    dbname = start_django("wt_wsbench_rt")  # DATABASE_URL now names the bench database: daphne inherits it
    workspace, manager, crew = prepare(max(sizes))
    cookies = sign_in(crew)
    print(f"{len(crew)} crew signed in; {time.perf_counter() - started:.0f} s of preparing")
    rows = []
    for procs in [int(p) for p in os.environ.get("BENCH_PROCESSES", "1,2").split(",")]:
        for n in sizes:
            rows.append(run_one(n, ports[:procs], workspace, manager, crew, cookies, events, dbname))
            print("  " + "  ".join(f"{name}: {show(rows[-1])}" for name, _, show in COLUMNS), flush=True)
    report(rows, load, os.getloadavg(), time.perf_counter() - started)


if __name__ == "__main__":
    if sys.argv[1:] == ["--client"]:
        raise_file_limit()
        asyncio.run(_client(json.loads(sys.stdin.readline())))
    else:
        main()
