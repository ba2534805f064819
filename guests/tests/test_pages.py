"""The guest list pages: the event's manager adds an allotment and approves a guest; over the allotment
the page says why and nothing changes; a requester sees only their own allotment's guests; a Navigator
may not decide (403); another organization gets 404 for every page; the lists cost the same number of
queries at 3 rows or 30."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import (
    assert_anonymous_sent_to_log_in,
    assert_another_org_sees_nothing,
    routes_under,
    values_for,
)
from guests import services
from guests.models import Allotment, GuestRequest, GuestStatus

from .helpers import approved_guest, make_allotment, make_show
from .isolation import make_secret_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(tenant_a):
    event, _zones = make_show(tenant_a)
    requester = tenant_a.user(Role.RAIDER)
    allotment = make_allotment(tenant_a, event, places=3, user=requester)
    return tenant_a, event, allotment, requester


def test_the_manager_adds_an_allotment_and_approves_a_guest(story, login):
    tenant, event, _allotment, requester = story
    client = login(tenant.user(Role.GLADIATOR))
    response = client.post(
        f"/guests/event/{event.pk}/allotments/",
        {"party": "Sponsor GmbH", "kind": "sponsor", "places": "2", "user": str(requester.pk)},
    )
    assert response.status_code == 302
    sponsor = Allotment.objects.get(event=event, party="Sponsor GmbH")
    client.post(f"/guests/event/{event.pk}/requests/", {"allotment": sponsor.pk, "name": "Pat CEO", "plus_ones": 1})
    guest = GuestRequest.objects.get(name="Pat CEO")
    client.post(f"/guests/guest/{guest.pk}/approved/")
    guest.refresh_from_db()
    assert guest.status == GuestStatus.APPROVED
    page = client.get(f"/guests/event/{event.pk}/").content.decode()
    assert "Pat CEO" in page and "2 of 2 places" in page
    assert client.get(f"/guests/guest/{guest.pk}/pass/").content.decode().count(guest.door_code) == 1


def test_over_the_allotment_the_page_says_why_and_nothing_changes(story, login):
    tenant, event, allotment, requester = story
    first = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan", plus_ones=2)
    services.approve_request(first, actor=tenant.user(Role.GLADIATOR))
    second = services.request_guest(actor=requester, allotment=allotment, name="Kim Fan", plus_ones=0)
    extra = services.request_guest(actor=requester, allotment=allotment, name="Lee Fan", plus_ones=0)
    client = login(tenant.user(Role.GLADIATOR))
    client.post(f"/guests/guest/{second.pk}/approved/")  # the last place
    response = client.post(f"/guests/guest/{extra.pk}/approved/", follow=True)
    assert "0 of 3 places left" in response.content.decode()
    extra.refresh_from_db()
    assert extra.status == GuestStatus.REQUESTED


def test_a_navigator_may_not_decide_nor_add_allotments(story, login):
    tenant, event, allotment, requester = story
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan")
    client = login(tenant.user(Role.NAVIGATOR))
    assert client.post(f"/guests/guest/{guest.pk}/approved/").status_code in (403, 404)
    assert (
        client.post(f"/guests/event/{event.pk}/allotments/", {"party": "X", "kind": "crew", "places": 1}).status_code
        == 403
    )
    assert client.get(f"/guests/event/{event.pk}/badges/").status_code == 403
    guest.refresh_from_db()
    assert guest.status == GuestStatus.REQUESTED and not Allotment.objects.filter(party="X").exists()


def test_a_navigator_who_sees_the_request_still_gets_403(story, login):
    """The requester's own allotment makes the request visible to them; deciding stays the managers'."""
    tenant, event, allotment, requester = story
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan")
    assert login(requester).post(f"/guests/guest/{guest.pk}/approved/").status_code == 403
    guest.refresh_from_db()
    assert guest.status == GuestStatus.REQUESTED


def test_a_requester_sees_only_their_allotments_guests(story, login):
    tenant, event, allotment, requester = story
    other = make_allotment(tenant, event, party="Support act", places=2)
    services.request_guest(actor=requester, allotment=allotment, name="Mine Fan")
    services.request_guest(actor=tenant.user(Role.GLADIATOR), allotment=other, name="Their Fan")
    client = login(requester)
    page = client.get(f"/guests/event/{event.pk}/").content.decode()
    assert "Mine Fan" in page and "Their Fan" not in page and "Support act" not in page
    response = client.post(f"/guests/event/{event.pk}/requests/", {"allotment": other.pk, "name": "Sneak"})
    assert response.status_code == 400 and not GuestRequest.objects.filter(name="Sneak").exists()
    assert "Mine Fan" not in client.get("/guests/").content.decode()  # the index lists allotments
    assert "Aurora Live" in client.get("/guests/").content.decode()


def test_someone_without_a_part_in_the_guest_list_is_refused(story, login):
    tenant, event, _allotment, _requester = story
    assert login(tenant.user(Role.PASSENGER)).get(f"/guests/event/{event.pk}/").status_code == 403


def test_another_organization_reaches_none_of_the_guest_pages_or_api(tenant_a, tenant_b, client):
    world = make_secret_objects(tenant_a)
    routes = routes_under(("guests/", "api/guests/"))
    assert len(routes) > 15
    methods = ("get", "post", "patch", "delete")
    assert_another_org_sees_nothing(
        client, tenant_b, (Role.PHANTOM, Role.GLADIATOR, Role.DEVIATOR), routes, values_for(tenant_a, world), methods
    )


def test_anonymous_visitors_are_sent_to_log_in(tenant_a, client):
    world = make_secret_objects(tenant_a)
    assert_anonymous_sent_to_log_in(client, routes_under(("guests/", "api/guests/")), values_for(tenant_a, world))


def _fill(tenant, allotment, n):
    for i in range(n):
        guest = services.request_guest(actor=tenant.user(Role.GLADIATOR), allotment=allotment, name=f"Guest {i:03}")
        if i % 2:
            services.approve_request(guest, actor=tenant.user(Role.GLADIATOR))


def test_the_guest_list_page_costs_the_same_queries_for_more_rows(story, login, django_assert_max_num_queries):
    tenant, event, allotment, _requester = story
    allotment.places = 100
    allotment.save()
    for i in range(3):
        make_allotment(tenant, event, party=f"Party {i}", places=5)
    _fill(tenant, allotment, 3)
    client = login(tenant.user(Role.GLADIATOR))
    url = f"/guests/event/{event.pk}/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(tenant, allotment, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("guest-row") > 20
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get("/guests/")


def test_the_door_page_finds_and_checks_in(story, login):
    tenant, event, allotment, _requester = story
    jo = approved_guest(tenant, allotment, "Jo Fan", plus_ones=2)
    client = login(tenant.user(Role.DEVIATOR))
    page = client.get(f"/guests/event/{event.pk}/door/?q=jo").content.decode()
    assert "Jo Fan" in page and "data-offline" in page and 'name="idempotency_key"' in page
    assert client.get(f"/guests/event/{event.pk}/door/?code={jo.door_code}").content.decode().count("Jo Fan") == 1
    key = "5f0c3a4e-7a1b-4f7e-9a61-2c3d4e5f6a7b"
    for _ in range(2):  # the offline queue replays the same submission
        response = client.post(
            f"/guests/guest/{jo.pk}/check-in/", {"plus_ones": "2", "idempotency_key": key, "q": "jo"}
        )
        assert response.status_code == 302 and response["Location"].endswith("/door/?q=jo")
    assert jo.check_ins.count() == 1
    counts = client.get(f"/guests/event/{event.pk}/door/counts/").content.decode()
    assert 'data-testid="door-checked-in">3<' in counts and 'data-testid="door-expected">3<' in counts
    assert login(tenant.user(Role.RAIDER)).get(f"/guests/event/{event.pk}/door/").status_code == 403
