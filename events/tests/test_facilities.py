"""Events at a venue's facilities: two bookings of one facility at once are refused (or, where the
workspace's booking rule says so, saved with a warning); a facility's calendar and ICS feed; an
outage of the site's power during a show becomes an incident of that show; an event, a crew call
and an asset point at a zone of a site map."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assets.errors import AssetInvalid
from assets.services import create_asset
from dragonfly.tenancy.roles import Role
from events.conflicts import HARD, SOFT, workspace_conflicts
from events.errors import EventInvalid, ScheduleConflict
from events.models import Event, Incident
from events.services import add_crew_call, create_event, issue_feed_token
from locations import services as locations
from locations.tests.helpers import make_location, make_site_map, make_space, make_utility, make_zone
from productions.tests.helpers import at, make_event

pytestmark = pytest.mark.django_db
R = Role
H = datetime.timedelta(hours=1)


@pytest.fixture
def festival(tenant_a):
    site = make_location(tenant_a, "Harbor Field", kind="field")
    return site, make_space(site, "Main Stage", capacity=25000), make_space(site, "Riverside Stage")


def test_one_facility_booked_twice_is_refused_unless_the_workspace_says_warn(tenant_a, festival):
    site, main, riverside = festival
    manager = tenant_a.user(R.GLADIATOR)
    start = at("America/New_York", 2027, 7, 3, 19, 0)
    make_event(tenant_a, "Headliner", start=start, hours=3, location=main)

    def book(title, facility):
        return create_event(
            actor=manager,
            workspace=tenant_a.workspace,
            title=title,
            starts_at=start + H,
            ends_at=start + 2 * H,
            location=facility,
        )

    with pytest.raises(ScheduleConflict) as refused:
        book("Support act", main)
    assert [(c.severity, c.kind) for c in refused.value.clashes] == [(HARD, "location")]
    assert "“Headliner”" in refused.value.clashes[0].message
    assert not Event.objects.filter(title="Support act").exists()
    assert book("Acoustic set", riverside).clashes == []  # another stage: no clash
    locations.set_clash_policy(tenant_a.workspace, actor=manager, on_clash="warn")
    saved = book("Support act", main)
    assert [(c.severity, c.kind) for c in saved.clashes] == [(SOFT, "location")]
    assert Event.objects.filter(title="Support act", location=main).exists()
    pairs = workspace_conflicts(tenant_a.workspace, user=manager, start=start - H, end=start + 5 * H)
    assert [(p.severity, p.first.title, p.second.title) for p in pairs] == [(SOFT, "Headliner", "Support act")]


def test_a_facility_clash_is_warned_on_the_page_where_the_rule_says_warn(tenant_a, festival, login):
    site, main, _ = festival
    manager = tenant_a.user(R.GLADIATOR)
    make_event(tenant_a, "Headliner", start=at("America/New_York", 2027, 7, 3, 19, 0), location=main)
    locations.set_clash_policy(tenant_a.workspace, actor=manager, on_clash="warn")
    form = {"title": "Support", "kind": "show", "status": "confirmed", "location": main.pk}
    form |= {"starts": "2027-07-03T20:00", "ends": "2027-07-03T21:00"}
    client = login(manager)
    response = client.post(f"/events/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/new/", form, follow=True)
    assert response.redirect_chain and "Headliner" in response.content.decode()
    assert Event.objects.filter(title="Support").exists()


def test_a_facility_calendar_and_its_feed(tenant_a, tenant_b, festival, client):
    site, main, riverside = festival
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    make_event(tenant_a, "On the main stage", start=soon, location=main)
    make_event(tenant_a, "Whole site: fireworks", start=soon + 4 * H, location=site)
    make_event(tenant_a, "By the river", start=soon, location=riverside)
    reader = tenant_a.user(R.PASSENGER)
    page = client.get(reverse("locations:detail", args=[main.pk]))
    assert page.status_code == 302  # signed out: sign in
    client.force_login(reader)
    page = client.get(reverse("locations:detail", args=[main.pk])).content.decode()
    feed_url = reverse("events:venue_feed", args=[main.pk])
    assert feed_url in page and f"location={main.pk}" in page
    calendar = client.get(
        reverse("events:workspace_home", args=[tenant_a.org.slug, tenant_a.workspace.slug]),
        {"view": "agenda", "location": main.pk},
    )
    assert [e.title for e in calendar.context["page"].object_list] == ["On the main stage"]
    client.logout()
    assert client.get(feed_url).status_code == 302  # no token, no session: sign in
    response = client.get(feed_url, {"token": issue_feed_token(actor=reader)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {"On the main stage", "Whole site: fireworks"}  # what holds the stage
    assert "Main Stage" in str(events["On the main stage"]["location"])
    outsider = issue_feed_token(actor=tenant_b.user(R.PHANTOM))
    assert client.get(feed_url, {"token": outsider}).status_code == 404


def test_a_power_outage_during_a_show_is_an_incident_of_that_show(tenant_a, festival, login):
    site, main, _ = festival
    show = make_event(tenant_a, "Headliner", start=timezone.now() - 2 * H, hours=4, location=main)
    make_event(tenant_a, "Tomorrow", start=timezone.now() + 24 * H, location=main)
    power = make_utility(site, supplier="Eversource")
    crew_lead = tenant_a.user(R.DEVIATOR)
    client = login(crew_lead)
    # Typed on the venue's wall clock, whatever the reader's timezone.
    local = (timezone.now() - H).astimezone(zoneinfo.ZoneInfo(site.timezone))
    response = client.post(
        reverse("locations:report_outage", args=[power.pk]),
        {"started_at": local.strftime("%Y-%m-%dT%H:%M"), "description": "Main Stage distro tripped"},
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.event == show and incident.category == "technical" and incident.severity == "high"
    assert incident.title == "Power outage at Harbor Field" and incident.reported_by == crew_lead
    assert incident.description == "Main Stage distro tripped"
    assert abs(incident.occurred_at - (timezone.now() - H)) < datetime.timedelta(minutes=2)


def test_an_event_a_crew_call_and_an_asset_point_at_a_zone(tenant_a, tenant_b, festival, login):
    site, main, _ = festival
    manager = tenant_a.user(R.GLADIATOR)
    site_map = make_site_map(site, manager)
    stage_zone = make_zone(site_map, "Main Stage")
    gate = make_zone(site_map, "North Gate", kind="pin", points=[(0.5, 0.05)])
    client = login(manager)
    form = {"title": "Headliner", "kind": "show", "status": "confirmed", "location": main.pk, "zone": stage_zone.pk}
    form |= {"starts": "2027-07-03T20:00", "ends": "2027-07-03T23:00"}
    response = client.post(f"/events/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/new/", form)
    event = Event.objects.get(title="Headliner")
    assert response.status_code == 302 and event.zone == stage_zone
    call, _ = add_crew_call(event, actor=manager, user=tenant_a.user(R.DEVIATOR), zone=gate)
    assert call.zone == gate
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    site_map_url = reverse("locations:site_map", args=[site_map.pk])
    assert f"{site_map_url}#zone-{stage_zone.pk}" in page and f"{site_map_url}#zone-{gate.pk}" in page
    asset = create_asset(tenant_a.workspace, actor=manager, tag="PWR-1", name="Distro", category="Power", zone=gate)
    assert asset.zone == gate
    # A zone of another organization's site map is refused everywhere, nothing saved.
    foreign_venue = make_location(tenant_b, "Elsewhere")
    foreign = make_zone(make_site_map(foreign_venue, tenant_b.user(R.GLADIATOR)), "Theirs")
    with pytest.raises(EventInvalid):
        create_event(
            actor=manager,
            workspace=tenant_a.workspace,
            title="x",
            starts_at=at("UTC", 2027, 1, 1, 10, 0),
            ends_at=at("UTC", 2027, 1, 1, 11, 0),
            zone=foreign,
        )
    with pytest.raises(AssetInvalid):
        create_asset(tenant_a.workspace, actor=manager, tag="PWR-2", name="Distro", category="Power", zone=foreign)
    response = client.post(
        f"/events/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/new/", {**form, "zone": foreign.pk}
    )
    assert response.status_code == 400  # not a choice of this workspace's form
    assert Event.objects.count() == 1
