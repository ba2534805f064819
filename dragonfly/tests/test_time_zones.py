"""One rule for times: event- and venue-bound times in the venue's zone (labelled), everything else in
the reader's zone (their preference, else their organization's). The demo story: Acme plans in
New York; Riley, on its crew, reads in Berlin; Dana, the manager, has no preference (New York).

The fixed instant 8 Jan 2027 13:00 UTC reads 08:00 EST in New York and 14:00 CET in Berlin."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat

from advancing import services as advancing
from advancing.tests.helpers import make_advance
from dragonfly.accounts.models import Profile
from dragonfly.activity.models import ActivityEntry
from dragonfly.activity.services import record_activity
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.access import forget_user_timezone, user_timezone, venue_timezone
from dragonfly.tenancy.roles import Role
from events.models import CrewCall, Event
from locations.models import Location
from people.models import TimeEntry
from people.tests.helpers import make_assignment, make_person, make_position, make_production

pytestmark = pytest.mark.django_db

NEW_YORK, BERLIN = zoneinfo.ZoneInfo("America/New_York"), zoneinfo.ZoneInfo("Europe/Berlin")
INSTANT = datetime.datetime(2027, 1, 8, 13, 0, tzinfo=datetime.UTC)


def prefer(user, name):
    Profile.objects.update_or_create(user=user, defaults={"timezone": name})
    forget_user_timezone(user)
    return user


def reads(moment, zone, fmt="H:i T"):
    return dateformat.format(moment.astimezone(zone), fmt)


@pytest.fixture
def acme(tenant_a):
    tenant_a.org.timezone = "America/New_York"
    tenant_a.org.save(update_fields=["timezone"])
    for role, user in tenant_a.users.items():
        user.email = f"{Role(role).label.lower()}@acme.test"
        user.save(update_fields=["email"])
    return tenant_a


@pytest.fixture
def riley(acme):
    """A crew member with a crew record, reading in Berlin."""
    user = prefer(acme.user(Role.RAIDER), "Europe/Berlin")
    return make_person(acme.workspace, "Riley", "Chen", user=user)


def test_the_reader_zone_is_the_preference_else_the_organizations(acme, riley):
    assert user_timezone(riley.user) == BERLIN
    assert user_timezone(acme.user(Role.GLADIATOR)) == NEW_YORK
    venue = Location.objects.create(workspace=acme.workspace, name="Hall", timezone="America/Chicago")
    assert str(venue_timezone(venue)) == "America/Chicago"
    assert venue_timezone(acme.workspace) == NEW_YORK  # nothing venue-bound: the organization's


def test_a_shift_reads_the_venues_wall_clock_for_crew_and_manager(acme, login):
    """Issue 23: the same shift read 08:00 to the manager and 13:00 (UTC) to the crew member."""
    raider = acme.user(Role.RAIDER)  # no preference: New York, like the manager
    me = make_person(acme.workspace, "Riley", "Chen", user=raider)
    call = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    shift = make_assignment(
        me, make_production(acme.workspace), make_position(acme.workspace), call, call + datetime.timedelta(hours=8)
    )
    expected = f"call {reads(call, NEW_YORK, 'H:i')} – {reads(shift.end_time, NEW_YORK)}"  # "call 08:00 – 16:00 EST"
    crew_page = login(raider).get(reverse("people:my_schedule")).content.decode()
    assert expected in crew_page
    manager_page = login(acme.user(Role.GLADIATOR)).get(reverse("people:assignment_detail", args=[shift.pk]))
    assert reads(call, NEW_YORK, "D j M Y, H:i T") in manager_page.content.decode()
    # A crew member reading in Berlin still sees the venue's wall clock, labelled.
    prefer(raider, "Europe/Berlin")
    assert expected in login(raider).get(reverse("people:my_schedule")).content.decode()


def test_my_hours_and_the_approval_list_read_in_each_readers_zone(acme, riley, login):
    day = datetime.date.today() - datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, datetime.time(5), tzinfo=datetime.UTC)
    end = start + datetime.timedelta(hours=8)
    TimeEntry.objects.create(
        workspace=acme.workspace, person=riley, work_date=day, clock_in=start, clock_out=end, hours=8, status="pending"
    )
    mine = login(riley.user).get(reverse("people:my_hours")).content.decode()
    assert f"{reads(start, BERLIN, 'H:i')}–{reads(end, BERLIN)}" in mine
    ws = acme.workspace
    approvals = login(acme.user(Role.NAVIGATOR)).get(
        reverse("people:time_entries", args=[ws.organization.slug, ws.slug])
    )
    assert f"{reads(start, NEW_YORK, 'H:i')}–{reads(end, NEW_YORK)}" in approvals.content.decode()


@pytest.mark.parametrize("zone", ["Europe/Berlin", ""])
def test_the_clock_in_message_reads_in_the_crew_members_zone(acme, riley, login, zone):
    prefer(riley.user, zone)
    response = login(riley.user).post(reverse("people:clock_in"), {"assignment": ""}, follow=True)
    entry = TimeEntry.objects.get(person=riley)
    expected = reads(entry.clock_in, BERLIN if zone else NEW_YORK)
    assert f"Clocked in at {expected}." in response.content.decode()


def test_advance_history_reads_in_each_readers_zone(acme, login):
    submitter = prefer(acme.user(Role.DEVIATOR), "Europe/Berlin")
    advance = make_advance(acme, "submitted", submitter=submitter)
    ActivityEntry.objects.for_object(advance).update(created_at=INSTANT)
    url = reverse("advancing:detail", args=[advance.pk])
    assert "8 Jan 2027, 14:00" in login(submitter).get(url).content.decode()
    assert "8 Jan 2027, 08:00" in login(acme.user(Role.GLADIATOR)).get(url).content.decode()


def test_a_productions_activity_feed_reads_in_each_readers_zone(acme, riley, login):
    production = make_production(acme.workspace, "Winter tour")
    with transaction.atomic():
        record_activity(production, actor=acme.user(Role.GLADIATOR), verb="production.edited")
    ActivityEntry.objects.for_object(production).update(created_at=INSTANT)
    url = reverse("productions:detail", args=[production.pk])
    berliner = prefer(acme.user(Role.AVIATOR), "Europe/Berlin")
    assert "8 Jan 2027, 14:00" in login(berliner).get(url).content.decode()
    assert "8 Jan 2027, 08:00" in login(acme.user(Role.GLADIATOR)).get(url).content.decode()


@pytest.fixture
def tasks_run_inline():
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def test_a_notification_reads_in_its_recipients_zone_in_app_and_by_mail(
    acme, tasks_run_inline, django_capture_on_commit_callbacks
):
    submitter = prefer(acme.user(Role.DEVIATOR), "Europe/Berlin")
    advance = make_advance(acme, submitter=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(advance, actor=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(advance, actor=acme.user(Role.GLADIATOR))
    submitted = ActivityEntry.objects.for_object(advance).get(verb="advance.submitted").created_at
    approved = ActivityEntry.objects.for_object(advance).get(verb="advance.approved").created_at
    to_manager = Notification.objects.get(recipient=acme.user(Role.GLADIATOR), kind="advance.submitted")
    to_submitter = Notification.objects.get(recipient=submitter, kind="advance.decided")
    assert reads(submitted, NEW_YORK, "j M Y H:i T") in to_manager.body
    assert reads(approved, BERLIN, "j M Y H:i T") in to_submitter.body
    mails = {m.to[0]: m.body for m in mail.outbox}
    assert to_submitter.body in mails[submitter.email] and to_manager.body in mails[acme.user(Role.GLADIATOR).email]


def test_the_review_queue_csv_names_the_zone_its_times_are_in(acme, login):
    advance = make_advance(acme, "submitted")
    type(advance).objects.filter(pk=advance.pk).update(submitted_at=INSTANT)
    url = reverse("advancing:queue_export")
    berliner = prefer(acme.user(Role.AVIATOR), "Europe/Berlin")
    for user, header, cell in [
        (berliner, "submitted_at (Europe/Berlin)", "2027-01-08 14:00"),
        (acme.user(Role.GLADIATOR), "submitted_at (America/New_York)", "2027-01-08 08:00"),
    ]:
        text = b"".join(login(user).get(url).streaming_content).decode()
        head, row = text.splitlines()[:2]
        assert header in head.split(",") and cell in row.split(",")


def test_an_event_time_reads_in_the_venues_zone_for_everyone(acme, riley, login):
    venue = Location.objects.create(workspace=acme.workspace, name="Lakeside", timezone="America/Chicago")
    event = Event.objects.create(
        workspace=acme.workspace,
        title="Opening night",
        starts_at=INSTANT + datetime.timedelta(hours=6),
        ends_at=INSTANT + datetime.timedelta(hours=10),
        timezone="America/Chicago",
        location=venue,
    )
    call = CrewCall(event=event, user=riley.user, call_time=INSTANT)
    call.set_booking(event)
    call.save()
    url = reverse("events:event", args=[event.pk])
    for reader in (riley.user, acme.user(Role.GLADIATOR)):
        page = login(reader).get(url).content.decode()
        assert "Fri 8 Jan, 07:00 CST" in page  # the call, at the venue
        assert "Fri 8 Jan, 13:00–17:00 CST" in page  # the event


def test_a_person_picks_their_zone_and_a_wrong_one_is_refused(acme, riley, login):
    client = login(riley.user)
    url = reverse("accounts:profile")
    refused = client.post(url, {"timezone": "Mars/Olympus"})
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in refused.content.decode()
    assert Profile.objects.get(user=riley.user).timezone == "Europe/Berlin"
    client.post(url, {"timezone": "Asia/Tokyo", "email_kinds": []})
    assert Profile.objects.get(user=riley.user).timezone == "Asia/Tokyo"
    assert "Times in Asia/Tokyo" in client.get(reverse("people:my_schedule")).content.decode()


def chicago_event(acme, day):
    venue = Location.objects.create(workspace=acme.workspace, name="Lakeside", timezone="America/Chicago")
    start = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    return Event.objects.create(
        workspace=acme.workspace,
        title="Lakeside show",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        timezone="America/Chicago",
        location=venue,
    )


def test_typed_shift_times_are_read_in_the_venues_zone_which_the_form_names(acme, login):
    """A New York organization assigns crew to a show in Chicago: 08:00 typed is 08:00 at the venue."""
    day = datetime.date(datetime.date.today().year + 1, 1, 15)  # winter: CST
    event = chicago_event(acme, day)
    person, position = make_person(acme.workspace), make_position(acme.workspace)
    client = login(acme.user(Role.GLADIATOR))
    url = reverse("people:assign", args=[acme.org.slug, acme.workspace.slug])
    assert "Lakeside show (times in America/Chicago)" in client.get(url).content.decode()
    assert "Times in America/Chicago, the venue&#x27;s zone" in client.get(url, {"event": event.pk}).content.decode()
    client.post(
        url,
        {
            "person": person.pk,
            "position": position.pk,
            "event": event.pk,
            "call_time": f"{day}T08:00",
            "end_time": f"{day}T16:00",
        },
    )
    shift = person.assignments.get()
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert shift.call_time == datetime.datetime.combine(day, datetime.time(8), tzinfo=chicago)
    assert shift.call_time.astimezone(datetime.UTC).hour == 14
    page = client.get(reverse("people:assignment_detail", args=[shift.pk])).content.decode()
    assert "08:00 CST" in page


def test_the_run_of_show_sheet_reads_cues_at_the_venue_and_when_it_was_printed_in_the_readers(acme, login):
    """The cues are the venue's wall clock for everyone; the moment the sheet was printed is the reader's."""
    from events.services import add_cue

    event = chicago_event(acme, datetime.date(datetime.date.today().year + 1, 1, 15))
    manager = prefer(acme.user(Role.GLADIATOR), "Europe/Berlin")
    add_cue(event, actor=manager, item="Doors", duration="30")
    before = datetime.datetime.now(datetime.UTC)
    sheet = login(manager).get(reverse("events:run_of_show_print", args=[event.pk])).content.decode()
    after = datetime.datetime.now(datetime.UTC)
    assert "<strong>12:00</strong>" in sheet  # noon in Chicago, as the event starts
    assert "Times in America/Chicago" in sheet
    assert any(f"printed {reads(moment, BERLIN, 'j M Y H:i T')}" in sheet for moment in (before, after))


def test_a_shift_at_23_00_in_new_york_is_todays_for_a_crew_member_reading_in_berlin(acme, riley):
    """At noon in New York (18:00 in Berlin) the 23:00 shift is today's at the venue, though Berlin
    already calls 05:00 tomorrow: the clock-in screen offers it."""
    from django.utils import timezone

    from people.selectors import todays_shifts

    call = datetime.datetime(2027, 1, 8, 23, 0, tzinfo=NEW_YORK)
    shift = make_assignment(
        riley, make_production(acme.workspace), make_position(acme.workspace), call, call + datetime.timedelta(hours=6)
    )
    noon = datetime.datetime(2027, 1, 8, 12, 0, tzinfo=NEW_YORK)
    with timezone.override(user_timezone(riley.user)):  # as the page reads for Riley
        assert todays_shifts(riley.user, now=noon) == [shift]
        assert todays_shifts(riley.user, now=noon - datetime.timedelta(days=1)) == []  # not yet the day
        assert todays_shifts(riley.user, now=noon + datetime.timedelta(days=1)) == [shift]  # runs into the 9th
        assert todays_shifts(riley.user, now=noon + datetime.timedelta(days=2)) == []
