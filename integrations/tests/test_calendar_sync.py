"""Two-way calendar sync against a real Radicale server: connect and test, push of a user's events
and crew calls (read back through `caldav`), remote edits pulled or refused, conflicts settled by
LAST-MODIFIED with the loser in the activity log, removals, and who may touch whose sync."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from events.services import remove_crew_call, update_event
from integrations.calendar import services
from integrations.calendar.sync import uid_for
from integrations.calendar.tasks import sync_all_calendars, sync_calendar
from integrations.models import CalendarItem, CalendarSync
from productions.models import TeamMember
from productions.tests.helpers import book, make_event, make_production

from .radicale_server import PASSWORD, USER

pytestmark = pytest.mark.django_db
SOON = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)


@pytest.fixture
def connect(radicale, committed):
    """Connect `user`'s calendar through the page; the test and first sync run (in-process)."""

    def run(client, user, url=None, password=PASSWORD, organization=None):
        client.force_login(user)
        url = url or radicale.new_calendar()
        body = {"calendar_url": url, "username": USER, "password": password}
        if organization is not None:
            body["organization"] = organization.pk
        response = committed(client.post, reverse("integrations:calendar_sync"), body)
        assert response.status_code == 302, response.content
        return CalendarSync.objects.get(user=user)

    return run


def remote(radicale, sync):
    """UID → VEVENT of what the calendar holds, read through the caldav client."""
    found = {}
    for obj in radicale.calendar(sync.calendar_url).events():
        vevent = Calendar.from_ical(obj.data).walk("VEVENT")[0]
        found[str(vevent["uid"])] = vevent
    return found


def edit_remote(radicale, sync, uid, *, modified, **changes):
    """Another calendar app edits one entry: new values and a LAST-MODIFIED."""
    obj = radicale.calendar(sync.calendar_url).event_by_uid(uid)
    calendar = Calendar.from_ical(obj.data)
    vevent = calendar.walk("VEVENT")[0]
    for name, value in {**changes, "last-modified": modified}.items():
        vevent.pop(name, None)
        vevent.add(name, value)
    obj.data = calendar.to_ical().decode()
    obj.save()


def run_sync(sync):
    return sync_calendar.apply(args=[sync.pk]).result


def conflicts(event):
    return list(ActivityEntry.objects.filter(object_id=str(event.pk), verb="calendar.sync_conflict"))


def test_connecting_tests_the_calendar_and_pushes_my_events_and_calls_only(
    tenant_a, tenant_b, client, connect, radicale
):
    raider = tenant_a.user(Role.RAIDER)
    show = make_event(tenant_a, "Aurora Berlin", start=SOON, description="Bring ear plugs")
    call = book(show, raider, call_time=SOON - datetime.timedelta(hours=2), role_title="Runner")
    production = make_production(tenant_a)
    TeamMember.objects.create(production=production, user=raider)
    meeting = make_event(tenant_a, "Team meeting", start=SOON + datetime.timedelta(days=1), production=production)
    make_event(tenant_a, "Not mine", start=SOON)
    book(make_event(tenant_b, "Other org show", start=SOON), raider)  # an org they are not in

    sync = connect(client, raider)
    assert sync.is_connected and sync.last_error == "" and sync.last_checked_at and sync.last_sync_at
    assert PASSWORD not in sync.secrets and services.credentials(sync).password == PASSWORD
    found = remote(radicale, sync)
    assert set(found) == {uid_for("event", show.pk), uid_for("event", meeting.pk), uid_for("crewcall", call.pk)}
    vevent = found[uid_for("event", show.pk)]
    assert str(vevent["summary"]) == "Aurora Berlin" and vevent.decoded("dtstart") == show.starts_at
    assert str(vevent["description"]) == "Bring ear plugs"
    called = found[uid_for("crewcall", call.pk)]
    assert called.decoded("dtstart") == call.call_time and "Runner" in str(called["description"])
    page = client.get(reverse("integrations:calendar_sync"))
    assert page.status_code == 200 and sync.calendar_url in page.content.decode()
    assert PASSWORD not in page.content.decode()
    # Nothing changed on either side: a second cycle writes nothing.
    etags = dict(CalendarItem.objects.values_list("uid", "etag"))
    assert run_sync(sync) == {"pushed": 0, "pulled": 0, "refused": 0, "deleted": 0}
    assert dict(CalendarItem.objects.values_list("uid", "etag")) == etags


def test_a_newer_remote_edit_is_applied_when_the_user_may_edit_the_event(tenant_a, client, connect, radicale):
    gladiator = tenant_a.user(Role.GLADIATOR)
    show = make_event(tenant_a, "Aurora Berlin", start=SOON)
    call = book(show, gladiator)
    sync = connect(client, gladiator)
    later = show.starts_at + datetime.timedelta(hours=1)
    edit_remote(
        radicale,
        sync,
        uid_for("event", show.pk),
        modified=timezone.now() + datetime.timedelta(minutes=1),
        summary="Aurora Berlin (late)",
        dtstart=later,
        dtend=later + datetime.timedelta(hours=3),
    )
    assert run_sync(sync)["pulled"] == 1
    show.refresh_from_db()
    call.refresh_from_db()
    assert show.title == "Aurora Berlin (late)" and show.starts_at == later
    assert call.call_time == later  # moved with its event, and re-pushed in the same cycle
    assert remote(radicale, sync)[uid_for("crewcall", call.pk)].decoded("dtstart") == later
    assert ActivityEntry.objects.filter(object_id=str(show.pk), verb="event.edited", actor=gladiator).exists()
    assert conflicts(show) == []


def test_a_crew_members_edit_of_their_call_is_refused_rewritten_and_logged(tenant_a, client, connect, radicale):
    raider = tenant_a.user(Role.RAIDER)
    show = make_event(tenant_a, "Aurora Berlin", start=SOON)
    call = book(show, raider, call_time=SOON - datetime.timedelta(hours=1))
    sync = connect(client, raider)
    moved = call.call_time + datetime.timedelta(minutes=45)
    edit_remote(
        radicale,
        sync,
        uid_for("crewcall", call.pk),
        modified=timezone.now() + datetime.timedelta(minutes=1),
        dtstart=moved,
    )
    assert run_sync(sync)["refused"] == 1
    call.refresh_from_db()
    assert call.call_time == SOON - datetime.timedelta(hours=1)
    assert remote(radicale, sync)[uid_for("crewcall", call.pk)].decoded("dtstart") == call.call_time
    [entry] = conflicts(show)
    assert entry.data["winner"] == "dragonfly" and entry.data["reason"] == "not_allowed"
    assert datetime.datetime.fromisoformat(entry.data["theirs"]["start"]) == moved


@pytest.mark.parametrize("remote_is_newer", [True, False])
def test_both_sides_changed_the_newer_wins_and_the_loser_is_logged(
    tenant_a, client, connect, radicale, remote_is_newer
):
    gladiator = tenant_a.user(Role.GLADIATOR)
    show = make_event(tenant_a, "Aurora Berlin", start=SOON)
    book(show, gladiator)
    sync = connect(client, gladiator)
    update_event(show, actor=gladiator, title="Ours")
    show.refresh_from_db()
    modified = show.updated_at + datetime.timedelta(minutes=5 if remote_is_newer else -5)
    edit_remote(radicale, sync, uid_for("event", show.pk), modified=modified, summary="Theirs")
    run_sync(sync)
    show.refresh_from_db()
    winner, loser = ("Theirs", "Ours") if remote_is_newer else ("Ours", "Theirs")
    assert show.title == winner
    assert str(remote(radicale, sync)[uid_for("event", show.pk)]["summary"]) == winner
    [entry] = conflicts(show)
    assert entry.data["winner"] == ("calendar" if remote_is_newer else "dragonfly")
    assert entry.data["ours"]["summary"] == "Ours" and entry.data["theirs"]["summary"] == "Theirs"
    assert loser in (entry.data["ours"]["summary"], entry.data["theirs"]["summary"])


def test_what_i_no_longer_work_on_is_deleted_from_the_calendar(tenant_a, client, connect, radicale):
    raider, manager = tenant_a.user(Role.RAIDER), tenant_a.user(Role.GLADIATOR)
    show = make_event(tenant_a, "Aurora Berlin", start=SOON)
    call = book(show, raider)
    kept = make_event(tenant_a, "Load-in", start=SOON)
    book(kept, raider)
    sync = connect(client, raider)
    assert uid_for("event", show.pk) in remote(radicale, sync)
    remove_crew_call(call, actor=manager)
    assert run_sync(sync)["deleted"] == 2
    found = remote(radicale, sync)
    assert uid_for("event", show.pk) not in found and uid_for("crewcall", call.pk) not in found
    assert uid_for("event", kept.pk) in found
    assert not CalendarItem.objects.filter(event=show).exists()


def test_beat_syncs_every_connected_calendar(tenant_a, client, connect, radicale):
    raider = tenant_a.user(Role.RAIDER)
    sync = connect(client, raider)
    show = make_event(tenant_a, "Added later", start=SOON)
    book(show, raider)
    sync_all_calendars.apply()
    assert uid_for("event", show.pk) in remote(radicale, sync)


def test_wrong_credentials_or_address_are_kept_as_a_clear_error(tenant_a, client, connect, radicale):
    raider = tenant_a.user(Role.RAIDER)
    sync = connect(client, raider, password="wrong")
    assert "401" in sync.last_error and sync.last_success_at is None
    assert "401" in client.get(reverse("integrations:calendar_sync")).content.decode()
    sync = connect(client, raider, url=f"{radicale.base}/{USER}/no-such-calendar/")
    assert "404" in sync.last_error


def test_bad_input_is_refused_and_changes_nothing(tenant_a, client, radicale, settings):
    raider = tenant_a.user(Role.RAIDER)
    client.force_login(raider)
    url = reverse("integrations:calendar_sync")
    for address in ("ftp://calendar.example.com/", "https://me:pw@calendar.example.com/"):
        response = client.post(url, {"calendar_url": address, "username": "me", "password": "pw"})
        assert response.status_code == 400 and b"form-errors" in response.content or b"error" in response.content
    settings.CALDAV_ALLOW_PRIVATE_URLS = False
    response = client.post(url, {"calendar_url": radicale.new_calendar(), "username": "me", "password": "pw"})
    assert response.status_code == 400 and "private" in response.content.decode()
    assert not CalendarSync.objects.exists()


def test_only_the_owner_manages_a_sync(tenant_a, tenant_b, client, connect, committed):
    raider = tenant_a.user(Role.RAIDER)
    sync = connect(client, raider, organization=tenant_a.org)
    assert sync.organization == tenant_a.org
    for name in ("calendar_check", "calendar_sync_now", "calendar_disconnect"):
        action = reverse(f"integrations:{name}", args=[sync.pk])
        client.force_login(tenant_a.user(Role.PHANTOM))  # same organization, not theirs
        assert client.post(action).status_code == 403
        client.force_login(tenant_b.user(Role.PHANTOM))
        assert client.post(action).status_code == 404
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert sync.calendar_url not in client.get(reverse("integrations:calendar_sync")).content.decode()
    client.force_login(raider)
    response = committed(client.post, reverse("integrations:calendar_disconnect", args=[sync.pk]))
    assert response.status_code == 302
    sync.refresh_from_db()
    assert not sync.is_connected and sync.secrets == "" and not sync.items.exists()


def test_reconnecting_the_same_calendar_takes_over_its_entries(tenant_a, client, connect, radicale, committed):
    raider = tenant_a.user(Role.RAIDER)
    book(make_event(tenant_a, "Aurora Berlin", start=SOON), raider)
    sync = connect(client, raider)
    committed(services.disconnect, sync, actor=raider)
    again = connect(client, raider, url=sync.calendar_url)
    assert again.last_error == "" and again.items.count() == 2 and all(i.etag for i in again.items.all())
    assert len(remote(radicale, again)) == 2


def test_an_unreachable_server_is_an_error_not_a_stuck_page(tenant_a, client, connect):
    from .radicale_server import _free_port

    sync = connect(client, tenant_a.user(Role.RAIDER), url=f"http://127.0.0.1:{_free_port()}/{USER}/work/")
    assert "could not be reached" in sync.last_error and sync.last_success_at is None
