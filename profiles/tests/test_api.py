"""The profiles API: the same services, privacy and rules as the pages; errors are JSON."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_url_matrix
from profiles.models import Endorsement, MemberProfile, WorkHistoryEntry

from .helpers import open_profile, worked_together

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"
EVERY_ROLE = set(Role) - {R.LEGEND}


def test_my_profile_and_history_through_the_api(tenant_a, login):
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)
    empty = client.get("/api/profiles/me/").json()
    assert (empty["id"], empty["skills"], empty["bio_visibility"]) == (None, [], "organization")
    response = client.patch(
        "/api/profiles/me/",
        {"headline": "Stagehand", "skills": ["Rigging", "rigging", "Forklift"], "skills_visibility": "public"},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["skills"] == ["Rigging", "Forklift"]
    bad = client.patch("/api/profiles/me/", {"links": ["javascript:alert(1)"]}, content_type=JSON)
    assert bad.status_code == 400 and "not a web address" in bad.json()["detail"]
    assert MemberProfile.objects.get(user=riley).links == []

    created = client.post(
        "/api/profiles/history/", {"title": "Spring Trade Fair", "started_on": "2025-03-01"}, content_type=JSON
    )
    assert created.status_code == 201 and created.json()["source"] == "manual"
    pk = created.json()["id"]
    late = client.patch(f"/api/profiles/history/{pk}/", {"ended_on": "2025-01-01"}, content_type=JSON)
    assert late.status_code == 400 and "end date" in late.json()["detail"]
    assert client.patch(f"/api/profiles/history/{pk}/", {"role": "Carpenter"}, content_type=JSON).status_code == 200
    # a colleague reads the entry but may not change or remove it (403); another organization finds nothing (404)
    colleague = login(tenant_a.user(R.GLADIATOR))
    assert colleague.get(f"/api/profiles/history/{pk}/").status_code == 200
    assert colleague.patch(f"/api/profiles/history/{pk}/", {"role": "x"}, content_type=JSON).status_code == 403
    assert colleague.delete(f"/api/profiles/history/{pk}/").status_code == 403
    assert WorkHistoryEntry.objects.get(pk=pk).role == "Carpenter"
    assert login(riley).delete(f"/api/profiles/history/{pk}/").status_code == 204
    assert not WorkHistoryEntry.objects.exists()


def test_another_organization_reads_only_what_is_open_to_it(tenant_a, tenant_b, login):
    riley = tenant_a.user(R.RAIDER)
    profile = open_profile(riley, level="organization", skills_visibility="members")
    outsider = login(tenant_b.user(R.GLADIATOR))
    row = outsider.get(f"/api/profiles/{profile.pk}/").json()
    assert (row["skills"], row["bio"], row["links"], row["skills_visibility"]) == (
        ["Rigging", "Forklift"],
        None,
        None,
        None,
    )
    assert outsider.patch(f"/api/profiles/{profile.pk}/", {"bio": "x"}, content_type=JSON).status_code == 403
    open_profile(riley, level="organization")
    missing = outsider.get(f"/api/profiles/{profile.pk}/")
    assert missing.status_code == 404 and missing["Content-Type"].startswith(JSON)
    colleague = login(tenant_a.user(R.PASSENGER))
    assert colleague.get(f"/api/profiles/{profile.pk}/").json()["bio"] == "Zebra bio"
    assert colleague.patch(f"/api/profiles/{profile.pk}/", {"bio": "x"}, content_type=JSON).status_code == 403
    assert MemberProfile.objects.get().bio == "Zebra bio"


def test_endorsements_through_the_api(tenant_a, tenant_b, login):
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley, level="organization")
    worked_together(tenant_a.workspace, riley, devi)
    client = login(devi)
    given = client.post("/api/profiles/endorsements/", {"user": riley.pk, "skill": "rigging"}, content_type=JSON)
    assert given.status_code == 201 and given.json()["skill"] == "Rigging"
    twice = client.post("/api/profiles/endorsements/", {"user": riley.pk, "skill": "Rigging"}, content_type=JSON)
    assert twice.status_code == 400 and "already endorsed" in twice.json()["detail"]
    stranger = login(tenant_a.user(R.NAVIGATOR))
    refused = stranger.post("/api/profiles/endorsements/", {"user": riley.pk, "skill": "Forklift"}, content_type=JSON)
    assert refused.status_code == 400 and "worked on a production together" in refused.json()["detail"]
    outsider = login(tenant_b.user(R.GLADIATOR))
    unknown = outsider.post("/api/profiles/endorsements/", {"user": riley.pk, "skill": "Forklift"}, content_type=JSON)
    assert unknown.status_code == 400 and "user" in unknown.json()["errors"]  # nobody they share a workspace with
    pk = given.json()["id"]
    assert outsider.delete(f"/api/profiles/endorsements/{pk}/").status_code == 404
    stranger = login(tenant_a.user(R.NAVIGATOR))  # one test client: `login` signs the next one in
    assert stranger.delete(f"/api/profiles/endorsements/{pk}/").status_code == 403
    assert login(riley).delete(f"/api/profiles/endorsements/{pk}/").status_code == 204
    assert not Endorsement.objects.exists()


def test_profile_pages_by_role(tenant_a):
    """Every role may keep a profile of their own and read a colleague's; nobody edits another's entry."""
    riley = tenant_a.user(R.RAIDER)
    open_profile(riley, level="organization")
    entry = WorkHistoryEntry.objects.create(user=riley, title="Zebra Tour")
    requests = {
        "open my profile": ("get", reverse("profiles:mine"), None),
        "open the edit form": ("get", reverse("profiles:edit"), None),
        "read a colleague's profile": ("get", reverse("profiles:detail", args=[riley.pk]), None),
        "add to my history": ("post", reverse("profiles:add_history"), {"title": "Show"}),
        "edit a colleague's entry": ("post", reverse("profiles:edit_history", args=[entry.pk]), {"title": "x"}),
        "remove a colleague's entry": ("post", reverse("profiles:remove_history", args=[entry.pk]), None),
    }
    expected = {
        "open my profile": EVERY_ROLE,
        "open the edit form": EVERY_ROLE,
        "read a colleague's profile": EVERY_ROLE,
        "add to my history": EVERY_ROLE,
        "edit a colleague's entry": {R.RAIDER},  # Riley's own
        "remove a colleague's entry": {R.RAIDER},
    }
    assert_url_matrix(tenant_a, requests, expected)


def test_another_organization_opens_none_of_a_kept_profile(tenant_a, tenant_b):
    riley = tenant_a.user(R.RAIDER)
    open_profile(riley, level="organization")
    entry = WorkHistoryEntry.objects.create(user=riley, title="Zebra Tour")
    requests = {
        "read the profile": ("get", reverse("profiles:detail", args=[riley.pk]), None),
        "read it through the API": ("get", f"/api/profiles/{riley.member_profile.pk}/", None),
        "read an entry": ("get", f"/api/profiles/history/{entry.pk}/", None),
        "edit an entry": ("post", reverse("profiles:edit_history", args=[entry.pk]), {"title": "x"}),
        "endorse": ("post", reverse("profiles:endorse", args=[riley.pk]), {"skill": "Rigging"}),
    }
    assert_url_matrix(tenant_b, requests, {action: set() for action in requests})
