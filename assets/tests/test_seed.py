import io

from django.core.management import call_command

from assets.models import Asset
from people.models import Assignment, Person


def test_demo_crew_and_gear_load_twice_without_duplicates(seeded_demo):
    call_command("seed_people_assets", stdout=io.StringIO())
    counts = (Person.objects.count(), Asset.objects.count(), Assignment.objects.count())
    call_command("seed_people_assets", stdout=io.StringIO())
    assert (Person.objects.count(), Asset.objects.count(), Assignment.objects.count()) == counts
    assert counts[0] >= 24 and counts[1] >= 100 and counts[2] > 0


def test_the_demo_navigator_heads_audio_and_sees_its_personal_data_only(seeded_demo):
    from dragonfly.tenancy.models import Membership
    from dragonfly.tenancy.roles import Role
    from people.privacy import can_see_personal_data

    member = Membership.objects.filter(organization__slug="northstar", role=Role.NAVIGATOR).first()
    ws = member.workspace
    crew = {p.first_name: p for p in Person.objects.filter(workspace=ws)}
    assert crew["Chris"].department == "Audio"
    assert can_see_personal_data(member.user, crew["Chris"])
    assert not can_see_personal_data(member.user, crew["Alex"])  # Rigging
    assert Person.objects.get(workspace=ws, user=member.user).department == "Audio"
