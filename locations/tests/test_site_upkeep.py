"""Keeping a site up to date without the admin: a utility edited and removed, a site map renamed and
removed (refused while something points at its zones), an outage marked over on the venue's clock,
and a facility's and a venue's calendar."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.files.models import Attachment
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_url_matrix
from locations import services
from locations.models import MeterReading, Outage, SiteMap, Utility, Zone
from productions.tests.helpers import make_event

from .helpers import make_location, make_site_map, make_space, make_utility, make_zone

pytestmark = pytest.mark.django_db
R = Role
H = datetime.timedelta(hours=1)
JSON = "application/json"
MANAGERS = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
ON_SITE = MANAGERS | {R.NAVIGATOR, R.DEVIATOR}


def venue_clock(moment, venue):
    """What the datetime-local field holds for `moment` on the venue's wall clock."""
    return moment.astimezone(zoneinfo.ZoneInfo(venue.timezone)).strftime("%Y-%m-%dT%H:%M")


def test_a_production_manager_edits_and_removes_a_utility(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field")
    power = make_utility(venue, supplier="Eversource", meter_unit="kWh")
    manager = tenant_a.user(R.GLADIATOR)
    services.record_reading(power, actor=manager, read_on=timezone.localdate(), value="120")
    services.report_outage(power, actor=manager, started_at=timezone.now() - H, description="Tripped")
    client = login(manager)
    page = client.get(reverse("locations:utility", args=[power.pk])).content.decode()
    edit_url = reverse("locations:edit_utility", args=[power.pk])
    assert edit_url in page and reverse("locations:delete_utility", args=[power.pk]) in page
    form = client.get(edit_url)
    assert form.context["form"].initial["supplier"] == "Eversource"
    changed = {"kind": "power", "supplier": "Con Edison", "capacity": "2 × 400 A", "meter_unit": "kWh"}
    assert client.post(edit_url, changed)["Location"] == reverse("locations:utility", args=[power.pk])
    power.refresh_from_db()
    assert (power.supplier, power.capacity) == ("Con Edison", "2 × 400 A")
    # Bad input: the form again with the reason, nothing changed.
    assert client.post(edit_url, {**changed, "kind": "gas", "supplier": "Nobody"}).status_code == 400
    power.refresh_from_db()
    assert power.supplier == "Con Edison"
    # The API edits through the same service, and removes through the same one too.
    response = client.patch(f"/api/utilities/{power.pk}/", {"capacity": "800 A"}, content_type=JSON)
    assert response.status_code == 200 and Utility.objects.get().capacity == "800 A"
    water = make_utility(venue, kind="water")
    assert client.delete(f"/api/utilities/{water.pk}/").status_code == 204
    # Removed from its page: back to the venue, its readings and outages gone with it.
    response = client.post(reverse("locations:delete_utility", args=[power.pk]))
    assert response["Location"] == reverse("locations:detail", args=[venue.pk])
    assert not Utility.objects.exists() and not MeterReading.objects.exists() and not Outage.objects.exists()
    verbs = set(ActivityEntry.objects.for_object(venue).values_list("verb", flat=True))
    assert {"location.utility_edited", "location.utility_removed"} <= verbs


def test_only_managers_edit_or_remove_a_utility(tenant_a, login):
    power = make_utility(make_location(tenant_a))
    edit = reverse("locations:edit_utility", args=[power.pk])
    remove = reverse("locations:delete_utility", args=[power.pk])
    crew = login(tenant_a.user(R.DEVIATOR))
    assert crew.get(edit).status_code == 403
    assert crew.post(edit, {"kind": "water"}).status_code == 403
    assert crew.post(remove).status_code == 403
    assert crew.delete(f"/api/utilities/{power.pk}/").status_code == 403
    assert Utility.objects.get().kind == "power"


def test_the_crew_marks_an_outage_over_on_the_venues_clock(tenant_a, login, settings):
    venue = make_location(tenant_a, "Harbor Field", tz="America/New_York")
    power = make_utility(venue)
    crew = tenant_a.user(R.DEVIATOR)
    old = services.report_outage(
        power,
        actor=crew,
        started_at=timezone.now() - 30 * H,
        ended_at=timezone.now() - 29 * H,
        description="Storm",
    )
    started = (timezone.now() - 2 * H).replace(second=0, microsecond=0)
    ongoing = services.report_outage(power, actor=crew, started_at=started, description="Distro tripped")
    client = login(crew)
    page = client.get(reverse("locations:utility", args=[power.pk]))
    # The ongoing outage comes first, with its "Outage over" form; the ended one shows how long it lasted.
    assert [o.pk for o in page.context["outages"]] == [ongoing.pk, old.pk]
    html = page.content.decode()
    assert "Outage over" in html and "lasted 1 h" in html
    assert html.index(f'id="outage-{ongoing.pk}"') < html.index(f'id="outage-{old.pk}"')
    over = reverse("locations:end_outage", args=[ongoing.pk])
    # Before it started, or later than now: refused with the reason, nothing changed.
    before = venue_clock(started - H, venue)
    response = client.post(over, {f"end-{ongoing.pk}-ended_at": before})
    assert response.status_code == 400 and "end after it started" in response.content.decode()
    later = venue_clock(timezone.now() + 2 * H, venue)
    assert client.post(over, {f"end-{ongoing.pk}-ended_at": later}).status_code == 400
    assert Outage.objects.get(pk=ongoing.pk).ended_at is None
    # Typed on the venue's wall clock, whatever the reader's timezone.
    ended = started + 90 * datetime.timedelta(minutes=1)
    response = client.post(over, {f"end-{ongoing.pk}-ended_at": venue_clock(ended, venue)})
    assert response["Location"] == reverse("locations:utility", args=[power.pk])
    assert Outage.objects.get(pk=ongoing.pk).ended_at == ended
    html = client.get(reverse("locations:utility", args=[power.pk])).content.decode()
    assert "lasted 1 h 30 min" in html and f"end-{ongoing.pk}-ended_at" not in html and "ongoing" not in html
    # Over once: a second time is refused.
    assert client.post(over, {f"end-{ongoing.pk}-ended_at": venue_clock(ended, venue)}).status_code == 400


def test_an_outage_is_marked_over_through_the_api(tenant_a, tenant_b, login):
    power = make_utility(make_location(tenant_a))
    crew = tenant_a.user(R.DEVIATOR)
    outage = services.report_outage(power, actor=crew, started_at=timezone.now() - H, description="Wi-Fi down")
    url = f"/api/outages/{outage.pk}/over/"
    ended = (timezone.now() - datetime.timedelta(minutes=5)).replace(microsecond=0)
    assert (
        login(tenant_a.user(R.PASSENGER)).post(url, {"ended_at": ended.isoformat()}, content_type=JSON).status_code
        == 403
    )
    assert (
        login(tenant_b.user(R.PHANTOM)).post(url, {"ended_at": ended.isoformat()}, content_type=JSON).status_code == 404
    )
    client = login(crew)
    bad = client.post(url, {"ended_at": (timezone.now() - 2 * H).isoformat()}, content_type=JSON)
    assert bad.status_code == 400 and bad["Content-Type"].startswith(JSON)
    response = client.post(url, {"ended_at": ended.isoformat()}, content_type=JSON)
    assert response.status_code == 200 and Outage.objects.get().ended_at == ended


def test_a_site_map_is_renamed_and_removed_unless_something_points_at_its_zones(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field")
    manager = tenant_a.user(R.GLADIATOR)
    site_map = make_site_map(venue, manager, "Festival site")
    stage = make_zone(site_map, "Main Stage")
    make_zone(site_map, "First aid", kind="pin", points=[(0.7, 0.6)])
    show = make_event(tenant_a, "Headliner", location=venue, zone=stage)
    client = login(manager)
    page = reverse("locations:site_map", args=[site_map.pk])
    rename = reverse("locations:rename_site_map", args=[site_map.pk])
    assert rename in client.get(page).content.decode()
    assert client.post(rename, {"name": "  "}).status_code == 400
    assert client.post(rename, {"name": "Festival site 2027"})["Location"] == page
    assert SiteMap.objects.get().name == "Festival site 2027"
    # An event still points at one of its zones: refused with what points there, nothing removed.
    remove = reverse("locations:delete_site_map", args=[site_map.pk])
    response = client.post(remove)
    assert response.status_code == 409
    assert "still in use" in response.content.decode() and "events: 1" in response.content.decode()
    assert SiteMap.objects.count() == 1 and Zone.objects.count() == 2
    api = client.delete(f"/api/site-maps/{site_map.pk}/")
    assert api.status_code == 409 and "still in use" in str(api.json())
    # Once the event points elsewhere, the map goes with its pins and zones; the plan stays in the venue's files.
    show.zone = None
    show.save(update_fields=["zone"])
    plan = site_map.plan_id
    response = client.post(remove)
    assert response["Location"] == reverse("locations:detail", args=[venue.pk])
    assert not SiteMap.objects.exists() and not Zone.objects.exists()
    assert Attachment.objects.filter(pk=plan).exists()


def test_a_site_map_is_renamed_through_the_api(tenant_a, login):
    manager = tenant_a.user(R.GLADIATOR)
    site_map = make_site_map(make_location(tenant_a), manager)
    client = login(manager)
    response = client.patch(f"/api/site-maps/{site_map.pk}/", {"name": "Ground floor"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["name"] == "Ground floor"
    assert client.delete(f"/api/site-maps/{site_map.pk}/").status_code == 204
    assert not SiteMap.objects.exists()


def test_site_upkeep_by_role(tenant_a, login):
    manager = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    site_map = make_site_map(venue, manager)
    power = make_utility(venue)
    outage = services.report_outage(power, actor=manager, started_at=timezone.now() - 2 * H, description="x")
    over = venue_clock(timezone.now() - H, venue)
    requests = {
        "open the utility form": ("get", reverse("locations:edit_utility", args=[power.pk]), None),
        "edit a utility": ("post", reverse("locations:edit_utility", args=[power.pk]), {"kind": "power"}),
        "rename a site map": ("post", reverse("locations:rename_site_map", args=[site_map.pk]), {"name": "Plan"}),
        # The first role allowed ends it; the next ones are told it is over (400), not refused.
        "mark an outage over": (
            "post",
            reverse("locations:end_outage", args=[outage.pk]),
            {f"end-{outage.pk}-ended_at": over},
        ),
    }
    expected = {
        "open the utility form": MANAGERS,
        "edit a utility": MANAGERS,
        "rename a site map": MANAGERS,
        "mark an outage over": ON_SITE,
    }
    assert_url_matrix(tenant_a, requests, expected)
    # Removing: the crew and a department lead may not; a manager may.
    remove = reverse("locations:delete_site_map", args=[site_map.pk])
    with pytest.raises(PermissionDenied):
        services.delete_site_map(site_map, actor=tenant_a.user(R.DEVIATOR))
    assert login(tenant_a.user(R.NAVIGATOR)).post(remove).status_code == 403
    assert SiteMap.objects.exists()
    assert login(manager).post(remove).status_code == 302 and not SiteMap.objects.exists()


def test_another_organization_reaches_none_of_it(tenant_a, tenant_b):
    venue = make_location(tenant_a)
    site_map = make_site_map(venue, tenant_a.user(R.GLADIATOR))
    power = make_utility(venue)
    outage = services.report_outage(
        power, actor=tenant_a.user(R.GLADIATOR), started_at=timezone.now() - H, description="x"
    )
    requests = {
        "open the utility form": ("get", reverse("locations:edit_utility", args=[power.pk]), None),
        "remove a utility": ("post", reverse("locations:delete_utility", args=[power.pk]), None),
        "rename a site map": ("post", reverse("locations:rename_site_map", args=[site_map.pk]), {"name": "Ours"}),
        "remove a site map": ("post", reverse("locations:delete_site_map", args=[site_map.pk]), None),
        "mark an outage over": ("post", reverse("locations:end_outage", args=[outage.pk]), None),
        "remove a site map through the API": ("delete", f"/api/site-maps/{site_map.pk}/", None),
        "remove a utility through the API": ("delete", f"/api/utilities/{power.pk}/", None),
    }
    assert_url_matrix(tenant_b, requests, {action: set() for action in requests})
    assert Utility.objects.exists() and SiteMap.objects.get().name == site_map.name
    assert Outage.objects.get().ended_at is None


def test_a_venues_calendar_includes_its_facilities_and_a_facilitys_only_its_own(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field", kind="field")
    main, riverside = make_space(venue, "Main Stage"), make_space(venue, "Riverside Stage")
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    make_event(tenant_a, "Fireworks", start=soon, location=venue)
    make_event(tenant_a, "Headliner", start=soon + H, location=main)
    make_event(tenant_a, "Acoustic set", start=soon + 2 * H, location=riverside)
    client = login(tenant_a.user(R.PASSENGER))
    calendar = reverse("events:workspace_home", args=[tenant_a.org.slug, tenant_a.workspace.slug])

    def agenda(location):
        response = client.get(calendar, {"view": "agenda", "location": location.pk})
        return [e.title for e in response.context["page"].object_list]

    assert agenda(venue) == ["Fireworks", "Headliner", "Acoustic set"]
    assert agenda(main) == ["Headliner"]
    # Each page's calendar link is the filter on itself, next to its ICS feed.
    for place in (venue, main):
        page = client.get(reverse("locations:detail", args=[place.pk])).content.decode()
        assert f"{calendar}?view=agenda&amp;location={place.pk}" in page
        assert reverse("events:venue_feed", args=[place.pk]) in page


def test_the_utility_page_costs_the_same_queries_whatever_its_outages(tenant_a, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    power = make_utility(make_location(tenant_a))
    manager = tenant_a.user(R.GLADIATOR)
    client = login(manager)
    url = reverse("locations:utility", args=[power.pk])

    def add_outages(count):
        for n in range(count):
            start = timezone.now() - (n + 3) * H
            services.report_outage(power, actor=manager, started_at=start, ended_at=start + H, description="x")
            services.report_outage(power, actor=manager, started_at=start, description="y")

    def queries():
        client.get(url)  # the session and permission caches warm up first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_outages(1)
    few = queries()
    add_outages(6)
    assert queries() == few
