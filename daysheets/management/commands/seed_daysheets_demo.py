"""Demo day sheets: the events seed already calls crew to every show and the advancing seed books
the crew hotel; this fills in what the tour's and the festival's venues still lack for a full
sheet (load-in, parking, power, contacts), through the locations services. Run by seed_demo after
the events and advancing seeds; a venue that has its details is left alone."""

from django.core.management.base import BaseCommand

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from locations import services
from locations.models import Location

# (organization slug, workspace slug) -> venue name -> the fields a day sheet shows
VENUE_DETAILS = {
    ("northstar", "aurora-tour"): {
        "TD Garden": {
            "address": "100 Legends Way",
            "loading_dock": "Dock on Causeway St, 3 trucks at a time; freight elevator to the event level.",
            "parking": "Trucks and buses on Nashua St after unloading; crew cars in the North Station garage.",
            "power": "2 × 400 A 3-phase company switches, upstage left.",
            "contacts": "Event services office, +1 617 624 1000\nLoading dock supervisor, +1 617 624 1805",
        },
        "United Center": {
            "address": "1901 W Madison St",
            "loading_dock": "Four docks off W Adams St; 60 min turnaround per truck.",
            "parking": "Truck and bus lot K on W Monroe St; crew cars in lot G.",
            "power": "3 × 400 A 3-phase, stage right.",
            "contacts": "Production manager's office, +1 312 455 4500",
        },
        "Chase Center": {
            "address": "1 Warriors Way",
            "loading_dock": "Ramp from 16th St to the event level, 2 trucks side by side.",
            "parking": "Buses on Terry A Francois Blvd; crew cars in the Third St garage.",
            "power": "2 × 400 A 3-phase, upstage right; 200 A lighting feed.",
            "contacts": "Event operations, +1 415 217 4600",
        },
        "The Forum": {
            "loading_dock": "Tunnel dock on the east side, 2 trucks at a time.",
            "parking": "Truck and bus yard in lot 4; crew cars in lot 2.",
            "power": "2 × 400 A 3-phase, stage left.",
            "contacts": "Booking and production office, +1 310 330 7300",
        },
    },
    ("northstar", "harbor-fest"): {
        "Harbor Field": {
            "contacts": (
                "Site office (production compound), +1 617 555 0142\nHarbor Field security desk, +1 617 555 0199"
            ),
        },
    },
}


class Command(BaseCommand):
    help = "Fill in the demo venues' load-in, parking, power and contacts so their show days have full day sheets."

    def handle(self, *args, **options):
        filled = 0
        for workspace in seeded_workspaces(VENUE_DETAILS):
            actor = member_with_role(workspace, Role.GLADIATOR)
            if actor is None:
                continue
            details = VENUE_DETAILS[(workspace.organization.slug, workspace.slug)]
            for venue in Location.objects.filter(workspace=workspace, parent__isnull=True, name__in=list(details)):
                missing = {name: value for name, value in details[venue.name].items() if not getattr(venue, name)}
                if missing:
                    services.update_location(venue, actor=actor, **missing)
                    filled += 1
        self.stdout.write(self.style.SUCCESS(f"{filled} venue(s) given their day-sheet details."))
