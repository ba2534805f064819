"""Demo crew and gear for the demo workspaces (run after seed_demo). Safe to run twice.

Lives in assets, the higher of the two modules: people must not import assets."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assets.models import Asset, Kit, MaintenanceSchedule, Reservation, ReservationItem
from dragonfly.tenancy.models import Membership, Workspace
from dragonfly.tenancy.roles import Role
from people.models import Assignment, Certification, Person, Position, Team
from productions.models import Production

CREW = [
    ("Alex", "Moreno", "Head rigger", "Rigging", "rigging, working at height, motors"),
    ("Bea", "Lindgren", "Forklift operator", "Site", "forklift, telehandler"),
    ("Chris", "Okafor", "A1 audio", "Audio", "FOH, DiGiCo, Dante"),
    ("Dee", "Santos", "Lighting programmer", "Lighting", "grandMA3, followspot"),
    ("Eli", "Park", "Stagehand", "Stage", "load-in, backline"),
    ("Fran", "Kowalski", "Site electrician", "Power", "16A/32A/63A distro, testing"),
]
GEAR = [
    ("LX", "Robe MegaPointe", "Lighting", 12),
    ("AU", "d&b KSL8 loudspeaker", "Audio", 8),
    ("RG", "1 t chain hoist", "Rigging", 6),
    ("PW", "63 A distro", "Power", 4),
]


class Command(BaseCommand):
    help = "Load demo crew, certificates, shifts, assets, kits and bookings into the demo workspaces."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        workspaces = Workspace.objects.filter(organization__slug__in=["northstar", "bluewave"]).select_related(
            "organization"
        )
        for ws in workspaces:
            self.crew(ws, today)
            self.gear(ws, today)
        self.stdout.write(self.style.SUCCESS(f"Crew and gear in {len(workspaces)} workspace(s)."))

    def crew(self, ws, today):
        position, _ = Position.objects.get_or_create(
            workspace=ws, name="Forklift driver", defaults={"required_certifications": ["forklift"]}
        )
        Position.objects.get_or_create(
            workspace=ws, name="Up rigger", defaults={"required_certifications": ["rigging", "working_at_height"]}
        )
        hand, _ = Position.objects.get_or_create(workspace=ws, name="Stagehand")
        team, _ = Team.objects.get_or_create(workspace=ws, name="Stage crew", defaults={"department": "Stage"})
        people = []
        for first, last, title, dept, skills in CREW:
            person, _ = Person.objects.get_or_create(
                workspace=ws,
                first_name=first,
                last_name=last,
                defaults={
                    "job_title": title,
                    "department": dept,
                    "skills": skills,
                    "team": team,
                    "phone": "+1 555 0100",
                    "day_rate": Decimal("420"),
                    "currency": ws.organization.currency,
                },
            )
            people.append(person)
        # The demo Deviator leads the stage crew; the demo Raider is on it. The demo Navigator heads
        # Audio: their reach (phone, rates, emergency contacts) is Chris and themselves, not the rest.
        logins = (
            (Role.DEVIATOR, "Devi", "Crew lead", team, ""),
            (Role.RAIDER, "Riley", "Stagehand", team, ""),
            (Role.NAVIGATOR, "Nico", "Head of audio", None, "Audio"),
        )
        for role, first, title, on_team, dept in logins:
            member = Membership.objects.filter(organization=ws.organization, role=role).select_related("user").first()
            if member is None:
                continue
            person, _ = Person.objects.get_or_create(
                workspace=ws,
                user=member.user,
                defaults={
                    "first_name": member.user.first_name or first,
                    "last_name": member.user.last_name,
                    "team": on_team,
                    "job_title": title,
                    "department": dept,
                },
            )
            if role == Role.DEVIATOR and team.lead_id is None:
                team.lead = person
                team.save(update_fields=["lead"])
            if on_team:  # the crew who work shifts
                people.append(person)
        bea = people[1]
        # A person may hold several certificates of one kind (a training pass renews with a new
        # row: seed_hiring_demo does), so "already seeded" is "has one of that kind", not get().
        for person, kind, issuer, days in (
            (bea, "forklift", "RTITB", 12),
            (people[4], "forklift", "RTITB", -30),
            (people[0], "rigging", "NRC", 400),
        ):
            if not Certification.objects.filter(person=person, kind=kind).exists():
                Certification.objects.create(
                    person=person,
                    kind=kind,
                    workspace=ws,
                    issuer=issuer,
                    expires_on=today + datetime.timedelta(days=days),
                )
        production = Production.objects.filter(workspace=ws).order_by("pk").first()
        if production is None or Assignment.objects.filter(workspace=ws).exists():
            return
        zone_start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
        for offset in range(5):
            start = zone_start + datetime.timedelta(days=offset)
            Assignment.objects.create(
                workspace=ws,
                person=bea,
                production=production,
                position=position,
                call_time=start,
                end_time=start + datetime.timedelta(hours=10),
            )
            for person in people[4:]:
                Assignment.objects.create(
                    workspace=ws,
                    person=person,
                    production=production,
                    position=hand,
                    call_time=start,
                    end_time=start + datetime.timedelta(hours=9),
                )

    def gear(self, ws, today):
        prefix = ws.slug[:2].upper()
        assets = []
        for code, name, category, count in GEAR:
            for i in range(1, count + 1):
                asset, _ = Asset.objects.get_or_create(
                    organization=ws.organization,
                    tag=f"{prefix}-{code}-{i:03d}",
                    defaults={
                        "workspace": ws,
                        "name": name,
                        "category": category,
                        "home_location": "Warehouse A",
                        "currency": ws.organization.currency,
                        "purchase_value": Decimal("1500"),
                    },
                )
                assets.append(asset)
        kit, created = Kit.objects.get_or_create(workspace=ws, name="Stage left lighting package")
        if created:
            kit.assets.set([a for a in assets if a.category == "Lighting"][:6])
        hoist = next(a for a in assets if a.category == "Rigging")
        MaintenanceSchedule.objects.get_or_create(
            asset=hoist,
            kind="safety_test",
            defaults={"workspace": ws, "every_days": 180, "last_done_on": today - datetime.timedelta(days=170)},
        )
        if not Reservation.objects.filter(workspace=ws).exists():
            audio = [a for a in assets if a.category == "Audio"][:4]
            reservation = Reservation.objects.create(
                workspace=ws,
                production=Production.objects.filter(workspace=ws).order_by("pk").first(),
                start_date=today + datetime.timedelta(days=2),
                end_date=today + datetime.timedelta(days=4),
            )
            ReservationItem.objects.bulk_create(
                ReservationItem(
                    reservation=reservation, asset=a, start_date=reservation.start_date, end_date=reservation.end_date
                )
                for a in audio
            )
            Asset.objects.filter(pk__in=[a.pk for a in audio]).update(status="reserved")
