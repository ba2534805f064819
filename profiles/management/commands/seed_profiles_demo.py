"""Demo profiles for the demo logins: a headline, a bio, skills and links, earlier productions in their
work history next to the ones their crew calls fill in, and endorsements between colleagues who worked
a production together. Made through the profiles services, each login acting for themself. Run by
seed_demo (after the events and crew); safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.roles import Role
from profiles import services
from profiles.models import Endorsement, HistorySource, MemberProfile, WorkHistoryEntry

ORG_ONLY, MEMBERS, PUBLIC = "organization", "members", "public"

# role -> headline, bio, skills, links, (bio, skills, history, endorsements) visibility, earlier work
# (production, role, company, years ago it ended, months it lasted)
PROFILES = {
    Role.PHANTOM: (
        "Promoter and company director",
        "Twenty years of putting shows on the road, from club tours to stadium runs.",
        ["Promoting", "Budgeting", "Artist relations"],
        ["https://example.com/morgan-hale"],
        (PUBLIC, PUBLIC, MEMBERS, MEMBERS),
        [("Coastline Festival", "Festival director", "Coastline Events", 2, 4)],
    ),
    Role.AVIATOR: (
        "Head of operations",
        "Runs the operations of several tours at once; keeps an eye on every site.",
        ["Site management", "Logistics", "Health and safety"],
        [],
        (MEMBERS, MEMBERS, MEMBERS, MEMBERS),
        [("Northern Lights Arena Tour", "Operations manager", "Polar Touring", 3, 6)],
    ),
    Role.GLADIATOR: (
        "Production and stage manager",
        "Calls the show and keeps the run of show honest. Previously a touring stage manager.",
        ["Stage management", "Show calling", "Scheduling"],
        ["https://example.com/dana-reyes/showreel"],
        (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
        [
            ("City Proms", "Stage manager", "Civic Hall Productions", 1, 2),
            ("Winter Ice Show", "ASM", "Glide Ltd", 4, 5),
        ],
    ),
    Role.NAVIGATOR: (
        "Head of audio",
        "FOH and systems engineer; tunes arenas and keeps the crew on time.",
        ["Audio A1", "System tuning", "RF coordination"],
        [],
        (MEMBERS, PUBLIC, ORG_ONLY, MEMBERS),
        [("Harbour Jazz Weekend", "FOH engineer", "Blue Note Audio", 2, 1)],
    ),
    Role.DEVIATOR: (
        "Crew chief",
        "Leads the local crew from load-in to load-out.",
        ["Rigging", "Crew leading", "Forklift"],
        [],
        (ORG_ONLY, MEMBERS, MEMBERS, ORG_ONLY),
        [("Riverside Open Air", "Stagehand crew chief", "Riverside Crew Co.", 1, 3)],
    ),
    Role.RAIDER: (
        "Stagehand",
        "Stagehand and carpenter, happy on any load-in.",
        ["Carpentry", "Stagehand", "Forklift"],
        [],
        (ORG_ONLY, ORG_ONLY, ORG_ONLY, ORG_ONLY),
        [("Spring Trade Fair", "Stagehand", "Expo Crew", 1, 1)],
    ),
}


class Command(BaseCommand):
    help = "Load demo profiles, work history and endorsements for the demo logins (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for organization in Organization.objects.filter(slug__in=["northstar", "bluewave"]).order_by("pk"):
            users = self.logins(organization)
            for role, user in users.items():
                made += self.profile(organization, user, PROFILES[role])
            for user in users.values():
                made += services.refresh_work_history(user)
            made += self.endorsements(list(users.values()))
        self.stdout.write(self.style.SUCCESS(f"{made} demo profile(s), history entries and endorsements added."))

    def logins(self, organization):
        usernames = {f"{organization.slug}-{role.label.lower()}": role for role in PROFILES}
        found = get_user_model().objects.filter(username__in=usernames).order_by("pk")
        return {usernames[user.username]: user for user in found}

    def profile(self, organization, user, spec):
        headline, bio, skills, links, levels, earlier = spec
        if MemberProfile.objects.filter(user=user).exists():
            return 0
        visibility = dict(zip(MemberProfile.VISIBILITY_FIELDS, levels, strict=True))
        services.update_profile(user, actor=user, headline=headline, bio=bio, skills=skills, links=links, **visibility)
        made = 1
        today = local_today(organization)
        for title, role, company, years_ago, months in earlier:
            if WorkHistoryEntry.objects.filter(user=user, source=HistorySource.MANUAL, title=title).exists():
                continue
            ended = today.replace(day=1) - datetime.timedelta(days=365 * years_ago)
            services.add_history_entry(
                actor=user,
                title=title,
                role=role,
                company=company,
                started_on=ended - datetime.timedelta(days=30 * months),
                ended_on=ended,
            )
            made += 1
        return made

    def endorsements(self, users):
        """Each login endorses the first two skills of every colleague they worked a production with."""
        made = 0
        for endorser in users:
            for person in users:
                if person == endorser or not services.shared_production_ids(endorser, person):
                    continue
                for skill in services.profile_of(person).skills[:2]:
                    if not Endorsement.objects.filter(user=person, endorser=endorser, skill=skill).exists():
                        services.endorse(person, actor=endorser, skill=skill)
                        made += 1
        return made
