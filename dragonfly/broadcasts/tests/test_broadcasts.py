"""An ops user tells a crew something now: who it reaches, who may send, and what is kept."""

import pytest
from channels.db import database_sync_to_async

from dragonfly.activity.models import ActivityEntry
from dragonfly.broadcasts.models import Broadcast
from dragonfly.notifications.models import Notification
from dragonfly.realtime.tests.test_sockets import connect, events_of, run, subscribe
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import book, make_event

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.filter(recipient=user, kind="broadcast").values_list("body", flat=True))


def test_a_gladiator_tells_one_events_crew_and_only_them(tenant_a, tenant_b, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    raider, deviator, navigator = (tenant_a.user(r) for r in (Role.RAIDER, Role.DEVIATOR, Role.NAVIGATOR))
    show = make_event(tenant_a, "Aurora Berlin")
    other_show = make_event(tenant_a, "Aurora Hamburg")
    book(show, raider)
    book(show, deviator)
    book(other_show, navigator)

    page = login(gladiator).get("/broadcasts/", {"to": f"events.event:{show.pk}"})
    assert page.status_code == 200
    assert f'value="events.event:{show.pk}" selected' in page.content.decode()

    sent = login(gladiator).post("/broadcasts/", {"to": f"events.event:{show.pk}", "message": "Doors delayed 15 min"})
    assert sent.status_code == 302
    assert told(raider) == told(deviator) == ["Doors delayed 15 min"]
    assert told(navigator) == told(gladiator) == []  # another event's crew; the sender
    assert all(told(u) == [] for u in tenant_b.users.values())
    note = Notification.objects.get(recipient=raider, kind="broadcast")
    assert note.url == f"/events/event/{show.pk}/" and "Aurora Berlin" in note.title

    broadcast = Broadcast.objects.get()
    assert (broadcast.target_name, broadcast.recipient_count, broadcast.sender) == ("Aurora Berlin", 2, gladiator)
    entry = ActivityEntry.objects.get(verb="broadcast.sent")  # the audit, on the event
    assert (entry.object_id, entry.actor, entry.note) == (str(show.pk), gladiator, "Doors delayed 15 min")
    history = login(gladiator).get("/broadcasts/").content.decode()
    assert "Doors delayed 15 min" in history


def test_a_workspace_broadcast_reaches_every_member_but_not_the_other_workspace(tenant_a, tenant_b, login):
    from dragonfly.testing.factories import make_member

    gladiator = tenant_a.user(Role.GLADIATOR)
    elsewhere = make_member(Role.RAIDER, tenant_a.org, tenant_a.other_workspace)
    login(gladiator).post("/broadcasts/", {"to": "workspace", "message": "  Catering   closes at 22:00 \n"})
    for role, user in tenant_a.users.items():
        assert told(user) == ([] if user == gladiator else ["Catering closes at 22:00"]), role
    assert told(elsewhere) == []
    assert all(told(u) == [] for u in tenant_b.users.values())


def test_a_crew_of_thirty_costs_the_database_what_a_crew_of_three_does(tenant_a):
    """The notifications and their email intents are written in bulk, not one row and savepoint each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dragonfly.broadcasts.services import send_broadcast
    from dragonfly.testing.factories import make_member

    gladiator = tenant_a.user(Role.GLADIATOR)
    small, big = make_event(tenant_a, "Small show"), make_event(tenant_a, "Big show")
    for i in range(30):
        crew = make_member(Role.RAIDER, tenant_a.org, tenant_a.workspace, email=f"crew{i}@acme.test")
        book(big, crew)
        if i < 3:
            book(small, crew)

    def cost(event):
        with CaptureQueriesContext(connection) as queries:
            sent = send_broadcast(
                tenant_a.workspace, actor=gladiator, message="Doors at 7", audience="events.event", target_id=event.pk
            )
        return sent.recipient_count, len(queries)

    cost(small)  # the first send also reads the sender's roles and the site's settings
    (three, small_cost), (thirty, big_cost) = cost(small), cost(big)
    assert (three, thirty) == (3, 30)
    assert big_cost == small_cost, (small_cost, big_cost)
    assert Notification.objects.filter(kind="broadcast").count() == 3 + 3 + 30


def test_crew_may_not_broadcast_and_bad_input_changes_nothing(tenant_a, tenant_b, login):
    gladiator, raider = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.RAIDER)
    theirs = make_event(tenant_b, "Bravo Secret Show")

    assert login(raider).get("/broadcasts/").status_code == 403
    assert login(raider).post("/broadcasts/", {"to": "workspace", "message": "hi"}).status_code == 403
    api = login(raider).post(
        "/api/broadcasts/",
        {"workspace": tenant_a.workspace.pk, "audience": "workspace", "message": "hi"},
        content_type="application/json",
    )
    assert api.status_code == 403 and api.json()

    client = login(gladiator)
    assert client.post("/broadcasts/", {"to": "workspace", "message": "   "}).status_code == 400
    too_long = client.post("/broadcasts/", {"to": "workspace", "message": "x" * 501})
    assert too_long.status_code == 400
    foreign = client.post("/broadcasts/", {"to": f"events.event:{theirs.pk}", "message": "hi"})
    assert foreign.status_code == 400  # not a choice: another organization's event is never offered
    api = client.post(
        "/api/broadcasts/",
        {"workspace": tenant_a.workspace.pk, "audience": "events.event", "target": theirs.pk, "message": "hi"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "not one you can message" in str(api.json())
    assert not Broadcast.objects.exists() and not Notification.objects.filter(kind="broadcast").exists()


def test_the_api_sends_with_the_same_rules_and_another_organization_sees_nothing(tenant_a, tenant_b, login):
    gladiator, raider = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.RAIDER)
    show = make_event(tenant_a, "Aurora Berlin")
    book(show, raider)
    answer = login(gladiator).post(
        "/api/broadcasts/",
        {
            "workspace": tenant_a.workspace.pk,
            "audience": "events.event",
            "target": show.pk,
            "message": "Soundcheck at 4",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["recipient_count"] == 1 and told(raider) == ["Soundcheck at 4"]
    pk = answer.json()["id"]

    outsider = tenant_b.user(Role.PHANTOM)
    assert login(outsider).get(f"/api/broadcasts/{pk}/").status_code == 404
    assert login(outsider).get("/api/broadcasts/").json()["results"] == []
    assert "Soundcheck" not in login(outsider).get("/broadcasts/").content.decode()
    assert login(gladiator).get("/api/broadcasts/").json()["results"][0]["message"] == "Soundcheck at 4"


@pytest.mark.django_db(transaction=True)
def test_a_crew_member_with_the_page_open_hears_it_at_once(tenant_a, settings):
    from dragonfly.broadcasts.services import send_broadcast

    settings.ALLOWED_HOSTS = ["testserver"]
    gladiator, raider = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.RAIDER)
    show = make_event(tenant_a, "Aurora Berlin")
    book(show, raider)

    async def scenario():
        socket, connected, _ = await connect(raider)
        assert connected
        await subscribe(socket, "notifications")
        await database_sync_to_async(send_broadcast)(
            tenant_a.workspace,
            actor=gladiator,
            message="Doors delayed 15 min",
            audience="events.event",
            target_id=show.pk,
        )
        got = await events_of(socket, expect=True)
        assert got[0]["type"] == "notification" and "Doors delayed 15 min" in got[0]["title"]
        await socket.disconnect()

    run(scenario)


def test_message_the_crew_on_a_production_page_opens_the_form_on_its_workspace(tenant_a, login):
    from productions.models import Production

    aviator = tenant_a.user(Role.AVIATOR)
    production = Production.objects.create(workspace=tenant_a.other_workspace, name="Aurora Tour")
    from dragonfly.tenancy.models import Membership

    Membership.objects.create(
        user=aviator, organization=tenant_a.org, workspace=tenant_a.other_workspace, role=Role.AVIATOR
    )
    client = login(aviator)
    link = f"/broadcasts/?to=productions.production:{production.pk}"
    assert link in client.get(f"/productions/{production.pk}/").content.decode()
    page = client.get(link).content.decode()
    assert f'value="productions.production:{production.pk}" selected' in page
    assert tenant_a.other_workspace.name in page
