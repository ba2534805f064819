"""Demo data: two organizations, two workspaces each, one login per role. Safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.core.events import quietly
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.models import Membership, Organization, Workspace
from dragonfly.tenancy.roles import Role
from productions.models import Production
from productions.tasks import refresh_all_production_health

DEMO_PASSWORD = "dragonfly-demo"  # nosec B105 # the demo data's published password (README)

ORGS = [
    {
        "slug": "northstar",
        "name": "Northstar Live",
        "currency": "USD",
        "timezone": "America/New_York",
        "workspaces": [
            (
                "aurora-tour",
                "Aurora World Tour 2027",
                Workspace.Kind.TOUR,
                [("Aurora — East leg", "AUR-MSG", -16, 16), ("Aurora — West leg", "AUR-LAX", 1, 18)],
            ),
            (
                "harbor-fest",
                "Harbor Lights Festival",
                Workspace.Kind.FESTIVAL,
                [
                    ("Harbor Lights — Main Stage", "HLF-MAIN", -3, 5),
                    ("Harbor Lights — Riverside Stage", "HLF-RIV", -3, 5),
                ],
            ),
        ],
    },
    {
        "slug": "bluewave",
        "name": "Bluewave Events",
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "workspaces": [
            (
                "summit-2027",
                "Tech Summit Berlin 2027",
                Workspace.Kind.OTHER,
                [("Summit keynote", "TSB-KEY", -2, 5), ("Summit expo hall", "TSB-EXPO", -2, 5)],
            ),
            (
                "open-air",
                "Open Air Weekend",
                Workspace.Kind.FESTIVAL,
                [("Open Air — Friday", "OAW-FRI", 2, 6), ("Open Air — Saturday", "OAW-SAT", 2, 6)],
            ),
        ],
    },
]

# production code -> the venue (seed_locations_demo) it plays at
PRODUCTION_VENUES = {
    "AUR-MSG": "Madison Square Garden",
    "AUR-LAX": "The Forum",
    "HLF-MAIN": "Harbor Field",
    "HLF-RIV": "Harbor Field",
    "TSB-KEY": "Estrel Congress Center",
    "TSB-EXPO": "Estrel Congress Center",
    "OAW-FRI": "Tempelhofer Feld",
    "OAW-SAT": "Tempelhofer Feld",
}

# Each module's demo data, in the order they build on one another: budgets before the advances
# (an approved one commits to its budget), crew before their timesheets. A module added later
# ships its own seed command and is listed here.
SEEDS = [
    "seed_finance_demo",
    "seed_people_assets",
    "seed_events_demo",
    "seed_cue_calls_demo",
    "seed_productions_demo",
    "seed_advancing_demo",
    "seed_bids_demo",
    "seed_routing_demo",  # after the agreements of seed_bids_demo: its routed orders take their rates
    "seed_time_demo",
    "seed_files_demo",  # after productions and venues: it attaches files to them
    "seed_hiring_demo",
    "seed_resources_demo",  # after the hiring seed: a course counts as its first-aid training
    "seed_profiles_demo",  # after the crew calls and assignments its work history and endorsements read
    "seed_jobs_demo",  # after hiring (its postings open positions) and finance (a company's contract)
    "seed_community_demo",
    "seed_reports_demo",  # its reports read the rows the others made
    "seed_dashboard_demo",
    "seed_webhooks_demo",
    "seed_broadcasts_demo",  # after the events seed: one goes to an event's crew
    "seed_tokens_demo",  # personal API tokens of the demo logins (secrets not kept)
    "seed_email_demo",  # a crew member's bounced address (their profile shows it)
    "seed_automations_demo",  # its first run reads an advance the advancing seed submitted
    "seed_integrations_demo",
    "seed_marketplace_demo",
    "seed_search_demo",  # last: indexes what the seeds before it made
    "seed_stock_demo",  # catalog items → the demo gear (after the assets and the advances); indexes nothing
    "seed_daysheets_demo",  # after events and advancing: the venue details their day sheets show (nothing to index)
    "seed_guests_demo",  # after the events seed: guest lists, check-ins and badges on each workspace's next show
]

PEOPLE = {
    Role.PHANTOM: ("Morgan", "Hale"),
    Role.AVIATOR: ("Ava", "Lindqvist"),
    Role.GLADIATOR: ("Dana", "Reyes"),
    Role.NAVIGATOR: ("Nico", "Baptiste"),
    Role.DEVIATOR: ("Devi", "Okafor"),
    Role.RAIDER: ("Riley", "Chen"),
    Role.MERCHANT: ("Marco", "Vidal"),
    Role.VISITOR: ("Vera", "Novak"),
    Role.PASSENGER: ("Pat", "Quinn"),
    Role.AMBASSADOR: ("Amber", "Stone"),
}


class Command(BaseCommand):
    help = "Load demo organizations, workspaces, productions and one user per role (idempotent)."
    # `migrate`, which always runs just before (make run), has run the system checks: running them
    # again (importing every URLconf and admin) was a tenth of the seed's time.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        # Quietly: the demo's history is real, but nobody is notified of it and no task runs per
        # change (health is refreshed once at the end); running them made the seed several times slower.
        with quietly(), transaction.atomic():
            self._seed()

    def _seed(self):
        User = get_user_model()
        logins = []
        # One hash for every demo login: hashing is slow on purpose (~1 s each on a busy machine).
        password = make_password(DEMO_PASSWORD)
        legend, created = User.objects.get_or_create(
            username="legend", defaults={"first_name": "Lee", "last_name": "Gendry", "email": "legend@example.com"}
        )
        if created:
            legend.password = password
        legend.is_staff = legend.is_superuser = True
        legend.save()
        logins.append(("legend", "Legend (platform admin)", "all organizations"))

        for spec in ORGS:
            org, _ = Organization.objects.update_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "currency": spec["currency"], "timezone": spec["timezone"]},
            )
            workspaces = []
            for slug, name, kind, productions in spec["workspaces"]:
                ws, _ = Workspace.objects.update_or_create(
                    organization=org, slug=slug, defaults={"name": name, "kind": kind}
                )
                workspaces.append(ws)
                for pname, code, starts_in, days in productions:
                    # dated from the day of the first run, so the calendar and dashboards have this week
                    start = local_today(org) + datetime.timedelta(days=starts_in)
                    Production.objects.get_or_create(
                        workspace=ws,
                        code=code,
                        defaults={
                            "name": pname,
                            "status": Production.Status.PLANNING,
                            "start_date": start,
                            "end_date": start + datetime.timedelta(days=days),
                        },
                    )
            for role, (first, last) in PEOPLE.items():
                username = f"{spec['slug']}-{role.label.lower()}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
                )
                if created:
                    user.password = password
                user.is_staff = role == Role.PHANTOM
                user.save()
                # Phantom and Aviator reach the whole organization; the others one workspace.
                workspace = None if role in (Role.PHANTOM, Role.AVIATOR) else workspaces[0]
                Membership.objects.update_or_create(
                    user=user, organization=org, workspace=workspace, defaults={"role": role}
                )
                if role in (Role.GLADIATOR, Role.RAIDER):
                    # so the workspace switcher has somewhere to go
                    Membership.objects.update_or_create(
                        user=user, organization=org, workspace=workspaces[1], defaults={"role": role}
                    )
                where = spec["name"] if workspace is None else f"{spec['name']} / {workspaces[0].name}"
                logins.append((username, role.label, where))

        call_command("seed_locations_demo", stdout=self.stdout)  # venues, made through the locations services
        self._place_productions()
        # Every module seeds itself through its own services (SEEDS says in which order).
        for command in SEEDS:
            call_command(command, stdout=self.stdout)
        refresh_all_production_health()  # beat does this hourly; the demo should not wait for it
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, where in logins:
            self.stdout.write(f"  {username:<24} {role:<24} {where}")

    def _place_productions(self):
        """Each demo production at its venue (left alone once it has one)."""
        from locations.models import Location

        for code, venue in PRODUCTION_VENUES.items():
            location = Location.objects.filter(
                workspace__organization__slug__in=[spec["slug"] for spec in ORGS], name=venue, parent__isnull=True
            ).first()
            if location is not None:
                Production.objects.filter(workspace=location.workspace, code=code, venue__isnull=True).update(
                    venue=location
                )
