"""A page's socket: who may connect, what they may follow, and which events reach them."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from advancing import services as advancing
from advancing.tests.helpers import raider_advance
from dragonfly.asgi import application
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from finance.tests.helpers import make_budget, make_production

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://testserver")


def run(scenario):
    return async_to_sync(scenario)()


def cookie_for(user):
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def connect(user=None, *, origin=ORIGIN, path="/ws/live/", headers=()):
    hdrs = [h for h in [origin, *headers] if h]
    if user is not None:
        hdrs.append(await database_sync_to_async(cookie_for)(user))
    socket = WebsocketCommunicator(application, path, headers=hdrs)
    connected, code = await socket.connect(timeout=5)
    return socket, connected, code


async def subscribe(socket, *topics):
    await socket.send_json_to({"subscribe": list(topics)})
    answer = await socket.receive_json_from(timeout=5)
    assert answer["type"] == "subscribed"
    return answer


async def events_of(socket, wait=0.5, expect=False):
    """Everything the socket receives until `wait` seconds of quiet; with `expect`, the first message is
    waited for (up to 10 s: a loaded machine may take longer than the quiet window to deliver it)."""
    got = [await socket.receive_json_from(timeout=10)] if expect else []
    while not await socket.receive_nothing(timeout=wait):
        got.append(await socket.receive_json_from(timeout=5))
    return got


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


def test_anonymous_and_foreign_origin_sockets_are_refused(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)

    async def scenario():
        socket, connected, _ = await connect(None)
        assert not connected
        await socket.disconnect()
        socket, connected, _ = await connect(gladiator, origin=(b"origin", b"https://evil.example"))
        assert not connected
        await socket.disconnect()
        socket, connected, _ = await connect(gladiator)
        assert connected
        await socket.disconnect()

    run(scenario)


def test_an_api_client_connects_with_its_token_reads_only_its_scopes_and_a_bad_token_is_refused(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    key = make_api_token(gladiator, scopes=("read",))
    finance_only = make_api_token(gladiator, scopes=("finance:read",), name="finance script")

    async def scenario():
        auth = (b"authorization", f"Bearer {key}".encode())
        socket, connected, _ = await connect(origin=None, path="/ws/api/live/", headers=[auth])
        assert connected
        answer = await subscribe(socket, "advancing.advance")
        assert answer["topics"] == ["advancing.advance"]
        await socket.disconnect()
        narrow = (b"authorization", f"Bearer {finance_only}".encode())
        socket, connected, _ = await connect(origin=None, path="/ws/api/live/", headers=[narrow])
        assert connected  # its scopes allow finance only: advances are refused
        answer = await subscribe(socket, "advancing.advance")
        assert answer["topics"] == [] and answer["refused"] == ["advancing.advance"]
        await socket.disconnect()
        bad = (b"authorization", b"Token not-a-token")
        socket, connected, _ = await connect(origin=None, path="/ws/api/live/", headers=[bad])
        assert not connected
        await socket.disconnect()

    run(scenario)


def test_reviewers_hear_of_a_submission_and_of_another_reviewers_decision(tenant_a, tenant_b):
    reviewer = tenant_a.user(Role.NAVIGATOR)
    dana = tenant_a.user(Role.GLADIATOR)
    dana.first_name, dana.last_name = "Dana", "Scully"
    dana.save()
    outsider = tenant_b.user(Role.PHANTOM)

    async def scenario():
        mine, ok, _ = await connect(reviewer)
        theirs, ok_b, _ = await connect(outsider)
        assert ok and ok_b
        await subscribe(mine, "advancing.advance")
        await subscribe(theirs, "advancing.advance")
        advance = await database_sync_to_async(raider_advance)(tenant_a)
        got = await events_of(mine, expect=True)
        assert [e["event"] for e in got if e["type"] == "event"][-1] == "advance.submitted"
        assert all(e["id"] == advance.pk for e in got)

        await database_sync_to_async(advancing.approve_advance)(advance, actor=dana)
        got = await events_of(mine, expect=True)
        approved = [e for e in got if e.get("event") == "advance.approved"]
        assert approved and approved[0]["actor"] == "Dana Scully" and approved[0]["data"]["to"] == "approved"
        assert approved[0]["mine"] is False
        assert await events_of(theirs) == []  # another organization hears nothing of it
        await mine.disconnect()
        await theirs.disconnect()

    run(scenario)


def test_a_member_of_another_organization_may_not_follow_an_object_of_ours(tenant_a, tenant_b):
    advance = raider_advance(tenant_a)
    outsider = tenant_b.user(Role.PHANTOM)

    async def scenario():
        socket, ok, _ = await connect(outsider)
        answer = await subscribe(socket, f"advancing.advance:{advance.pk}", "auth.user:1", "nonsense", "x.y:1")
        assert answer["topics"] == []
        assert len(answer["refused"]) == 4
        await socket.disconnect()

    run(scenario)


def test_crew_following_a_production_receive_no_finance_events(tenant_a):
    from finance.services import save_line

    production = make_production(tenant_a)
    budget = make_budget(tenant_a, production=production)
    crew = tenant_a.user(Role.PASSENGER)  # reads the workspace; no finance
    ops = tenant_a.user(Role.GLADIATOR)

    async def scenario():
        crew_socket, ok, _ = await connect(crew)
        ops_socket, ok2, _ = await connect(ops)
        topic = f"productions.production:{production.pk}"
        assert (await subscribe(crew_socket, topic, "finance.budget"))["topics"] == [topic, "finance.budget"]
        assert (await subscribe(ops_socket, topic))["topics"] == [topic]
        await database_sync_to_async(save_line)(budget, actor=ops, category="Travel", planned_amount=100)
        ops_events = await events_of(ops_socket, expect=True)
        assert any(e.get("model") == "finance.budget" and e["id"] == budget.pk for e in ops_events)
        assert await events_of(crew_socket) == []
        await crew_socket.disconnect()
        await ops_socket.disconnect()

    run(scenario)


def test_a_cue_called_go_reaches_every_open_run_of_show(tenant_a, tenant_b):
    from events.services import add_cue, call_cue
    from productions.tests.helpers import make_event

    event = make_event(tenant_a, "Aurora Berlin")
    manager = tenant_a.user(Role.GLADIATOR)
    cue = add_cue(event, actor=manager, item="Support", duration="30")
    call_cue(cue, actor=manager, to_status="standby")
    watchers = [tenant_a.user(Role.PASSENGER), tenant_a.user(Role.NAVIGATOR)]
    outsider = tenant_b.user(Role.PHANTOM)

    async def scenario():
        sockets = [(await connect(user))[0] for user in watchers]
        for socket in sockets:
            assert (await subscribe(socket, f"events.event:{event.pk}"))["topics"] == [f"events.event:{event.pk}"]
        foreign, _, _ = await connect(outsider)
        assert (await subscribe(foreign, f"events.event:{event.pk}"))["topics"] == []
        await database_sync_to_async(call_cue)(cue, actor=manager, to_status="go")
        for socket in sockets:
            got = await events_of(socket, expect=True)
            assert [(e["model"], e["id"], e["data"]["to"]) for e in got] == [("events.cue", cue.pk, "go")]
            await socket.disconnect()
        assert await events_of(foreign) == []
        await foreign.disconnect()

    run(scenario)


def test_a_cue_called_to_many_open_pages_is_checked_once_for_all_yet_each_crew_member_is_judged(tenant_a, monkeypatch):
    """The access check runs once per event for all the pages of a process (dragonfly/realtime/checks.py):
    eight pages cost the database what two do, and Django compiles no more queries for them (a query
    compiled per page was most of the server's time per event at 400 pages), and one who left the
    workspace since hears nothing."""
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.test.utils import CaptureQueriesContext

    from dragonfly.tenancy.models import Membership
    from dragonfly.testing.factories import make_member
    from events.services import add_cue, call_cue
    from productions.tests.helpers import make_event

    event = make_event(tenant_a, "Aurora Berlin")
    manager = tenant_a.user(Role.GLADIATOR)
    cues = [add_cue(event, actor=manager, item=f"Cue {i}", duration="30") for i in range(4)]
    for cue in cues:
        call_cue(cue, actor=manager, to_status="standby")
    topic = f"events.event:{event.pk}"
    crew = [make_member(Role.PASSENGER, tenant_a.org, tenant_a.workspace) for _ in range(8)]

    compiled = [0]
    as_sql = SQLCompiler.as_sql

    def counting_as_sql(self, *args, **kwargs):
        compiled[0] += 1
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting_as_sql)

    async def go(cue, hearing, deaf=()):
        """What each socket hears of the cue's go (`deaf` ones asked last, once the others have theirs),
        and the queries and compilations of the call and its delivery."""
        queries = CaptureQueriesContext(connection)
        await database_sync_to_async(queries.__enter__)()
        compiled[0] = 0
        await database_sync_to_async(call_cue)(cue, actor=manager, to_status="go")
        heard = [await events_of(socket, expect=True) for socket in hearing]
        heard += [await events_of(socket) for socket in deaf]
        await database_sync_to_async(queries.__exit__)(None, None, None)
        counted = await database_sync_to_async(len)(queries)  # the log is the database thread's connection's
        return [[(e["model"], e["id"]) for e in got] for got in heard], (counted, compiled[0])

    async def scenario():
        sockets = [(await connect(user))[0] for user in crew]
        for socket in sockets[:2]:
            await subscribe(socket, topic)
        await go(cues[0], sockets[:2])  # the first delivery fills the process's caches
        heard, with_two = await go(cues[1], sockets[:2])
        assert heard == [[("events.cue", cues[1].pk)]] * 2
        for socket in sockets[2:]:
            await subscribe(socket, topic)
        heard, with_eight = await go(cues[2], sockets)
        assert heard == [[("events.cue", cues[2].pk)]] * 8
        assert with_eight == with_two  # (queries, compilations)
        await database_sync_to_async(Membership.objects.filter(user=crew[0]).delete)()
        heard, _ = await go(cues[3], sockets[1:], deaf=sockets[:1])
        assert heard == [[("events.cue", cues[3].pk)]] * 7 + [[]]
        for socket in sockets:
            await socket.disconnect()

    run(scenario)


def test_raiders_asked_together_each_hear_only_their_own_task(tenant_a):
    """The pages' questions about one event are answered together (checks.py), yet a Raider's view of
    tasks is narrowed to their own (Task.role_scope): of two Raiders and a Passenger on the task board,
    a move reaches the Passenger and the Raider it is assigned to, never the other Raider."""
    from dragonfly.testing.factories import make_member
    from productions import services
    from productions.tests.helpers import make_production

    production = make_production(tenant_a)
    manager, crew = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.PASSENGER)
    raiders = [make_member(Role.RAIDER, tenant_a.org, tenant_a.workspace) for _ in range(2)]
    tasks = [
        services.create_task(production, actor=manager, title=f"Task of {r.username}", assignee=r) for r in raiders
    ]

    def tasks_in(messages):
        return [m["id"] for m in messages if m.get("model") == "productions.task"]

    async def scenario():
        sockets = [(await connect(user))[0] for user in (crew, *raiders)]
        for socket in sockets:
            assert (await subscribe(socket, "productions.task"))["topics"] == ["productions.task"]
        for mine, task in enumerate(tasks, start=1):
            await database_sync_to_async(services.move_task)(task, actor=manager, to_status="in_progress")
            for socket in (sockets[0], sockets[mine]):
                assert tasks_in(await events_of(socket, expect=True)) == [task.pk]
            assert tasks_in(await events_of(sockets[3 - mine])) == []  # the other Raider's
        for socket in sockets:
            await socket.disconnect()

    run(scenario)


def test_the_bell_hears_of_a_new_notification_for_its_user_only(tenant_a):
    from dragonfly.notifications.services import notify

    reviewer = tenant_a.user(Role.NAVIGATOR)
    other = tenant_a.user(Role.GLADIATOR)

    async def scenario():
        mine, _, _ = await connect(reviewer)
        theirs, _, _ = await connect(other)
        await subscribe(mine, "notifications")
        await subscribe(theirs, "notifications")
        await database_sync_to_async(notify)(
            [reviewer], kind="advance.submitted", title="Advance #1 submitted", dedupe_key="t:1"
        )
        got = await events_of(mine, expect=True)
        assert got and got[0]["type"] == "notification" and got[0]["unread"] == 1
        assert got[0]["title"] == "Advance #1 submitted"
        assert await events_of(theirs) == []
        await mine.disconnect()
        await theirs.disconnect()

    run(scenario)


def test_a_client_sending_too_much_is_closed_and_one_not_reading_is_dropped(tenant_a, settings):
    settings.REALTIME_SEND_QUEUE = 2
    reviewer = tenant_a.user(Role.GLADIATOR)

    async def scenario():
        socket, _, _ = await connect(reviewer)
        await socket.send_to(text_data=json.dumps({"subscribe": ["x" * 5000]}))
        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4009}
        await socket.disconnect()

    run(scenario)


def test_reviewers_on_one_advance_see_each_other_and_a_closed_tab_leaves(tenant_a, tenant_b):
    advance = raider_advance(tenant_a)
    dana = tenant_a.user(Role.GLADIATOR)
    dana.first_name, dana.last_name = "Dana", "Scully"
    dana.save()
    bo = tenant_a.user(Role.AVIATOR)
    outsider = tenant_b.user(Role.PHANTOM)
    topic = f"advancing.advance:{advance.pk}"

    async def scenario():
        dana_socket, _, _ = await connect(dana)
        bo_socket, _, _ = await connect(bo)
        for socket in (dana_socket, bo_socket):
            await subscribe(socket, topic)
        await dana_socket.send_json_to({"presence": topic})
        got = await events_of(bo_socket, expect=True)
        # Dana may review this submitted advance: the others read that she is reviewing it.
        dana_there = {"id": dana.pk, "name": "Dana Scully", "doing": "reviewing"}
        assert got[-1] == {"type": "presence", "topic": topic, "people": [dana_there]}
        assert (await events_of(dana_socket, expect=True))[-1]["people"] == []  # she is not listed to herself

        await bo_socket.send_json_to({"presence": topic})
        assert [p["id"] for p in (await events_of(dana_socket, expect=True))[-1]["people"]] == [bo.pk]
        await bo_socket.disconnect()  # Bo closes the tab
        assert (await events_of(dana_socket, expect=True))[-1] == {"type": "presence", "topic": topic, "people": []}

        foreign, _, _ = await connect(outsider)
        await foreign.send_json_to({"presence": topic})  # not followed (and not followable): refused
        assert (await foreign.receive_json_from(timeout=5))["type"] == "error"
        assert await events_of(dana_socket) == []
        await foreign.disconnect()
        await dana_socket.disconnect()

    run(scenario)


def test_a_viewer_whose_connection_vanished_is_gone_within_30_seconds(monkeypatch):
    import uuid

    from dragonfly.realtime import presence

    topic = f"advancing.advance:{uuid.uuid4().hex}"  # its own key: other tests' viewers live in real time
    clock = {"now": 1000.0}
    monkeypatch.setattr(presence.time, "time", lambda: clock["now"])
    presence.touch(topic, "chan-a", 1, "Dana")
    assert [p["name"] for p in presence.touch(topic, "chan-b", 2, "Bo")] == ["Dana", "Bo"]
    # Dana's connection drops without a close: Bo's heartbeats go on, Dana's stop.
    for _ in range(3):
        clock["now"] += presence.HEARTBEAT
        listed = [p["name"] for p in presence.touch(topic, "chan-b", 2, "Bo")]
    assert listed == ["Bo"]
    assert presence.TTL + presence.HEARTBEAT < 30


def test_a_client_that_reads_nothing_is_dropped_rather_than_queued_for(tenant_a, settings, monkeypatch):
    import asyncio

    from dragonfly.realtime.consumers import LiveConsumer

    settings.REALTIME_SEND_QUEUE = 2
    reviewer = tenant_a.user(Role.GLADIATOR)

    async def never_drains(self, text_data=None, bytes_data=None, close=False):
        await asyncio.sleep(3600)  # the client's socket buffer is full: nothing more goes out

    monkeypatch.setattr(LiveConsumer, "send", never_drains)

    async def scenario():
        socket, connected, _ = await connect(reviewer)
        assert connected
        for _ in range(4):  # one is being written, two wait, the fourth has no room
            await socket.send_json_to({"type": "ping"})
        assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4008}
        await socket.disconnect()

    run(scenario)


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis channel layer's blocking read")
def test_a_socket_left_quiet_longer_than_redis_read_timeout_still_hears_the_next_notification(tenant_a):
    """redis-py 8 gives every read a 5 s timeout by default, and the layer waits on a 5 s blocking pop:
    an idle page's socket was torn down every few seconds (the browser reconnects and misses pushes)."""
    import asyncio

    from dragonfly.notifications.services import notify

    reviewer = tenant_a.user(Role.NAVIGATOR)

    async def scenario():
        socket, _, _ = await connect(reviewer)
        await subscribe(socket, "notifications")
        await asyncio.sleep(7)  # nothing to say for longer than the read timeout
        await database_sync_to_async(notify)([reviewer], kind="advance.submitted", title="Quiet #1", dedupe_key="q:1")
        got = await events_of(socket, expect=True)
        assert got[0]["type"] == "notification" and got[0]["title"] == "Quiet #1"
        await socket.disconnect()

    run(scenario)


def test_only_those_who_may_review_an_advance_in_review_are_shown_reviewing_it(tenant_a):
    advance = raider_advance(tenant_a)
    submitter, dana = tenant_a.user(Role.RAIDER), tenant_a.user(Role.GLADIATOR)
    topic = f"advancing.advance:{advance.pk}"

    async def scenario():
        crew_socket, _, _ = await connect(submitter)
        dana_socket, _, _ = await connect(dana)
        for socket in (crew_socket, dana_socket):
            await subscribe(socket, topic)
        await crew_socket.send_json_to({"presence": topic})
        seen_by_dana = (await events_of(dana_socket, expect=True))[-1]["people"]
        assert [(p["id"], p["doing"]) for p in seen_by_dana] == [(submitter.pk, "")]  # looking, not reviewing
        await dana_socket.send_json_to({"presence": topic})
        seen_by_crew = [m for m in await events_of(crew_socket, expect=True) if m["type"] == "presence"]
        assert [(p["id"], p["doing"]) for p in seen_by_crew[-1]["people"]] == [(dana.pk, "reviewing")]
        await events_of(dana_socket)

        await database_sync_to_async(advancing.approve_advance)(advance, actor=dana, note="")
        await events_of(crew_socket, expect=True)
        assert any(m["type"] == "event" for m in await events_of(dana_socket, expect=True))
        await dana_socket.send_json_to({"presence": topic})  # her next heartbeat, after the decision
        seen_by_crew = [m for m in await events_of(crew_socket, expect=True) if m["type"] == "presence"]
        assert [(p["id"], p["doing"]) for p in seen_by_crew[-1]["people"]] == [(dana.pk, "")]
        await crew_socket.disconnect()
        await dana_socket.disconnect()

    run(scenario)


def test_viewers_whose_heartbeats_arrive_at_the_same_instant_are_all_listed():
    """Twenty-four tabs beat at once (in production: several web processes): none of them may drop
    another from the list until its next heartbeat."""
    import threading
    import uuid

    from dragonfly.realtime import presence

    topic = f"productions.production:{uuid.uuid4().hex}"  # its own key in the shared Redis
    start = threading.Barrier(24)

    def beat(n):
        start.wait()
        presence.touch(topic, f"chan-{n}", n, f"Viewer {n}")

    threads = [threading.Thread(target=beat, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p["id"] for p in presence.leave(topic, "chan-none")) == list(range(24))


def test_the_bell_stays_quiet_for_a_kind_turned_off_in_the_app(tenant_a):
    from dragonfly.accounts.models import profile_for
    from dragonfly.notifications.services import notify

    reviewer = tenant_a.user(Role.NAVIGATOR)
    profile = profile_for(reviewer)
    profile.inapp_muted_kinds = ["advance.submitted"]
    profile.save()

    async def scenario():
        socket, _, _ = await connect(reviewer)
        await subscribe(socket, "notifications")
        await database_sync_to_async(notify)(
            [reviewer], kind="advance.submitted", title="Advance #1 submitted", dedupe_key="t:1"
        )
        await database_sync_to_async(notify)([reviewer], kind="broadcast", title="Doors at 19:00", dedupe_key="b:1")
        got = await events_of(socket, expect=True)
        assert [(e["type"], e["title"], e["unread"]) for e in got] == [("notification", "Doors at 19:00", 1)]
        await socket.disconnect()

    run(scenario)
