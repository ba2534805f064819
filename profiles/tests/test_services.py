"""The profile services: the owner edits their own profile and history; history fills itself from the
productions they worked; a colleague who worked with them endorses a skill once. A refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from events.models import CrewCall, Event
from profiles import services
from profiles.errors import ProfileInvalid
from profiles.models import Endorsement, MemberProfile, WorkHistoryEntry

from .helpers import open_profile, worked_together

pytestmark = pytest.mark.django_db
R = Role


def test_a_crew_member_fills_in_their_profile(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    assert services.profile_of(riley).pk is None  # reading never writes
    profile = services.update_profile(
        riley,
        actor=riley,
        headline="  Stagehand ",
        bio="Carpenter first.",
        skills="rigging, Forklift,  audio   A2, Rigging",
        links="https://example.com/riley\nhttp://example.org/reel",
        skills_visibility="public",
    )
    assert (profile.headline, profile.skills) == ("Stagehand", ["rigging", "Forklift", "audio A2"])
    assert profile.links == ["https://example.com/riley", "http://example.org/reel"]
    assert (profile.skills_visibility, profile.bio_visibility) == ("public", "organization")
    assert list(ActivityEntry.objects.for_object(profile).values_list("verb", flat=True)) == ["profile.edited"]


def test_profile_refusals_change_nothing(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    open_profile(riley, level="organization")
    cases = [
        ({"links": "javascript:alert(1)"}, "not a web address"),
        ({"links": "ftp://example.com"}, "not a web address"),
        ({"skills": "x" * 41}, "too long for a skill"),
        ({"skills": [f"skill {n}" for n in range(31)]}, "at most 30 skills"),
        ({"bio_visibility": "everyone"}, "from the list"),
        ({"headline": "h" * 121}, "at most 120"),
        ({"phone": "+1 555"}, "cannot be changed here"),
    ]
    for changes, message in cases:
        with pytest.raises(ProfileInvalid, match=message):
            services.update_profile(riley, actor=riley, **changes)
    profile = MemberProfile.objects.get(user=riley)
    assert (profile.skills, profile.bio_visibility) == (["Rigging", "Forklift"], "organization")
    with pytest.raises(PermissionDenied):
        services.update_profile(riley, actor=tenant_a.user(R.PHANTOM), bio="Not yours")
    assert MemberProfile.objects.get(user=riley).bio == "Zebra bio"


def test_work_history_fills_from_the_productions_someone_finished(tenant_a):
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    tour = worked_together(tenant_a.workspace, riley, devi, name="Aurora — East leg", position="Stagehand")
    worked_together(tenant_a.workspace, riley, name="Aurora — West leg", days_ago=-5)  # still to come
    # a second job on the same tour, and a show without a production (a crew call)
    from people.models import Assignment, Position

    first = Assignment.objects.get(person__user=riley, production=tour)
    Assignment.objects.create(
        workspace=tenant_a.workspace,
        person=first.person,
        production=tour,
        position=Position.objects.create(workspace=tenant_a.workspace, name="Carpenter"),
        call_time=first.call_time - datetime.timedelta(days=3),
        end_time=first.end_time - datetime.timedelta(days=3),
    )
    start = timezone.now() - datetime.timedelta(days=40)
    gala = Event.objects.create(
        workspace=tenant_a.workspace, title="Charity gala", starts_at=start, ends_at=start + datetime.timedelta(hours=4)
    )
    call = CrewCall(event=gala, user=riley, call_time=start, role_title="Runner")
    call.set_booking(gala)
    call.save()

    assert services.refresh_work_history(riley) == 2
    entries = {e.title: e for e in WorkHistoryEntry.objects.filter(user=riley)}
    assert set(entries) == {"Aurora — East leg", "Charity gala"}
    aurora = entries["Aurora — East leg"]
    assert (aurora.role, aurora.company, aurora.production) == ("Carpenter, Stagehand", tenant_a.org.name, tour)
    assert aurora.started_on == timezone.localdate(first.call_time - datetime.timedelta(days=3))
    assert aurora.from_assignments and entries["Charity gala"].role == "Runner"
    assert services.refresh_work_history(riley) == 0  # twice adds nothing
    assert WorkHistoryEntry.objects.filter(user=riley).count() == 2

    # the owner removes one: it stays removed; a booking taken back takes its entry with it
    services.remove_history_entry(aurora, actor=riley)
    services.refresh_work_history(riley)
    assert list(WorkHistoryEntry.objects.visible_to(riley).of(riley).values_list("title", flat=True)) == [
        "Charity gala"
    ]
    call.delete()
    services.refresh_work_history(riley)
    assert not WorkHistoryEntry.objects.filter(user=riley, title="Charity gala").exists()


def test_the_owner_adds_edits_and_removes_entries_of_their_own(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    entry = services.add_history_entry(
        actor=riley, title="Spring Trade Fair", role="Stagehand", started_on=datetime.date(2025, 3, 1)
    )
    services.update_history_entry(entry, actor=riley, company="Expo Crew", ended_on=datetime.date(2025, 3, 4))
    entry.refresh_from_db()
    assert (entry.company, entry.ended_on, entry.source) == ("Expo Crew", datetime.date(2025, 3, 4), "manual")
    with pytest.raises(ProfileInvalid, match="end date comes after"):
        services.update_history_entry(entry, actor=riley, ended_on=datetime.date(2025, 2, 1))
    with pytest.raises(ProfileInvalid, match="Give the production's name"):
        services.add_history_entry(actor=riley, title="  ")
    with pytest.raises(PermissionDenied):
        services.update_history_entry(entry, actor=tenant_a.user(R.DEVIATOR), title="Mine now")
    with pytest.raises(PermissionDenied):
        services.remove_history_entry(entry, actor=tenant_a.user(R.PHANTOM))
    entry.refresh_from_db()
    assert (entry.title, entry.ended_on) == ("Spring Trade Fair", datetime.date(2025, 3, 4))
    services.remove_history_entry(entry, actor=riley)
    assert not WorkHistoryEntry.objects.exists()


def test_an_entry_from_assignments_is_not_edited_by_hand(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    worked_together(tenant_a.workspace, riley)
    services.refresh_work_history(riley)
    entry = WorkHistoryEntry.objects.get(user=riley)
    with pytest.raises(ProfileInvalid, match="comes from your assignments"):
        services.update_history_entry(entry, actor=riley, title="Something else")


def test_a_colleague_who_worked_the_production_endorses_a_skill_once(tenant_a):
    riley, devi, nico = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR), tenant_a.user(R.NAVIGATOR)
    open_profile(riley)
    tour = worked_together(tenant_a.workspace, riley, devi)
    endorsement = services.endorse(riley, actor=devi, skill="rigging")  # the listed spelling is kept
    assert (endorsement.skill, endorsement.production) == ("Rigging", tour)
    with pytest.raises(ProfileInvalid, match="already endorsed"):
        services.endorse(riley, actor=devi, skill="Rigging")
    with pytest.raises(ProfileInvalid, match="once you have worked on a production together"):
        services.endorse(riley, actor=nico, skill="Rigging")  # same organization, never on a show together
    with pytest.raises(ProfileInvalid, match="does not list the skill"):
        services.endorse(riley, actor=devi, skill="Pyrotechnics")
    with pytest.raises(ProfileInvalid, match="your own skills"):
        services.endorse(riley, actor=riley, skill="Forklift")
    assert list(Endorsement.objects.values_list("endorser", "skill")) == [(devi.pk, "Rigging")]
    # the database keeps the rule too, whatever writes the row
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(user=riley, endorser=devi, skill="Rigging")


def test_either_side_removes_an_endorsement_nobody_else(tenant_a):
    riley, devi, dana = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR), tenant_a.user(R.GLADIATOR)
    open_profile(riley)
    worked_together(tenant_a.workspace, riley, devi, dana)
    first = services.endorse(riley, actor=devi, skill="Rigging")
    second = services.endorse(riley, actor=dana, skill="Rigging")
    with pytest.raises(PermissionDenied):
        services.remove_endorsement(first, actor=dana)
    services.remove_endorsement(first, actor=devi)  # the endorser withdraws
    services.remove_endorsement(second, actor=riley)  # the endorsed person declines
    assert not Endorsement.objects.exists()


def test_a_skill_taken_off_the_list_takes_its_endorsements(tenant_a):
    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    open_profile(riley)
    worked_together(tenant_a.workspace, riley, devi)
    services.endorse(riley, actor=devi, skill="Rigging")
    services.endorse(riley, actor=devi, skill="Forklift")
    services.update_profile(riley, actor=riley, skills=["forklift", "Carpentry"])
    assert list(Endorsement.objects.values_list("skill", flat=True)) == ["Forklift"]


def test_the_nightly_task_picks_up_finished_bookings(tenant_a):
    from profiles.tasks import refresh_work_histories

    riley, devi = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    worked_together(tenant_a.workspace, riley, devi, days_ago=1)
    assert refresh_work_histories() == 2
    assert refresh_work_histories() == 0
    assert WorkHistoryEntry.objects.filter(user__in=[riley, devi]).count() == 2
