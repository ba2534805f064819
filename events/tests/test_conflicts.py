"""check_schedule_conflict: touching vs overlapping, timezones, venue spaces, people, travel time,
events the viewer cannot see, and the confirmation a hard clash needs."""

import datetime
from decimal import Decimal

import pytest

from dragonfly.tenancy.roles import Role
from events.conflicts import check_schedule_conflict, travel_time
from events.errors import ScheduleConflict
from events.models import Event
from events.services import add_crew_call, create_event, update_event
from locations.models import Location
from productions.tests.helpers import at, book, make_event, make_location

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


def check(tenant, start, end, **kw):
    return check_schedule_conflict(workspace=tenant.workspace, starts_at=start, ends_at=end, **kw)


def test_touching_bookings_do_not_clash_overlapping_ones_do(tenant_a):
    venue = make_location(tenant_a)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    make_event(tenant_a, "Show", start=start, hours=3, location=venue)
    assert check(tenant_a, start + 3 * H, start + 5 * H, location=venue) == []  # starts as it ends
    assert check(tenant_a, start - 2 * H, start, location=venue) == []  # ends as it starts
    clashes = check(tenant_a, start + 2 * H + datetime.timedelta(minutes=59), start + 5 * H, location=venue)
    assert [c.severity for c in clashes] == ["hard"] and "“Show”" in clashes[0].message
    assert [c.kind for c in check(tenant_a, start + H, start + 2 * H, location=venue)] == ["location"]  # inside
    assert len(check(tenant_a, start - H, start + 4 * H, location=venue)) == 1  # around


def test_times_in_different_timezones_compare_as_instants(tenant_a):
    venue = make_location(tenant_a, "Studio", tz="Europe/London")
    make_event(tenant_a, "London press day", start=at("Europe/London", 2027, 3, 5, 18, 0), hours=2, location=venue)
    # 13:30–14:30 in New York is 18:30–19:30 in London: a clash
    clashes = check(
        tenant_a, at("America/New_York", 2027, 3, 5, 13, 30), at("America/New_York", 2027, 3, 5, 14, 30), location=venue
    )
    assert len(clashes) == 1 and "18:00–20:00 (Europe/London)" in clashes[0].message
    # 15:00 in New York is 20:00 in London: touching, no clash
    assert (
        check(
            tenant_a,
            at("America/New_York", 2027, 3, 5, 15, 0),
            at("America/New_York", 2027, 3, 5, 16, 0),
            location=venue,
        )
        == []
    )
    # Tokyo's 02:00 next day is 17:00 in London the day before the show: no clash; 03:30 is
    assert check(tenant_a, at("Asia/Tokyo", 2027, 3, 6, 2, 0), at("Asia/Tokyo", 2027, 3, 6, 3, 0), location=venue) == []
    assert (
        len(check(tenant_a, at("Asia/Tokyo", 2027, 3, 6, 3, 30), at("Asia/Tokyo", 2027, 3, 6, 4, 0), location=venue))
        == 1
    )


def test_a_venue_clashes_with_its_spaces_but_two_spaces_do_not_clash(tenant_a):
    field = make_location(tenant_a, "Harbor Field")
    main = Location.objects.create(
        workspace=tenant_a.workspace, parent=field, name="Main Stage", kind="stage", timezone="America/New_York"
    )
    river = Location.objects.create(
        workspace=tenant_a.workspace, parent=field, name="River Stage", kind="stage", timezone="America/New_York"
    )
    start = at("America/New_York", 2027, 7, 4, 18, 0)
    make_event(tenant_a, "Main headliner", start=start, location=main)
    assert check(tenant_a, start, start + H, location=river) == []
    assert len(check(tenant_a, start, start + H, location=main)) == 1
    whole = check(tenant_a, start, start + H, location=field)
    assert len(whole) == 1 and "shares space with Harbor Field — Main Stage" in whole[0].message


def test_cancelled_events_and_other_organizations_never_clash(tenant_a, tenant_b):
    venue = make_location(tenant_a)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    make_event(tenant_a, "Cancelled", start=start, location=venue, status="cancelled")
    raider = tenant_a.user(Role.RAIDER)
    elsewhere = make_event(tenant_b, "Other org's gig", start=start)
    book(elsewhere, raider)  # a freelancer working for two organizations
    assert check(tenant_a, start, start + H, location=venue, people=[raider]) == []


def test_the_same_person_twice_is_hard_and_a_short_trip_is_soft(tenant_a):
    raider = tenant_a.user(Role.RAIDER)
    msg = make_location(tenant_a, "MSG", latitude=Decimal("40.7505"), longitude=Decimal("-73.9934"))
    barclays = make_location(tenant_a, "Barclays Center", latitude=Decimal("40.6826"), longitude=Decimal("-73.9754"))
    boston = make_location(tenant_a, "TD Garden", latitude=Decimal("42.3662"), longitude=Decimal("-71.0621"))
    load_in = make_event(tenant_a, "MSG load-in", start=at("America/New_York", 2027, 3, 5, 8, 0), hours=4, location=msg)
    book(load_in, raider)

    def clashes_at(start, end, location=barclays):
        """The clashes of booking the raider on 5 March from `start` to `end` (hour, minute) in New York."""
        day = ("America/New_York", 2027, 3, 5)
        return check(tenant_a, at(*day, *start), at(*day, *end), location=location, people=[raider])

    # overlapping: hard
    clashes = clashes_at((11, 0), (13, 0))
    assert [(c.severity, c.kind) for c in clashes] == [("hard", "person")]
    # 20 minutes later across town (≈ 8 km: about 38 min with the buffer): soft
    clashes = clashes_at((12, 20), (14, 0))
    assert [(c.severity, c.kind) for c in clashes] == [("soft", "travel")]
    assert "has 20 min between" in clashes[0].message
    # an hour later is enough for Brooklyn, not for Boston (≈ 300 km)
    assert clashes_at((13, 0), (14, 0)) == []
    assert [c.kind for c in clashes_at((13, 0), (14, 0), location=boston)] == ["travel"]
    # the person's call time counts: called at 11:30 for a 13:00 start overlaps the load-in
    clashes = check(
        tenant_a,
        at("America/New_York", 2027, 3, 5, 13, 0),
        at("America/New_York", 2027, 3, 5, 14, 0),
        location=barclays,
        people=[raider],
        calls={raider.pk: at("America/New_York", 2027, 3, 5, 11, 30)},
    )
    assert [c.kind for c in clashes] == ["person"]


def test_travel_time_estimates():
    a = Location(pk=1, name="A", latitude=Decimal("52.52"), longitude=Decimal("13.405"))
    b = Location(pk=2, name="B", latitude=Decimal("48.137"), longitude=Decimal("11.575"))
    assert travel_time(a, a) == datetime.timedelta(0)
    assert 8 * H < travel_time(a, b) < 9 * H  # Berlin–Munich ≈ 504 km at 60 km/h + 30 min
    assert travel_time(a, Location(pk=3, name="C")) == H
    assert travel_time(a, Location(pk=4, name="Stage", parent_id=1)) == datetime.timedelta(minutes=10)
    assert travel_time(a, None) is None


def test_clashes_with_events_the_viewer_cannot_see_are_reported_without_details(tenant_a):
    venue = make_location(tenant_a)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    make_event(tenant_a, "Private rehearsal", start=start, location=venue, kind="rehearsal")
    ambassador = tenant_a.user(Role.AMBASSADOR)
    clashes = check(tenant_a, start, start + H, location=venue, viewer=ambassador)
    assert clashes[0].event_id is None and "another event you cannot see" in clashes[0].message
    assert "Private rehearsal" not in clashes[0].message


def test_saving_over_a_hard_clash_needs_confirmation_and_nothing_is_written_before(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    venue = make_location(tenant_a)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    make_event(tenant_a, "Existing", start=start, location=venue)
    fields = dict(
        actor=gladiator,
        workspace=tenant_a.workspace,
        title="New",
        starts_at=start + H,
        ends_at=start + 4 * H,
        location=venue,
    )
    with pytest.raises(ScheduleConflict) as refused:
        create_event(**fields)
    assert refused.value.clashes and Event.objects.count() == 1
    saved = create_event(**fields, confirm_conflicts=True)
    assert Event.objects.count() == 2 and saved.clashes
    # moving it clear of the other event needs no confirmation
    result = update_event(saved.event, actor=gladiator, starts_at=start + 3 * H, ends_at=start + 5 * H)
    assert result.clashes == []


def test_booking_crew_refuses_a_double_booking_unless_confirmed(tenant_a):
    gladiator, raider = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.RAIDER)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    first, second = make_event(tenant_a, "One", start=start), make_event(tenant_a, "Two", start=start + H)
    add_crew_call(first, actor=gladiator, user=raider)
    with pytest.raises(ScheduleConflict):
        add_crew_call(second, actor=gladiator, user=raider)
    call, clashes = add_crew_call(second, actor=gladiator, user=raider, confirm_conflicts=True)
    assert call.pk and clashes[0].kind == "person"


def test_conflict_queries_use_a_bounded_range_not_a_scan(tenant_a, django_assert_max_num_queries):
    venue = make_location(tenant_a)
    raider = tenant_a.user(Role.RAIDER)
    start = at("America/New_York", 2027, 3, 5, 19, 0)
    with django_assert_max_num_queries(5):  # the venue's spaces, its bookings; the person's overlapping, before, after
        check(tenant_a, start, start + H, location=venue, people=[raider])
    from django.db import connection

    from events.models import Event as E

    sql = str(E.objects.active().overlapping(start, start + H).filter(location=venue).query)
    assert '"starts_at" >' in sql and '"starts_at" <' in sql  # both ends of the range are bounded
    assert connection.vendor in ("sqlite", "postgresql")
