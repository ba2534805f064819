"""A crew member's story through the pages: fill in the profile with a photo, keep the work history,
and a colleague who worked the tour endorses a skill. Others may read, never change."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dragonfly.accounts.models import Profile
from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import assert_constant_queries
from profiles import services
from profiles.models import Endorsement, MemberProfile, WorkHistoryEntry

from .helpers import open_profile, worked_together

pytestmark = pytest.mark.django_db
R = Role
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PROFILE_FORM = {
    "headline": "Stagehand",
    "bio": "Carpenter first.",
    "skills": "Rigging, Forklift",
    "links": "https://example.com/riley",
    "bio_visibility": "public",
    "skills_visibility": "members",
    "history_visibility": "organization",
    "endorsements_visibility": "members",
}


def test_my_profile_from_the_user_menu_edit_it_with_a_photo(tenant_a, login, media_root):
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)
    home = client.get("/").content.decode()
    assert f'href="{reverse("profiles:mine")}"' in home and "My profile" in home
    assert client.get(reverse("profiles:mine"))["Location"] == f"/profiles/{riley.pk}/"
    empty = client.get(f"/profiles/{riley.pk}/")
    assert empty.status_code == 200 and "No work history yet" in empty.content.decode()

    bad = client.post("/profiles/edit/", {**PROFILE_FORM, "links": "not a link"})
    assert bad.status_code == 400 and "is not a web address" in bad.content.decode()
    assert not MemberProfile.objects.exists()
    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    response = client.post("/profiles/edit/", {**PROFILE_FORM, "photo": photo})
    assert response.status_code == 302 and response["Location"] == f"/profiles/{riley.pk}/"
    profile = MemberProfile.objects.get(user=riley)
    assert (profile.skills, profile.skills_visibility) == (["Rigging", "Forklift"], "members")
    avatar = Profile.objects.get(user=riley).avatar
    assert avatar.bucket == "avatars"
    page = client.get(f"/profiles/{riley.pk}/").content.decode()
    assert f"/files/public/{avatar.pk}/" in page and "Carpenter first." in page and "Rigging" in page
    assert "Signed-in users of other organizations" in page  # the owner reads who sees what


def test_keeping_the_work_history_through_the_pages(tenant_a, tenant_b, login):
    riley = tenant_a.user(R.RAIDER)
    worked_together(tenant_a.workspace, riley, name="Aurora — East leg")
    client = login(riley)
    assert client.post("/profiles/history/refresh/").status_code == 302
    assert "Aurora — East leg" in client.get(f"/profiles/{riley.pk}/").content.decode()
    response = client.post(
        "/profiles/history/new/", {"title": "Spring Trade Fair", "role": "Stagehand", "started_on": "2025-03-01"}
    )
    assert response.status_code == 302
    entry = WorkHistoryEntry.objects.get(title="Spring Trade Fair")
    bad = client.post(
        f"/profiles/history/{entry.pk}/edit/",
        {"title": "Spring Trade Fair", "started_on": "2025-03-01", "ended_on": "2025-02-01"},
    )
    assert bad.status_code == 400 and "end date comes after" in bad.content.decode()
    ok = client.post(f"/profiles/history/{entry.pk}/edit/", {"title": "Spring Trade Fair 2025", "company": "Expo"})
    assert ok.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.company) == ("Spring Trade Fair 2025", "Expo")
    # a colleague reads it (same organization) but may not change it: 403; another organization: 404
    colleague = login(tenant_a.user(R.GLADIATOR))
    assert colleague.get(f"/profiles/history/{entry.pk}/edit/").status_code == 403
    assert colleague.post(f"/profiles/history/{entry.pk}/remove/").status_code == 403
    outsider = login(tenant_b.user(R.PHANTOM))
    assert outsider.get(f"/profiles/history/{entry.pk}/edit/").status_code == 404
    assert outsider.post(f"/profiles/history/{entry.pk}/remove/").status_code == 404
    assert WorkHistoryEntry.objects.filter(pk=entry.pk).exists()


def test_a_colleague_from_the_tour_endorses_through_the_page(tenant_a, tenant_b, login):
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley, level="organization")
    worked_together(tenant_a.workspace, riley, devi)
    client = login(devi)
    page = client.get(f"/profiles/{riley.pk}/").content.decode()
    assert f'action="/profiles/{riley.pk}/endorse/"' in page
    assert client.post(f"/profiles/{riley.pk}/endorse/", {"skill": "Rigging"}).status_code == 302
    again = client.post(f"/profiles/{riley.pk}/endorse/", {"skill": "Rigging"}, follow=True).content.decode()
    assert "You have already endorsed" in again
    assert Endorsement.objects.count() == 1
    # someone who never worked with Riley is told why, and nothing is saved
    nico = login(tenant_a.user(R.NAVIGATOR))
    assert 'action="/profiles/' not in nico.get(f"/profiles/{riley.pk}/").content.decode().split("endorse/")[0][-60:]
    refused = nico.post(f"/profiles/{riley.pk}/endorse/", {"skill": "Forklift"}, follow=True).content.decode()
    assert "once you have worked on a production together" in refused and Endorsement.objects.count() == 1
    # another organization may not even find the profile (kept to the organization)
    outsider = login(tenant_b.user(R.GLADIATOR))
    assert outsider.post(f"/profiles/{riley.pk}/endorse/", {"skill": "Forklift"}).status_code == 404
    # Riley declines it from their own page
    endorsement = Endorsement.objects.get()
    owner = login(riley)
    assert owner.post(f"/profiles/endorsements/{endorsement.pk}/remove/").status_code == 302
    assert not Endorsement.objects.exists()


def test_the_profile_page_costs_the_same_queries_for_a_longer_history(tenant_a, login):
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley, level="organization")
    worked_together(tenant_a.workspace, riley, devi)
    services.endorse(riley, actor=devi, skill="Rigging")
    services.refresh_work_history(riley)
    client = login(tenant_a.user(R.PHANTOM))
    url = f"/profiles/{riley.pk}/"

    def grow():
        for n in range(5):
            services.add_history_entry(actor=riley, title=f"Show {n}", started_on=datetime.date(2024, 1, n + 1))
        for n in range(3):
            worked_together(tenant_a.workspace, riley, name=f"Tour {n}", days_ago=-n - 1)

    client.get(url)  # the first request of a session warms its caches
    assert_constant_queries(client, url, grow)
    page = client.get(url)
    assert len(page.context["history"]) == 6 and page.context["availability"]["booked"] == 3


def test_the_api_lists_cost_the_same_queries_for_more_rows(tenant_a, login, monkeypatch):
    from dragonfly.testing.queries import PageSize

    people = [tenant_a.user(role) for role in (R.RAIDER, R.DEVIATOR, R.NAVIGATOR, R.GLADIATOR)]
    worked_together(tenant_a.workspace, *people)
    for person in people:
        open_profile(person)
        services.refresh_work_history(person)
    for endorser in people[1:]:
        services.endorse(people[0], actor=endorser, skill="Rigging")
    client = login(tenant_a.user(R.PHANTOM))
    size = PageSize(1)
    with size.active(monkeypatch):
        for url in ("/api/profiles/", "/api/profiles/history/", "/api/profiles/endorsements/"):
            size.set(1)
            assert_constant_queries(client, url, lambda: size.set(200))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_the_admin_lists_profiles_history_and_endorsements_with_filters_and_search(tenant_a, login):
    """The platform's admins keep them (a profile is its owner's: no role carries its permissions)."""
    from dragonfly.testing.factories import make_user

    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley)
    worked_together(tenant_a.workspace, riley, devi)
    services.refresh_work_history(riley)
    services.endorse(riley, actor=devi, skill="Rigging")
    admin = login(make_user("platform-admin", is_staff=True, is_superuser=True))
    for model, query in (("memberprofile", "Zebra"), ("workhistoryentry", "Aurora"), ("endorsement", "Rigging")):
        listing = admin.get(f"/admin/profiles/{model}/", {"q": query})
        assert listing.status_code == 200 and listing.context["cl"].result_count == 1, model
    filtered = admin.get("/admin/profiles/memberprofile/", {"bio_visibility__exact": "public"})
    assert filtered.context["cl"].result_count == 1
    assert login(tenant_a.user(R.PHANTOM)).get("/admin/profiles/memberprofile/").status_code == 403
