"""The production office accredits crew and guests for an event, with zones of the event's venue, and
prints their badges as a PDF (one, or all of the event's)."""

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.tenancy.roles import Role
from guests import badges
from guests.errors import GuestInvalid
from guests.models import Accreditation

from .helpers import approved_guest, make_allotment, make_show

pytestmark = pytest.mark.django_db


def test_a_badge_pdf_names_the_person_and_their_zones(tenant_a, login):
    event, zones = make_show(tenant_a, zones=("Backstage", "Front of house", "Catering"))
    manager = tenant_a.user(Role.GLADIATOR)
    badge = badges.accredit(
        actor=manager,
        event=event,
        name="Alex Rigger",
        role="Head rigger",
        kind="crew",
        zones=[zones["Backstage"], zones["Catering"]],
    )
    response = login(manager).get(f"/guests/badge/{badge.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"Alex Rigger" in pdf and b"Head rigger" in pdf and b"Aurora Live" in pdf
    assert b"Backstage" in pdf and b"Catering" in pdf and b"Front of house" not in pdf


def test_all_badges_of_an_event_in_one_pdf(tenant_a, login):
    event, zones = make_show(tenant_a)
    manager = tenant_a.user(Role.GLADIATOR)
    guest = approved_guest(tenant_a, make_allotment(tenant_a, event), "Sam Guest")
    badges.accredit(actor=manager, event=event, name="Alex Rigger", zones=[zones["Backstage"]])
    badges.accredit(actor=manager, event=event, name="Sam Guest", kind="guest", guest=guest)
    response = login(manager).get(f"/guests/event/{event.pk}/badges.pdf")
    assert response.status_code == 200
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type /Page ") >= 2
    assert b"Alex Rigger" in response.content and b"Sam Guest" in response.content


def test_zones_of_another_venue_are_refused(tenant_a):
    event, _zones = make_show(tenant_a)
    _other, elsewhere = make_show(tenant_a, "Other Show", zones=("Elsewhere VIP",))
    with pytest.raises(GuestInvalid) as refusal:
        badges.accredit(
            actor=tenant_a.user(Role.GLADIATOR), event=event, name="Alex", zones=[elsewhere["Elsewhere VIP"]]
        )
    assert "zones of the event's venue" in str(refusal.value)
    assert not Accreditation.objects.exists()


def test_only_managers_accredit_and_print(tenant_a, tenant_b, login):
    event, zones = make_show(tenant_a)
    with pytest.raises(PermissionDenied):
        badges.accredit(actor=tenant_a.user(Role.NAVIGATOR), event=event, name="Alex")
    badge = badges.accredit(actor=tenant_a.user(Role.GLADIATOR), event=event, name="Alex")
    assert login(tenant_a.user(Role.NAVIGATOR)).get(f"/guests/event/{event.pk}/badges.pdf").status_code == 403
    assert login(tenant_b.user(Role.PHANTOM)).get(f"/guests/badge/{badge.pk}.pdf").status_code == 404
    assert login(tenant_b.user(Role.PHANTOM)).get(f"/guests/event/{event.pk}/badges/").status_code == 404
