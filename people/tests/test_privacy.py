"""Phone, rates and emergency contact: hidden from Passenger, Ambassador, Merchant and Visitor on the
pages, in the API and in the CSV export; shown to Navigator and stronger, to a Deviator for their team
and to everyone for their own record."""

from decimal import Decimal

import pytest
from guardian.shortcuts import assign_perm

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role

from .helpers import make_person, make_team

SECRETS = ["555 0199", "777.00", "Kim Backup", "555 0123", "Allergic to nuts"]
HIDDEN_FROM = [Role.PASSENGER, Role.AMBASSADOR, Role.MERCHANT, Role.VISITOR]


@pytest.fixture
def ana(tenant_a):
    ws = tenant_a.workspace
    person = make_person(
        ws,
        "Ana",
        "Lopez",
        phone="+1 555 0199",
        day_rate=Decimal("777"),
        emergency_contact_name="Kim Backup",
        emergency_contact_phone="+1 555 0123",
        notes="Allergic to nuts",
        email="ana@example.com",
        job_title="Rigger",
        department="Rigging",
    )
    for role in (Role.MERCHANT, Role.VISITOR):  # the external roles see Ana only by an explicit grant
        user = tenant_a.user(role)
        assign_perm("people.view_person", user, person)
        clear_access(user)
    return person


def pages(tenant, person):
    ws = tenant.workspace
    base = f"/people/w/{ws.organization.slug}/{ws.slug}/"
    return {
        "person page": f"/people/person/{person.pk}/",
        "directory": base,
        "export": base + "export.csv",
        "api list": "/api/people/",
        "api detail": f"/api/people/{person.pk}/",
    }


def body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", HIDDEN_FROM, ids=lambda r: r.label)
def test_personal_data_is_hidden(tenant_a, ana, login, role):
    client = login(tenant_a.user(role))
    seen_ana = False
    for where, url in pages(tenant_a, ana).items():
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (where, response.status_code)
        text = body(response)
        leaked = [s for s in SECRETS if s in text]
        assert not leaked, f"{role.label} sees {leaked} on the {where}"
        seen_ana |= response.status_code == 200 and "Lopez" in text
    if role != Role.AMBASSADOR:
        assert seen_ana, f"{role.label} should still see Ana's name somewhere"
    api = client.get(f"/api/people/{ana.pk}/")
    if api.status_code == 200:
        assert "phone" not in api.json() and "day_rate" not in api.json()
        assert api.json()["personal_data_visible"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.NAVIGATOR, Role.GLADIATOR, Role.PHANTOM], ids=lambda r: r.label)
def test_office_roles_see_it_everywhere(tenant_a, ana, login, role):
    if role == Role.NAVIGATOR:  # a Navigator's reach is their department: Ana's
        make_person(tenant_a.workspace, "Nico", user=tenant_a.user(role), department="rigging")
    client = login(tenant_a.user(role))
    for where, url in pages(tenant_a, ana).items():
        text = body(client.get(url))
        assert "555 0199" in text, f"{role.label} misses the phone on the {where}"
    assert client.get(f"/api/people/{ana.pk}/").json()["day_rate"] == "777.00"


@pytest.mark.django_db
def test_a_deviator_sees_it_for_their_team_only(tenant_a, ana, login):
    deviator = tenant_a.user(Role.DEVIATOR)
    client = login(deviator)
    assert client.get(f"/people/person/{ana.pk}/").status_code == 404  # not their team: not even the record
    lead = make_person(tenant_a.workspace, "Devi", user=deviator)
    ana.team = make_team(tenant_a.workspace, "Riggers", lead=lead)
    ana.save()
    clear_access(deviator)
    assert "555 0199" in body(client.get(f"/people/person/{ana.pk}/"))
    assert "555 0199" in body(client.get(pages(tenant_a, ana)["export"]))


@pytest.mark.django_db
def test_a_raider_sees_their_own_and_nobody_elses(tenant_a, ana, login):
    raider = tenant_a.user(Role.RAIDER)
    me = make_person(tenant_a.workspace, "Riley", phone="+1 555 0177", user=raider)
    client = login(raider)
    assert "555 0177" in body(client.get(f"/people/person/{me.pk}/"))
    assert client.get(f"/people/person/{ana.pk}/").status_code == 404
    assert [p["id"] for p in client.get("/api/people/").json()["results"]] == [me.pk]


@pytest.mark.django_db
def test_a_navigator_sees_personal_data_of_their_department_only(tenant_a, ana, login):
    """Nico runs Audio: he sees Ben's (Audio) and Cy's (on an Audio team) phone, day rate and emergency
    contact on every page and in the API; Ana (Rigging) and Dee (Lighting, on the Audio team) only by name."""
    navigator = tenant_a.user(Role.NAVIGATOR)
    ws = tenant_a.workspace
    nico = make_person(ws, "Nico", "Baptiste", user=navigator, department="Audio", phone="+1 555 0100")
    ben = make_person(ws, "Ben", "Okoro", department="Audio", phone="+1 555 0222", day_rate=Decimal("650"))
    monitors = make_team(ws, "Monitors", department="Audio")
    cy = make_person(ws, "Cy", "Park", team=monitors, phone="+1 555 0333")  # no department of his own
    dee = make_person(ws, "Dee", "Santos", team=monitors, department="Lighting", phone="+1 555 0444")
    client = login(navigator)
    assert "555 0444" not in body(client.get(f"/people/person/{dee.pk}/"))  # her own department counts
    for where, url in pages(tenant_a, ana).items():
        text = body(client.get(url))
        leaked = [secret for secret in SECRETS if secret in text]
        assert not leaked, f"the Audio navigator sees Ana's {leaked} on the {where}"
        assert "Lopez" in text or where == "api detail" and "Ana" in text
    for where in ("directory", "export", "api list"):
        text = body(client.get(pages(tenant_a, ana)[where]))
        assert "555 0222" in text and "555 0333" in text and "555 0100" in text, where
    assert "555 0222" in body(client.get(f"/people/person/{ben.pk}/"))
    assert client.get(f"/api/people/{cy.pk}/").json()["phone"] == "+1 555 0333"
    detail = client.get(f"/api/people/{ana.pk}/").json()
    assert detail["personal_data_visible"] is False and "phone" not in detail
    assert client.get(f"/api/people/{nico.pk}/").json()["personal_data_visible"] is True


@pytest.mark.django_db
def test_a_navigator_without_a_department_sees_only_their_own(tenant_a, ana, login):
    navigator = tenant_a.user(Role.NAVIGATOR)
    me = make_person(tenant_a.workspace, "Nico", user=navigator, phone="+1 555 0100")
    client = login(navigator)
    directory = body(client.get(pages(tenant_a, ana)["directory"]))
    assert "Lopez" in directory and "555 0199" not in directory and "555 0100" in directory
    assert client.get(f"/api/people/{me.pk}/").json()["personal_data_visible"] is True
