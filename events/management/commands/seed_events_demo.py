"""A demo season on the calendar: a tour of 12 shows and festivals of stages × days, with crew
calls, a run of show for every event and incidents on shows already played. Built through the
events services by each workspace's Gladiator, dated around today so this week always has
something on. Run by seed_demo after the venues; a workspace that has events is left alone."""

import datetime
import zoneinfo

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from events import services
from events.models import Department, Event, IncidentCategory, IncidentStatus, Severity
from locations.models import Location, Zone

# A tour: (first show, days between shows, the arenas in playing order)
TOURS = {
    ("northstar", "aurora-tour"): (
        -15,
        3,
        [
            "TD Garden",
            "Scotiabank Arena",
            "United Center",
            "Madison Square Garden",
            "Madison Square Garden",
            "TD Garden",
            "United Center",
            "Chase Center",
            "The Forum",
            "The Forum",
            "Chase Center",
            "The Forum",
        ],
    ),
}
# A festival (or a conference): its site, whose stages each hold a set a day, from this first day
FESTIVALS = {
    ("northstar", "harbor-fest"): ("Harbor Field", -1, 3),
    ("bluewave", "summit-2027"): ("Estrel Congress Center", 0, 3),
    ("bluewave", "open-air"): ("Tempelhofer Feld", 4, 3),
}
# Who is called, by role, and as what. The tour and the festivals play on the same days, so
# they call different people: nobody is booked in two places at once.
TOUR_CREW = [(Role.NAVIGATOR, "Production manager"), (Role.DEVIATOR, "Crew chief"), (Role.RAIDER, "Stagehand")]
FESTIVAL_CREW = [(Role.GLADIATOR, "Stage manager"), (Role.AVIATOR, "Site manager"), (Role.PHANTOM, "Promoter rep")]
# (item, minutes, owner, department); the doors cue starts at a fixed time, the rest follow on
RUN_OF_SHOW = [
    ("Doors open", 60, "FOH manager", Department.PRODUCTION),
    ("Support act", 40, "Stage manager", Department.TALENT),
    ("Changeover", 25, "Stage crew", Department.STAGE),
    ("Headline set", 100, "Show caller", Department.TALENT),
    ("Encore and house lights", 15, "LX desk", Department.LIGHTING),
]
# On shows already played: (show number, title, severity, category, where it ended up)
INCIDENTS = [
    (0, "Barrier pushed at the front of house", Severity.MEDIUM, IncidentCategory.SAFETY, IncidentStatus.RESOLVED),
    (1, "Chain hoist stopped mid-lift", Severity.HIGH, IncidentCategory.TECHNICAL, IncidentStatus.INVESTIGATING),
    (2, "Guest fainted in block 104", Severity.LOW, IncidentCategory.MEDICAL, IncidentStatus.OPEN),
]


class Command(BaseCommand):
    help = "Load a demo season of events (shows, crew calls, run of show, incidents) into the demo workspaces."

    def handle(self, *args, **options):
        made = 0
        for workspace in seeded_workspaces([*TOURS, *FESTIVALS]):
            actor = member_with_role(workspace, Role.GLADIATOR)
            if actor is None or Event.objects.filter(workspace=workspace).exists():
                continue  # nobody to schedule them yet, or seeded already
            key = (workspace.organization.slug, workspace.slug)
            with transaction.atomic():
                if key in TOURS:
                    made += self.tour(workspace, actor, *TOURS[key])
                else:
                    made += self.festival(workspace, actor, *FESTIVALS[key])
        self.stdout.write(self.style.SUCCESS(f"{made} demo event(s) scheduled."))

    def tour(self, workspace, actor, first, every, stops):
        venues = {v.name: v for v in Location.objects.filter(workspace=workspace, parent__isnull=True)}
        productions = list(workspace.productions.order_by("start_date", "pk"))
        crew = self.crew(workspace, TOUR_CREW)
        shows = []
        for number, name in enumerate(stops):
            venue = venues[name]
            day = local_today(workspace) + datetime.timedelta(days=first + every * number)
            # two legs: the first half of the dates in the first production, the rest in the last
            production = productions[number * len(productions) // len(stops)] if productions else None
            shows.append(
                self.event(workspace, actor, f"{venue.city} — {venue.name}", venue, day, production, crew, calls_at=14)
            )
        self.incidents(shows, workspace)
        return len(shows)

    def festival(self, workspace, actor, site_name, first, days):
        site = Location.objects.get(workspace=workspace, name=site_name, parent__isnull=True)
        stages = list(site.spaces.filter(kind="stage").order_by("pk"))
        productions = list(workspace.productions.order_by("pk"))
        crew = self.crew(workspace, FESTIVAL_CREW)
        # The site map's pins and zones (seed_locations_demo): a stage's events sit in its zone, crew report at the gate
        zones = {z.name: z for z in Zone.objects.filter(site_map__location=site)}
        made = 0
        for offset in range(days):
            day = local_today(workspace) + datetime.timedelta(days=first + offset)
            for i, stage in enumerate(stages):
                production = productions[i % len(productions)] if productions else None
                title = f"{stage.name}, day {offset + 1}"
                # each stage has its own people, so nobody is booked on two stages at once
                self.event(
                    workspace,
                    actor,
                    title,
                    stage,
                    day,
                    production,
                    crew[i :: len(stages)],
                    calls_at=11,
                    zone=zones.get(stage.name),
                    report_to=zones.get("North Gate"),
                )
                made += 1
        return made

    def crew(self, workspace, roles):
        people = ((member_with_role(workspace, role), title) for role, title in roles)
        return [(user, title) for user, title in people if user is not None]

    def event(self, workspace, actor, title, venue, day, production, crew, *, calls_at, zone=None, report_to=None):
        tz = zoneinfo.ZoneInfo(venue.timezone)
        doors = datetime.datetime.combine(day, datetime.time(19), tzinfo=tz)
        event = services.create_event(
            actor=actor,
            workspace=workspace,
            title=title,
            starts_at=doors,
            ends_at=doors + datetime.timedelta(hours=4),
            location=venue,
            zone=zone,
            production=production,
        ).event
        call = datetime.datetime.combine(day, datetime.time(calls_at), tzinfo=tz)
        for user, role_title in crew:
            services.add_crew_call(event, actor=actor, user=user, call_time=call, role_title=role_title, zone=report_to)
        for i, (item, minutes, owner, department) in enumerate(RUN_OF_SHOW):
            services.add_cue(
                event,
                actor=actor,
                item=item,
                duration=datetime.timedelta(minutes=minutes),
                fixed_start=doors if i == 0 else None,
                owner=owner,
                department=department,
            )
        return event

    def incidents(self, shows, workspace):
        reporter = member_with_role(workspace, Role.DEVIATOR) or member_with_role(workspace, Role.GLADIATOR)
        manager = member_with_role(workspace, Role.GLADIATOR)
        for number, title, severity, category, status in INCIDENTS:
            show = shows[number]
            if show.starts_at > timezone.now():
                continue
            incident = services.report_incident(
                show,
                actor=reporter,
                title=title,
                description=f"{title}. Reported by the crew chief during the show.",
                severity=severity,
                category=category,
                occurred_at=show.starts_at + datetime.timedelta(hours=2),
            )
            if status != IncidentStatus.OPEN:
                services.move_incident(incident, actor=manager, to_status=IncidentStatus.INVESTIGATING)
            if status == IncidentStatus.RESOLVED:
                services.move_incident(
                    incident, actor=manager, to_status=IncidentStatus.RESOLVED, note="Barrier re-pinned; extra steward."
                )
