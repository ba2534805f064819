"""Who reads which part of a profile: the owner's organization always all of it; another organization's
signed-in users and the public only the sections the owner opened to them. Personal data (phone, rates,
emergency contact) never leaves the organization, whatever the owner chose."""

from decimal import Decimal

import pytest
from django.test import Client

from dragonfly.accounts.models import Profile
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from people.models import Person
from profiles import services

from .helpers import open_profile, worked_together

pytestmark = pytest.mark.django_db
R = Role
SECTIONS = ("bio", "skills", "history", "endorsements")
PERSONAL = ("+1 555 0199", "Zebra Emergency", "777.00", "+49 30 0000")


@pytest.fixture
def riley(tenant_a):
    """A Raider with every part of a profile filled in, an endorsement, history, and personal data."""
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley, level="organization")
    worked_together(tenant_a.workspace, riley, devi, name="Zebra Tour")
    services.refresh_work_history(riley)
    services.endorse(riley, actor=devi, skill="Rigging")
    Person.objects.filter(user=riley).update(
        phone="+1 555 0199", day_rate=Decimal("777"), emergency_contact_name="Zebra Emergency"
    )
    Profile.objects.update_or_create(user=riley, defaults={"phone": "+49 30 0000"})
    return riley


def readers(tenant_a, tenant_b, riley):
    return {
        "self": riley,
        "colleague": tenant_a.user(R.PASSENGER),
        "admin": tenant_a.user(R.PHANTOM),
        "other org": tenant_b.user(R.GLADIATOR),
        "anonymous": None,
    }


def client_for(user):
    client = Client()
    if user is not None:
        clear_access(user)
        client.force_login(user)
    return client


def seen(client, owner):
    """(page status, sections on the page, sections with content in the API)."""
    page = client.get(f"/profiles/{owner.pk}/")
    html = page.content.decode() if page.status_code == 200 else ""
    on_page = {s for s in SECTIONS if f'data-testid="profile-{s}"' in html}
    api = set()
    body = client.get("/api/profiles/", {"limit": 200})
    if body.status_code == 200:
        rows = [r for r in body.json()["results"] if r["user"] == owner.pk]
        if rows and rows[0]["bio"]:
            api.add("bio")
        if rows and rows[0]["skills"]:
            api.add("skills")
        history = client.get("/api/profiles/history/", {"user": owner.pk}).json()["results"]
        api |= {"history"} if history else set()
        endorsed = client.get("/api/profiles/endorsements/", {"user": owner.pk}).json()["results"]
        api |= {"endorsements"} if endorsed else set()
    return page.status_code, on_page, api, html


@pytest.mark.parametrize(
    "levels,expected",
    [
        # every section kept in the organization: outside it the profile does not exist
        (dict.fromkeys(SECTIONS, "organization"), {"other org": None, "anonymous": None}),
        (dict.fromkeys(SECTIONS, "members"), {"other org": set(SECTIONS), "anonymous": None}),
        (dict.fromkeys(SECTIONS, "public"), {"other org": set(SECTIONS), "anonymous": set(SECTIONS)}),
        (
            {"bio": "public", "skills": "members", "history": "organization", "endorsements": "members"},
            {"other org": {"bio", "skills", "endorsements"}, "anonymous": {"bio"}},
        ),
    ],
)
def test_privacy_matrix_same_org_other_org_anonymous(tenant_a, tenant_b, riley, levels, expected):
    services.update_profile(riley, actor=riley, **{f"{s}_visibility": v for s, v in levels.items()})
    wrong = []
    for who, user in readers(tenant_a, tenant_b, riley).items():
        want = expected.get(who, set(SECTIONS))  # the organization reads it all
        status, on_page, api, html = seen(client_for(user), riley)
        if want is None:
            if status != 404:
                wrong.append(f"{who}: page {status}, expected 404")
        elif (status, on_page) != (200, want):
            wrong.append(f"{who}: page {status} {sorted(on_page)}, expected {sorted(want)}")
        if user is not None and api != (want or set()):
            wrong.append(f"{who}: API {sorted(api)}, expected {sorted(want or set())}")
        outside = who in ("other org", "anonymous")
        if outside and any(secret in html for secret in PERSONAL):
            wrong.append(f"{who}: personal data on the page")
        if outside and ('data-testid="profile-availability"' in html or 'data-testid="profile-personal"' in html):
            wrong.append(f"{who}: availability or personal data section shown")
    assert not wrong, wrong


def test_personal_data_never_leaves_the_organization(tenant_a, tenant_b, riley):
    """Everything public: still no phone, rate or emergency contact for another organization or the public,
    on the page or in any API answer; inside, only who holds the personal-data permission reads them."""
    open_profile(riley, level="public")
    for user in (tenant_b.user(R.PHANTOM), tenant_b.user(R.GLADIATOR), None):
        client = client_for(user)
        answers = [client.get(f"/profiles/{riley.pk}/")]
        if user is not None:
            answers += [
                client.get(url) for url in ("/api/profiles/", "/api/profiles/history/", "/api/profiles/endorsements/")
            ]
        for response in answers:
            assert response.status_code == 200
            assert not any(secret in response.content.decode() for secret in PERSONAL), response.request["PATH_INFO"]
    admin = client_for(tenant_a.user(R.PHANTOM)).get(f"/profiles/{riley.pk}/").content.decode()
    assert all(secret in admin for secret in PERSONAL)  # the organization's admin reads them
    own = client_for(riley).get(f"/profiles/{riley.pk}/").content.decode()
    assert "+49 30 0000" in own and "777.00" in own
    observer = client_for(tenant_a.user(R.PASSENGER)).get(f"/profiles/{riley.pk}/").content.decode()
    assert 'data-testid="profile-bio"' in observer
    assert not any(secret in observer for secret in PERSONAL)  # a Passenger never reads personal data


def test_availability_reads_through_what_the_reader_may_see(tenant_a, riley):
    worked_together(tenant_a.workspace, riley, name="Next week", days_ago=-3)
    own = client_for(riley).get(f"/profiles/{riley.pk}/").context["availability"]
    admin = client_for(tenant_a.user(R.PHANTOM)).get(f"/profiles/{riley.pk}/").context["availability"]
    assert own["booked"] == admin["booked"] == 1 and own["free"] == 29
    assert "Next week" in own["upcoming"][0][1]
    # a Raider sees only their own assignments: a colleague's days read as free
    other_raider = tenant_a.user(R.RAIDER).__class__.objects.create_user("raider2")
    from dragonfly.tenancy.models import Membership

    Membership.objects.create(user=other_raider, organization=tenant_a.org, workspace=tenant_a.workspace, role=R.RAIDER)
    peer = client_for(other_raider).get(f"/profiles/{riley.pk}/").context["availability"]
    assert peer["booked"] == 0
