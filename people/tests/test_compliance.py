"""The nightly compliance task: a notice to the person and their lead, once per threshold."""

import datetime

import pytest

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from people.models import expiry_state
from people.tasks import check_certification_expiry

from .helpers import make_cert, make_person, make_team

D = datetime.date
TODAY = D(2027, 6, 1)


@pytest.fixture
def crew(tenant_a):
    ws = tenant_a.workspace
    lead_user, member_user = tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.RAIDER)
    lead = make_person(ws, "Devi", "Okafor", user=lead_user)
    team = make_team(ws, "Riggers", lead=lead)
    ana = make_person(ws, "Ana", "Lopez", user=member_user, team=team)
    freelancer = make_person(ws, "Fred", "Free", team=team)  # no login: only the lead hears
    return {"lead": lead_user, "member": member_user, "ana": ana, "freelancer": freelancer}


def titles(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_states_at_the_edges():
    assert expiry_state(TODAY + datetime.timedelta(days=31), TODAY) == "valid"
    assert expiry_state(TODAY + datetime.timedelta(days=30), TODAY) == "expires_30"
    assert expiry_state(TODAY + datetime.timedelta(days=8), TODAY) == "expires_30"
    assert expiry_state(TODAY + datetime.timedelta(days=7), TODAY) == "expires_7"
    assert expiry_state(TODAY, TODAY) == "expires_7"
    assert expiry_state(TODAY - datetime.timedelta(days=1), TODAY) == "expired"
    assert expiry_state(None, TODAY) == "valid"


@pytest.mark.django_db
def test_each_threshold_is_noticed_once_by_the_person_and_their_lead(crew):
    make_cert(crew["ana"], "forklift", expires_on=TODAY + datetime.timedelta(days=30), name="Forklift B")
    check_certification_expiry(TODAY)
    check_certification_expiry(TODAY)  # the task runs twice: nobody hears twice
    assert titles(crew["member"]) == ["Your Forklift B certificate expires within 30 days"]
    assert titles(crew["lead"]) == ["Ana Lopez’s Forklift B certificate expires within 30 days"]

    check_certification_expiry(TODAY + datetime.timedelta(days=10))  # still inside 30 days: nothing new
    assert len(titles(crew["member"])) == 1
    check_certification_expiry(TODAY + datetime.timedelta(days=23))  # 7 days left
    check_certification_expiry(TODAY + datetime.timedelta(days=31))  # expired
    check_certification_expiry(TODAY + datetime.timedelta(days=32))
    assert titles(crew["member"]) == [
        "Your Forklift B certificate expires within 30 days",
        "Your Forklift B certificate expires within 7 days",
        "Your Forklift B certificate has expired",
    ]
    assert len(titles(crew["lead"])) == 3
    assert Notification.objects.filter(kind="people.certificate_expiry").count() == 6


@pytest.mark.django_db
def test_people_without_login_are_covered_by_their_lead(crew):
    make_cert(crew["freelancer"], "first_aid", expires_on=TODAY + datetime.timedelta(days=3))
    check_certification_expiry(TODAY)
    assert titles(crew["lead"]) == ["Fred Free’s First aid certificate expires within 7 days"]


@pytest.mark.django_db
def test_a_renewed_certificate_starts_afresh_and_valid_ones_are_quiet(crew):
    cert = make_cert(crew["ana"], "rigging", expires_on=TODAY + datetime.timedelta(days=5))
    make_cert(crew["ana"], "first_aid", expires_on=TODAY + datetime.timedelta(days=200))
    check_certification_expiry(TODAY)
    cert.expires_on = TODAY + datetime.timedelta(days=20)  # renewed, and that one is close again later
    cert.save()
    check_certification_expiry(TODAY)
    assert titles(crew["member"]) == [
        "Your Rigging certificate expires within 30 days",
        "Your Rigging certificate expires within 7 days",
    ]


@pytest.mark.django_db
def test_pages_flag_expiring_and_expired_certificates(crew, tenant_a, login):
    from django.utils import timezone

    today = timezone.localdate()
    make_cert(crew["ana"], "forklift", expires_on=today - datetime.timedelta(days=1))
    make_cert(crew["freelancer"], "rigging", expires_on=today + datetime.timedelta(days=20))
    ws = tenant_a.workspace
    client = login(tenant_a.user(Role.NAVIGATOR))
    directory = client.get(f"/people/w/{ws.organization.slug}/{ws.slug}/").content.decode()
    assert "Expired cert" in directory and "Cert ≤ 30 days" in directory
    watch = client.get(f"/people/w/{ws.organization.slug}/{ws.slug}/certificates/").content.decode()
    assert "Ana Lopez" in watch and "Fred Free" in watch
    person_page = client.get(f"/people/person/{crew['ana'].pk}/").content.decode()
    assert "Expired" in person_page
