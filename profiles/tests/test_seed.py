"""The demo logins have profiles to look at: history, skills, endorsements; a second run adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from profiles.models import Endorsement, MemberProfile, WorkHistoryEntry

pytestmark = pytest.mark.django_db


def test_demo_profiles_load_twice_without_duplicates_and_show_to_a_newcomer(client, seeded_demo):
    counts = (MemberProfile.objects.count(), WorkHistoryEntry.objects.count(), Endorsement.objects.count())
    call_command("seed_profiles_demo", stdout=io.StringIO())
    assert (MemberProfile.objects.count(), WorkHistoryEntry.objects.count(), Endorsement.objects.count()) == counts
    assert counts[0] == 12 and counts[1] > 12 and counts[2] > 0
    riley = get_user_model().objects.get(username="northstar-raider")
    assert WorkHistoryEntry.objects.filter(user=riley, source="assignments").exists()  # from the tour's crew calls
    client.force_login(riley)
    page = client.get("/profiles/").url
    html = client.get(page).content.decode()
    assert "Aurora" in html and "Spring Trade Fair" in html and "Carpentry" in html
    assert page == f"/profiles/{riley.pk}/" and Endorsement.objects.filter(user=riley).exists()
    # the demo Gladiator opened everything to the public: a visitor reads it
    dana = get_user_model().objects.get(username="northstar-gladiator")
    client.logout()
    public = client.get(f"/profiles/{dana.pk}/")
    assert public.status_code == 200 and "Show calling" in public.content.decode()
