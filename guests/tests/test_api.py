"""The guest list API, with the pages' services: allotments, requests, approve/decline, check-in and
the door's counts. Errors are JSON; another organization gets 404s; lists cost the same queries."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.tenancy.roles import Role
from guests import services
from guests.models import GuestRequest, GuestStatus

from .helpers import approved_guest, make_allotment, make_show

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(tenant_a):
    event, _zones = make_show(tenant_a)
    requester = tenant_a.user(Role.RAIDER)
    return tenant_a, event, requester


def test_the_whole_story_through_the_api(story, client, login):
    tenant, event, requester = story
    manager = login(tenant.user(Role.GLADIATOR))
    made = manager.post(
        "/api/guests/allotments/",
        {"event": event.pk, "party": "Aurora", "kind": "artist", "places": 2, "user": requester.pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    allotment_id = made.json()["id"]
    asker = login(requester)
    asked = asker.post(
        "/api/guests/requests/",
        {"allotment": allotment_id, "name": "Jo Fan", "plus_ones": 1},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    guest_id = asked.json()["id"]
    # The requester may see their request but not decide it.
    assert asker.post(f"/api/guests/requests/{guest_id}/approve/").status_code == 403
    manager = login(tenant.user(Role.GLADIATOR))
    approved = manager.post(
        f"/api/guests/requests/{guest_id}/approve/", {"note": "ok"}, content_type="application/json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert manager.get(f"/api/guests/allotments/{allotment_id}/").json()["used"] == 2
    over = GuestRequest.objects.create(event=event, allotment_id=allotment_id, name="One too many")
    refused = manager.post(f"/api/guests/requests/{over.pk}/approve/")
    assert refused.status_code == 409 and "0 of 2 places left" in str(refused.json())
    over.refresh_from_db()
    assert over.status == GuestStatus.REQUESTED
    steward = login(tenant.user(Role.DEVIATOR))
    key = str(uuid.uuid4())
    for _ in range(2):
        checked = steward.post(
            f"/api/guests/requests/{guest_id}/check-in/",
            {"plus_ones": 1},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert checked.status_code == 200 and checked.json()["plus_ones_in"] == 1
    counts = steward.get(f"/api/guests/events/{event.pk}/counts/").json()
    assert counts == {"checked_in": 2, "expected": 2, "guests_in": 1, "guests": 1}
    assert GuestRequest.objects.get(pk=guest_id).check_ins.count() == 1


def test_bad_input_is_a_json_400_and_changes_nothing(story, login):
    tenant, event, _requester = story
    allotment = make_allotment(tenant, event)
    client = login(tenant.user(Role.GLADIATOR))
    response = client.post(
        "/api/guests/requests/",
        {"allotment": allotment.pk, "name": "X", "plus_ones": 99},
        content_type="application/json",
    )
    assert response.status_code == 400 and "plus_ones" in response.json()["errors"]
    guest = approved_guest(tenant, allotment, "Jo Fan")
    bad_key = client.post(
        f"/api/guests/requests/{guest.pk}/check-in/", {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="nope"
    )
    assert bad_key.status_code == 400 and bad_key["Content-Type"].startswith("application/json")
    guest.refresh_from_db()
    assert guest.checked_in_at is None and not GuestRequest.objects.filter(name="X").exists()


def test_another_organization_gets_404s_and_empty_lists(story, tenant_b, login):
    tenant, event, _requester = story
    allotment = make_allotment(tenant, event)
    guest = approved_guest(tenant, allotment, "Jo Fan")
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(f"/api/guests/requests/{guest.pk}/").status_code == 404
    assert client.post(f"/api/guests/requests/{guest.pk}/check-in/").status_code == 404
    assert client.post(f"/api/guests/requests/{guest.pk}/decline/").status_code == 404
    assert client.get(f"/api/guests/allotments/{allotment.pk}/").status_code == 404
    assert client.get(f"/api/guests/events/{event.pk}/counts/").status_code == 404
    assert client.get("/api/guests/requests/").json()["results"] == []
    guest.refresh_from_db()
    assert guest.status == GuestStatus.APPROVED and guest.checked_in_at is None


def test_the_api_lists_cost_the_same_queries_for_more_rows(story, login, django_assert_max_num_queries):
    tenant, event, _requester = story
    manager = tenant.user(Role.GLADIATOR)
    allotment = make_allotment(tenant, event, places=100)
    for i in range(3):
        services.request_guest(actor=manager, allotment=allotment, name=f"Guest {i}")
    client = login(manager)
    urls = ["/api/guests/requests/", "/api/guests/allotments/", "/api/guests/accreditations/"]
    costs = {}
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        costs[url] = len(few.captured_queries)
    for i in range(30):
        services.request_guest(actor=manager, allotment=allotment, name=f"More {i}")
        make_allotment(tenant, event, party=f"Party {i}", places=1)
    for url in urls:
        with django_assert_max_num_queries(costs[url]):
            assert client.get(url).status_code == 200


def test_a_badge_through_the_api_takes_zones_of_the_venue_only(tenant_a, tenant_b, login):
    event, zones = make_show(tenant_a)
    _theirs, their_zones = make_show(tenant_b, "Bravo Show", zones=("Bravo VIP",))
    client = login(tenant_a.user(Role.GLADIATOR))
    made = client.post(
        "/api/guests/accreditations/",
        {"event": event.pk, "name": "Alex Rigger", "kind": "crew", "zones": [zones["Backstage"].pk]},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["zones"] == [zones["Backstage"].pk]
    foreign = client.post(
        "/api/guests/accreditations/",
        {"event": event.pk, "name": "Sneak", "kind": "crew", "zones": [their_zones["Bravo VIP"].pk]},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "Bravo VIP" not in foreign.content.decode()
    assert client.get(f"/guests/badge/{made.json()['id']}.pdf").content.count(b"Backstage") >= 1
