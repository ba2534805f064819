"""At the door: a steward finds an approved guest by name, by typed door code or by their scanned pass,
and checks them in with their plus-ones. Checking the same guest in twice counts them once, and a
replayed submission (the same idempotency key, as an offline phone sends it again) changes nothing."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.core.models import SubmissionKey
from dragonfly.tenancy.roles import Role
from guests import door, services
from guests.errors import GuestInvalid, NotOnList
from guests.models import CheckIn

from .helpers import approved_guest, make_allotment, make_show

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_(tenant_a):
    event, _zones = make_show(tenant_a)
    allotment = make_allotment(tenant_a, event, places=10)
    jo = approved_guest(tenant_a, allotment, "Jo Fan", plus_ones=2)
    kim = approved_guest(tenant_a, allotment, "Kim Lee")
    return tenant_a, event, allotment, jo, kim


def test_the_counts_follow_check_ins(list_):
    tenant, event, _allotment, jo, kim = list_
    steward = tenant.user(Role.DEVIATOR)
    assert door.counts(event) == door.DoorCounts(checked_in=0, expected=4, guests_in=0, guests=2)
    door.check_in(jo, actor=steward, plus_ones=1)
    assert door.counts(event) == door.DoorCounts(checked_in=2, expected=4, guests_in=1, guests=2)
    door.check_in(kim, actor=steward)
    assert door.counts(event).checked_in == 3


def test_checking_the_same_guest_in_twice_counts_once(list_):
    tenant, event, _allotment, jo, _kim = list_
    steward = tenant.user(Role.DEVIATOR)
    first = door.check_in(jo, actor=steward, plus_ones=2)
    again = door.check_in(jo, actor=steward, plus_ones=0)
    assert first.first and not again.first
    jo.refresh_from_db()
    assert jo.plus_ones_in == 2  # a later tap without plus-ones takes none away
    assert door.counts(event).checked_in == 3


def test_a_replayed_submission_counts_once(list_, login):
    # The door page's form, sent twice under one idempotency key (an offline phone's queue): one check-in.
    tenant, event, _allotment, jo, _kim = list_
    client = login(tenant.user(Role.DEVIATOR))
    key = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(f"/guests/guest/{jo.pk}/check-in/", {"plus_ones": "1", "idempotency_key": key})
        assert response.status_code == 302
    assert CheckIn.objects.filter(request=jo).count() == 1
    assert SubmissionKey.objects.filter(key=key).count() == 1
    assert door.counts(event).checked_in == 2


def test_a_refused_check_in_keeps_no_key_and_a_malformed_key_is_a_400(list_, login):
    tenant, event, _allotment, jo, _kim = list_
    client = login(tenant.user(Role.DEVIATOR))
    key = str(uuid.uuid4())
    refused = client.post(f"/guests/guest/{jo.pk}/check-in/", {"plus_ones": "3", "idempotency_key": key})
    assert refused.status_code == 400 and "may bring 2 plus-ones, not 3" in refused.content.decode()
    assert not SubmissionKey.objects.exists()  # fixed, the same submission may go again
    assert client.post(f"/guests/guest/{jo.pk}/check-in/", {"plus_ones": "3"}).status_code == 400  # no key alike
    malformed = client.post(f"/guests/guest/{jo.pk}/check-in/", {"idempotency_key": "not a key!"})
    assert malformed.status_code == 400
    assert door.counts(event).checked_in == 0 and not CheckIn.objects.exists()


def test_only_approved_guests_and_up_to_their_plus_ones(list_):
    tenant, event, allotment, jo, _kim = list_
    steward, manager = tenant.user(Role.DEVIATOR), tenant.user(Role.GLADIATOR)
    waiting = services.request_guest(actor=manager, allotment=allotment, name="Not yet")
    with pytest.raises(NotOnList):
        door.check_in(waiting, actor=steward)
    with pytest.raises(GuestInvalid):
        door.check_in(jo, actor=steward, plus_ones=3)
    assert door.counts(event).checked_in == 0 and not CheckIn.objects.exists()


def test_door_staff_need_the_check_in_permission(list_):
    tenant, _event, _allotment, jo, _kim = list_
    for role in (Role.RAIDER, Role.PASSENGER):
        with pytest.raises(PermissionDenied):
            door.check_in(jo, actor=tenant.user(role))
    jo.refresh_from_db()
    assert jo.checked_in_at is None


def test_a_guest_is_found_by_name_by_code_and_by_their_signed_pass(list_):
    _tenant, event, _allotment, jo, kim = list_
    assert door.search(event, "jo f") == [jo]
    assert door.find_by_code(event, jo.door_code.lower()) == jo
    assert door.find_by_code(event, door.pass_token(kim)) == kim
    forged = door.pass_token(kim).replace(f"{kim.pk}.", f"{jo.pk}.", 1)
    assert door.find_by_code(event, forged) is None
    assert door.find_by_code(event, "ZZZZZZZZ") is None


def test_a_checked_in_guest_is_not_declined(list_):
    tenant, _event, _allotment, jo, _kim = list_
    door.check_in(jo, actor=tenant.user(Role.DEVIATOR))
    with pytest.raises(GuestInvalid):
        services.decline_request(jo, actor=tenant.user(Role.GLADIATOR))
