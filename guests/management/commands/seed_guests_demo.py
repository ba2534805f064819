"""Demo guest lists for the demo workspaces: on each workspace's next show, allotments for the headliner
(the demo Raider asks on it), the promoter, a sponsor and the crew; guests asked for, most approved
within their allotment, one declined, a few checked in at the door; and badges with zones of the
venue. Made through the guests services, each login acting for themself. Run by seed_demo (after the
events seed); safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from events.models import Event, EventKind, EventStatus
from guests import badges, door, services
from guests.models import Allotment

DEMO_ORGANIZATIONS = ("northstar", "bluewave")

# party, kind, places, requester role (or None)
ALLOTMENTS = [
    ("Headliner", "artist", 12, Role.RAIDER),
    ("Promoter", "promoter", 8, None),
    ("Sponsor — Nordlicht Getränke", "sponsor", 6, None),
    ("Crew friends & family", "crew", 10, Role.DEVIATOR),
]
# party, guest, plus-ones, note, outcome ("approve", "decline", "ask"), plus-ones checked in (None: not in)
GUESTS = [
    ("Headliner", "Mara Lindholm", 1, "Band manager's partner", "approve", 1),
    ("Headliner", "Jonas Weber", 2, "", "approve", 2),
    ("Headliner", "Lea Hoffmann", 0, "Photographer friend", "approve", None),
    ("Headliner", "Tom Becker", 3, "", "ask", None),
    ("Promoter", "Sofia Marquez", 1, "Regional promoter", "approve", 0),
    ("Promoter", "Karl Braun", 0, "", "approve", None),
    ("Sponsor — Nordlicht Getränke", "Eva Schulz", 1, "Marketing lead", "approve", None),
    ("Sponsor — Nordlicht Getränke", "Nils Krüger", 4, "Would need 5 places", "decline", None),
    ("Crew friends & family", "Ana Costa", 1, "", "approve", 1),
]
# name, role, kind, zones (by name, those the venue has)
BADGES = [
    ("Dana Reyes", "Production manager", "crew", ["*"]),
    ("Devi Okafor", "Stage manager", "crew", ["Main Stage", "North Gate", "Backstage", "Production Office"]),
    ("Lea Hoffmann", "Photographer", "press", ["Main Stage"]),
    ("Mara Lindholm", "Guest", "guest", []),
]


class Command(BaseCommand):
    help = "Seed demo guest lists, check-ins and badges (idempotent)."

    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).select_related("organization")
        for workspace in workspaces.order_by("pk"):
            manager = member_with_role(workspace, Role.GLADIATOR)
            event = self.next_show(workspace)
            if manager is None or event is None or Allotment.objects.filter(event__workspace=workspace).exists():
                continue
            with transaction.atomic():
                made += self.seed(workspace, event, manager)
        self.stdout.write(self.style.SUCCESS(f"{made} demo guest list row(s)."))

    def next_show(self, workspace):
        shows = Event.objects.filter(
            workspace=workspace, kind=EventKind.SHOW, status=EventStatus.CONFIRMED, starts_at__gt=timezone.now()
        ).select_related("location", "workspace")
        # Best a show on a site with a map (its badges name zones), else one at a venue, else the next.
        zoned = shows.filter(
            Q(location__site_maps__zones__isnull=False) | Q(location__parent__site_maps__zones__isnull=False)
        )
        with_venue = shows.filter(location__isnull=False)
        for candidates in (zoned, with_venue, shows):
            event = candidates.order_by("starts_at", "id").first()
            if event is not None:
                return event
        return None

    def seed(self, workspace, event, manager):
        made = 0
        allotments = {}
        for party, kind, places, role in ALLOTMENTS:
            user = member_with_role(workspace, role) if role else None
            allotments[party] = services.create_allotment(
                actor=manager, event=event, party=party, kind=kind, places=places, user=user
            )
            made += 1
        steward = member_with_role(workspace, Role.DEVIATOR) or manager
        guests = {}
        for party, name, plus_ones, note, outcome, plus_in in GUESTS:
            allotment = allotments[party]
            asker = allotment.user or manager
            guest = services.request_guest(actor=asker, allotment=allotment, name=name, plus_ones=plus_ones, note=note)
            if outcome == "approve":
                guest = services.approve_request(guest, actor=manager)
            elif outcome == "decline":
                guest = services.decline_request(guest, actor=manager, note="Over the sponsor's allotment.")
            if plus_in is not None:
                door.check_in(guest, actor=steward, plus_ones=plus_in)
            guests[name] = guest
            made += 1
        zones = {z.name: z for z in badges.venue_zones(event)}
        for name, role, kind, wanted in BADGES:
            chosen = list(zones.values()) if wanted == ["*"] else [zones[z] for z in wanted if z in zones]
            guest = guests.get(name) if kind in ("guest", "press") else None
            badges.accredit(actor=manager, event=event, name=name, role=role, kind=kind, zones=chosen, guest=guest)
            made += 1
        return made
