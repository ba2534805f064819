"""An artist's manager asks for guests on their allotment; the event's manager approves within the
allotment (plus-ones counted), refuses what is over it, and two managers racing for the last place
leave exactly one approved. Nobody else decides, and another organization sees nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from dragonfly.testing.concurrency import at_once, refused, succeeded
from guests import services
from guests.errors import GuestInvalid, OverAllotment
from guests.models import Allotment, GuestRequest, GuestStatus

from .helpers import make_allotment, make_show

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(tenant_a):
    event, _zones = make_show(tenant_a)
    requester = tenant_a.user(Role.RAIDER)
    allotment = make_allotment(tenant_a, event, places=4, user=requester)
    return tenant_a, event, allotment, requester


def test_the_requester_asks_and_the_manager_approves_within_the_allotment(story):
    tenant, event, allotment, requester = story
    manager = tenant.user(Role.GLADIATOR)
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan", plus_ones=1, note="Family")
    assert guest.status == GuestStatus.REQUESTED and guest.event == event
    approved = services.approve_request(guest, actor=manager, note="Welcome")
    assert approved.status == GuestStatus.APPROVED and approved.decided_by == manager
    assert services.approved_places(allotment) == 2
    entry = ActivityEntry.objects.filter(verb="guest.approved", object_id=str(guest.pk)).get()
    assert (entry.from_state, entry.to_state, entry.note) == ("requested", "approved", "Welcome")


def test_approving_over_the_allotment_is_refused_and_changes_nothing(story):
    tenant, _event, allotment, requester = story
    manager = tenant.user(Role.GLADIATOR)
    first = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan", plus_ones=2)
    services.approve_request(first, actor=manager)  # 3 of 4 places
    second = services.request_guest(actor=requester, allotment=allotment, name="Kim Fan", plus_ones=1)  # needs 2
    with pytest.raises(OverAllotment) as refusal:
        services.approve_request(second, actor=manager)
    assert "1 of 4 places left" in str(refusal.value) and "Kim Fan needs 2" in str(refusal.value)
    second.refresh_from_db()
    assert second.status == GuestStatus.REQUESTED and second.decided_by is None
    assert services.approved_places(allotment) == 3
    assert not ActivityEntry.objects.filter(verb="guest.approved", object_id=str(second.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_two_managers_racing_for_the_last_place_approve_only_one(tenant_a):
    event, _zones = make_show(tenant_a)
    allotment = make_allotment(tenant_a, event, places=1)
    manager, aviator = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.PHANTOM)
    one = services.request_guest(actor=manager, allotment=allotment, name="One")
    two = services.request_guest(actor=manager, allotment=allotment, name="Two")
    results = at_once(
        [lambda: services.approve_request(one, actor=manager), lambda: services.approve_request(two, actor=aviator)]
    )
    assert len(succeeded(results)) == 1
    assert [type(e) for e in refused(results)] == [OverAllotment]
    assert GuestRequest.objects.filter(allotment=allotment, status=GuestStatus.APPROVED).count() == 1


def test_a_declined_guest_takes_no_place_and_can_be_approved_later(story):
    tenant, _event, allotment, requester = story
    manager = tenant.user(Role.GLADIATOR)
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan", plus_ones=3)
    services.decline_request(guest, actor=manager)
    assert services.approved_places(allotment) == 0
    assert services.approve_request(guest, actor=manager).status == GuestStatus.APPROVED
    assert services.approved_places(allotment) == 4


def test_only_the_events_managers_decide(story):
    tenant, _event, allotment, requester = story
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan")
    for role in (Role.NAVIGATOR, Role.DEVIATOR, Role.RAIDER):
        with pytest.raises(PermissionDenied):
            services.approve_request(guest, actor=tenant.user(role))
    guest.refresh_from_db()
    assert guest.status == GuestStatus.REQUESTED


def test_only_the_allotments_requester_or_a_manager_asks_on_it(story):
    tenant, _event, allotment, _requester = story
    with pytest.raises(PermissionDenied):
        services.request_guest(actor=tenant.user(Role.DEVIATOR), allotment=allotment, name="Gatecrasher")
    with pytest.raises(GuestInvalid):
        services.request_guest(actor=tenant.user(Role.GLADIATOR), allotment=allotment, name=" ", plus_ones=0)
    with pytest.raises(GuestInvalid):
        services.request_guest(actor=tenant.user(Role.GLADIATOR), allotment=allotment, name="Big", plus_ones=99)
    assert not GuestRequest.objects.exists()


def test_an_allotment_cannot_shrink_below_what_is_approved(story):
    tenant, _event, allotment, requester = story
    manager = tenant.user(Role.GLADIATOR)
    guest = services.request_guest(actor=requester, allotment=allotment, name="Jo Fan", plus_ones=2)
    services.approve_request(guest, actor=manager)
    with pytest.raises(OverAllotment):
        services.update_allotment(allotment, actor=manager, places=2)
    assert Allotment.objects.get(pk=allotment.pk).places == 4
    assert services.update_allotment(allotment, actor=manager, places=3).places == 3


def test_a_requester_sees_only_their_own_allotments_requests(story, tenant_b):
    tenant, event, allotment, requester = story
    other = make_allotment(tenant, event, party="Support act", places=2)
    manager = tenant.user(Role.GLADIATOR)
    mine = services.request_guest(actor=requester, allotment=allotment, name="Mine")
    services.request_guest(actor=manager, allotment=other, name="Not mine")
    assert list(GuestRequest.objects.visible_to(requester)) == [mine]
    assert list(Allotment.objects.visible_to(requester)) == [allotment]
    assert GuestRequest.objects.visible_to(manager).count() == 2
    assert not GuestRequest.objects.visible_to(tenant_b.user(Role.PHANTOM)).exists()
    assert not Allotment.objects.visible_to(tenant_b.user(Role.GLADIATOR)).exists()


def test_a_requester_of_another_organization_is_refused(story, tenant_b):
    tenant, event, _allotment, _requester = story
    with pytest.raises(GuestInvalid):
        make_allotment(tenant, event, party="Intruder", user=tenant_b.user(Role.RAIDER))
