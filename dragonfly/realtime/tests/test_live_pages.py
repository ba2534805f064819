"""The pages made live for issue 15 (boards, calendar, crew calls, assets, budgets, activity feeds) and
the door counts of issue 22: each hears the change it shows, and only those who may see it do."""

import datetime

import pytest
from channels.db import database_sync_to_async

from dragonfly.tenancy.roles import Role

from .test_sockets import connect, events_of, run, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


def pushed(messages):
    return [(m["model"], m["event"]) for m in messages if m["type"] == "event"]


def test_a_task_added_reaches_the_productions_task_list_and_the_workspace_board_not_another_org(tenant_a, tenant_b):
    from productions import services
    from productions.tests.helpers import make_production

    production = make_production(tenant_a)
    manager, crew = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.PASSENGER)
    outsider = tenant_b.user(Role.PHANTOM)
    topic = f"productions.production:{production.pk}"

    async def scenario():
        crew_socket, _, _ = await connect(crew)
        board, _, _ = await connect(manager)
        foreign, _, _ = await connect(outsider)
        assert (await subscribe(crew_socket, topic))["topics"] == [topic]
        await subscribe(board, "productions.production")
        assert (await subscribe(foreign, topic, "productions.production"))["topics"] == ["productions.production"]
        task = await database_sync_to_async(services.create_task)(production, actor=manager, title="Rig the truss")
        got = await events_of(crew_socket, expect=True)
        assert ("productions.task", "task.created") in pushed(got)
        assert [m["id"] for m in got if m["model"] == "productions.task"] == [task.pk]
        assert all(m["actor"] and not m["mine"] for m in got)
        await database_sync_to_async(services.move_production)(production, actor=manager, to_status="planning")
        assert ("productions.production", "production.moved") in pushed(await events_of(board, expect=True))
        assert await events_of(foreign) == []  # nothing of another organization, on any topic
        for socket in (crew_socket, board, foreign):
            await socket.disconnect()

    run(scenario)


def test_a_task_moved_is_pushed_once_by_its_event(tenant_a):
    """The move publishes its event and writes an activity entry: the page hears it once, with the event's data."""
    from productions import services
    from productions.tests.helpers import make_production

    production = make_production(tenant_a)
    manager = tenant_a.user(Role.GLADIATOR)
    task = services.create_task(production, actor=manager, title="Rig the truss")

    async def scenario():
        socket, _, _ = await connect(manager)
        await subscribe(socket, f"productions.production:{production.pk}")
        await database_sync_to_async(services.move_task)(task, actor=manager, to_status="in_progress")
        got = [m for m in await events_of(socket, expect=True) if m.get("model") == "productions.task"]
        assert len(got) == 1 and got[0]["data"]["to"] == "in_progress" and got[0]["mine"] is True
        await socket.disconnect()

    run(scenario)


def test_the_calendar_and_an_events_crew_calls_hear_a_new_event_and_a_new_call(tenant_a, tenant_b):
    from events.services import add_crew_call, create_event
    from productions.tests.helpers import make_event

    show = make_event(tenant_a, "Aurora Berlin")
    manager, crew = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.NAVIGATOR)
    outsider = tenant_b.user(Role.PHANTOM)

    async def scenario():
        calendar, _, _ = await connect(crew)
        page, _, _ = await connect(crew)
        foreign, _, _ = await connect(outsider)
        await subscribe(calendar, "events.event")
        await subscribe(page, f"events.event:{show.pk}")
        await subscribe(foreign, "events.event")
        await database_sync_to_async(add_crew_call)(show, actor=manager, user=crew, role_title="Rigger")
        assert ("events.event", "event.crew_added") in pushed(await events_of(page, expect=True))
        await events_of(calendar)
        start = show.starts_at + datetime.timedelta(days=2)
        await database_sync_to_async(create_event)(
            actor=manager,
            workspace=tenant_a.workspace,
            title="Aurora Hamburg",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
        )
        assert any(m["model"] == "events.event" for m in await events_of(calendar, expect=True))
        assert await events_of(foreign) == []
        for socket in (calendar, page, foreign):
            await socket.disconnect()

    run(scenario)


def test_the_availability_view_hears_a_reservation(tenant_a, tenant_b):
    from assets.services import reserve
    from assets.tests.helpers import make_asset

    asset = make_asset(tenant_a.workspace)
    manager = tenant_a.user(Role.GLADIATOR)
    outsider = tenant_b.user(Role.PHANTOM)
    start = datetime.date.today() + datetime.timedelta(days=3)

    async def scenario():
        mine, _, _ = await connect(manager)
        foreign, _, _ = await connect(outsider)
        for socket in (mine, foreign):
            await subscribe(socket, "assets.reservation", "assets.asset")
        reservation = await database_sync_to_async(reserve)(
            actor=manager, asset=asset, start_date=start, end_date=start
        )
        got = await events_of(mine, expect=True)
        assert ("assets.reservation", reservation.pk) in [(m["model"], m["id"]) for m in got]
        assert await events_of(foreign) == []
        for socket in (mine, foreign):
            await socket.disconnect()

    run(scenario)


def test_a_budget_page_hears_an_approved_expense_and_crew_hear_nothing_of_it(tenant_a, tenant_b):
    from finance import services
    from finance.tests.helpers import make_budget, make_production

    production = make_production(tenant_a)
    budget = make_budget(tenant_a, production=production, plan={"Travel": "500"})
    gladiator, aviator = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.AVIATOR)
    crew = tenant_a.user(Role.PASSENGER)
    outsider = tenant_b.user(Role.PHANTOM)
    expense = services.create_expense(
        actor=gladiator,
        workspace=tenant_a.workspace,
        spent_by=gladiator,
        spent_on=datetime.date.today(),
        description="Taxi to the venue",
        amount_net="42.10",
        category="Travel",
        production=production,
    )
    topic = f"finance.budget:{budget.pk}"

    async def scenario():
        ops, _, _ = await connect(gladiator)
        crew_socket, _, _ = await connect(crew)
        foreign, _, _ = await connect(outsider)
        assert (await subscribe(ops, topic))["topics"] == [topic]
        # Crew may not open the budget: its topic is refused; following the production and the
        # workspace's budgets, they still hear nothing of the money.
        answer = await subscribe(crew_socket, topic, f"productions.production:{production.pk}", "finance.budget")
        assert answer["refused"] == [topic]
        assert (await subscribe(foreign, topic))["refused"] == [topic]
        await database_sync_to_async(services.approve_expense)(expense, actor=aviator)
        got = await events_of(ops, expect=True)
        assert ("finance.budget", "budget.spending_changed") in pushed(got)
        assert await events_of(crew_socket) == []
        assert await events_of(foreign) == []
        for socket in (ops, crew_socket, foreign):
            await socket.disconnect()

    run(scenario)


def test_the_workspace_activity_feed_hears_every_change_it_may_show(tenant_a, tenant_b):
    from productions import services
    from productions.tests.helpers import make_production

    production = make_production(tenant_a)
    manager = tenant_a.user(Role.GLADIATOR)
    outsider = tenant_b.user(Role.PHANTOM)

    async def scenario():
        feed, _, _ = await connect(manager)
        foreign, _, _ = await connect(outsider)
        assert (await subscribe(feed, "activity.activityentry"))["topics"] == ["activity.activityentry"]
        await subscribe(foreign, "activity.activityentry")
        await database_sync_to_async(services.create_task)(production, actor=manager, title="Book the crew bus")
        got = await events_of(feed, expect=True)
        assert [m["data"]["verb"] for m in got if m["event"] == "activity.recorded"] == ["task.created"]
        assert await events_of(foreign) == []
        await feed.disconnect()
        await foreign.disconnect()

    run(scenario)


def test_a_check_in_at_one_door_updates_every_other_door_of_the_event(tenant_a, tenant_b):
    from guests import door
    from guests.tests.helpers import approved_guest, make_allotment, make_show

    event, _zones = make_show(tenant_a)
    guest = approved_guest(tenant_a, make_allotment(tenant_a, event), "Jo Fan", plus_ones=1)
    steward, other_door = tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.GLADIATOR)
    outsider = tenant_b.user(Role.PHANTOM)
    topic = f"events.event:{event.pk}"

    async def scenario():
        doors = [(await connect(user))[0] for user in (steward, other_door)]
        for socket in doors:
            assert (await subscribe(socket, topic))["topics"] == [topic]
        foreign, _, _ = await connect(outsider)
        assert (await subscribe(foreign, topic, "events.event"))["refused"] == [topic]
        await database_sync_to_async(door.check_in)(guest, actor=steward, plus_ones=1)
        for socket in doors:
            got = await events_of(socket, expect=True)
            assert pushed(got) == [("events.event", "guest.checked_in")]
            assert got[0]["data"] == {"first": True}  # nothing of the guest rides along
        assert await events_of(foreign) == []
        for socket in (*doors, foreign):
            await socket.disconnect()

    run(scenario)
