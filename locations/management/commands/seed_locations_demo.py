"""Demo venues (and the stages and halls inside them) for the demo workspaces, made through the
venue services by each organization's Phantom. Run by seed_demo; safe to run twice."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.models import Membership, Workspace
from dragonfly.tenancy.roles import Role
from locations import services
from locations.models import Location

from ._site_demo import seed_site

# The rest of the Aurora tour's arenas: (name, city, country, timezone, capacity)
TOUR_STOPS = [
    ("United Center", "Chicago", "United States", "America/Chicago", 20000),
    ("TD Garden", "Boston", "United States", "America/New_York", 19000),
    ("Scotiabank Arena", "Toronto", "Canada", "America/Toronto", 19800),
    ("Chase Center", "San Francisco", "United States", "America/Los_Angeles", 18000),
]

# (organization slug, workspace slug) of the demo -> venues: (name, fields, [spaces inside it])
VENUES = {
    ("northstar", "aurora-tour"): [
        (
            "Madison Square Garden",
            {
                "kind": "arena",
                "address": "4 Pennsylvania Plaza",
                "city": "New York",
                "country": "United States",
                "timezone": "America/New_York",
                "capacity": 19500,
                "latitude": Decimal("40.750504"),
                "longitude": Decimal("-73.993439"),
                "contacts": "Venue production office, +1 212 465 6000",
            },
            [("Loading dock", {"kind": "other", "notes": "Two trucks at a time; 45 min turnaround."})],
        ),
        (
            "The Forum",
            {
                "kind": "arena",
                "address": "3900 W Manchester Blvd",
                "city": "Inglewood",
                "country": "United States",
                "timezone": "America/Los_Angeles",
                "capacity": 17500,
                "latitude": Decimal("33.958332"),
                "longitude": Decimal("-118.341904"),
            },
            [("Production office", {"kind": "office"})],
        ),
        *(
            (name, {"kind": "arena", "city": city, "country": country, "timezone": tz, "capacity": capacity}, [])
            for name, city, country, tz, capacity in TOUR_STOPS
        ),
    ],
    ("northstar", "harbor-fest"): [
        (
            "Harbor Field",
            {
                "kind": "field",
                "city": "Boston",
                "country": "United States",
                "timezone": "America/New_York",
                "capacity": 30000,
                "latitude": Decimal("42.350000"),
                "longitude": Decimal("-71.040000"),
                "notes": "Load-in from the north gate only; curfew 23:00.",
            },
            [
                ("Main Stage", {"kind": "stage", "capacity": 25000}),
                ("Riverside Stage", {"kind": "stage"}),
                ("Lighthouse Tent", {"kind": "stage", "capacity": 3000}),
                ("North Gate", {"kind": "gate", "capacity": 6000}),
                ("Artist Village", {"kind": "backstage", "capacity": 250}),
            ],
        ),
    ],
    ("bluewave", "summit-2027"): [
        (
            "Estrel Congress Center",
            {
                "kind": "convention",
                "address": "Sonnenallee 225",
                "city": "Berlin",
                "country": "Germany",
                "timezone": "Europe/Berlin",
                "capacity": 8000,
            },
            [("Keynote Hall", {"kind": "stage", "capacity": 4000}), ("Expo Hall", {"kind": "stage"})],
        ),
    ],
    ("bluewave", "open-air"): [
        (
            "Tempelhofer Feld",
            {"kind": "field", "city": "Berlin", "country": "Germany", "timezone": "Europe/Berlin", "capacity": 60000},
            [
                ("Main Stage", {"kind": "stage"}),
                ("Hangar Stage", {"kind": "stage"}),
                ("Forest Stage", {"kind": "stage"}),
            ],
        ),
    ],
}


class Command(BaseCommand):
    help = "Load demo venues and their stages into the demo workspaces (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(
            organization__slug__in={org for org, _ in VENUES}, slug__in={ws for _, ws in VENUES}
        ).select_related("organization")
        for workspace in workspaces:
            venues = VENUES.get((workspace.organization.slug, workspace.slug))
            actor = self.office(workspace)
            if not venues or actor is None:
                continue  # not a demo workspace, or nobody to add them yet (seed_demo makes the logins first)
            for name, fields, spaces in venues:
                venue, created = self.venue(workspace, actor, name, fields)
                made += created + seed_site(venue, actor=actor)
                for space_name, space_fields in spaces:
                    _, created = self.venue(
                        workspace, actor, space_name, {**space_fields, "timezone": venue.timezone}, parent=venue
                    )
                    made += created
        self.stdout.write(self.style.SUCCESS(f"{made} demo venue(s), facilities and site rows added."))

    def office(self, workspace):
        """The organization's Phantom: someone whose role adds venues in every workspace of it."""
        membership = (
            Membership.objects.active()
            .filter(organization=workspace.organization, workspace__isnull=True, role=Role.PHANTOM)
            .select_related("user")
            .order_by("id")
            .first()
        )
        return membership.user if membership else None

    def venue(self, workspace, actor, name, fields, parent=None):
        existing = Location.objects.filter(workspace=workspace, name=name, parent=parent).first()
        if existing is not None:
            return existing, False
        return services.create_location(actor=actor, workspace=workspace, name=name, parent=parent, **fields), True
