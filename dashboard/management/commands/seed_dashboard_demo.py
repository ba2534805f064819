"""Demo default dashboards: what each role sees first in every demo workspace, set through the
dashboard services by the organization's Phantom. Run by seed_demo; safe to run twice (a default
already set, by the seed or by an admin since, is left alone)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dashboard import services
from dashboard.models import Dashboard
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces

WORKSPACES = [
    ("northstar", "aurora-tour"),
    ("northstar", "harbor-fest"),
    ("bluewave", "summit-2027"),
    ("bluewave", "open-air"),
]
S, W = "small", "wide"
# role (None: everyone else) -> the widgets, in order, with their size
DEFAULTS = {
    None: [
        ("review_queue", W),
        ("production_health", S),
        ("upcoming", W),
        ("budget_burn", W),
        ("open_incidents", S),
        ("spend_by_category", S),
        ("asset_shortages", S),
        ("advances_per_day", W),
        ("recent_activity", S),
    ],
    Role.GLADIATOR: [
        ("review_queue", W),
        ("production_health", S),
        ("budget_burn", W),
        ("spend_by_category", S),
        ("upcoming", W),
        ("open_incidents", S),
        ("advances_per_day", W),
    ],
    Role.NAVIGATOR: [
        ("review_queue", W),
        ("my_work", S),
        ("upcoming", W),
        ("expiring_certifications", S),
        ("open_incidents", S),
        ("asset_shortages", S),
    ],
    Role.DEVIATOR: [
        ("my_advances", S),
        ("upcoming", W),
        ("my_work", S),
        ("open_incidents", S),
        ("asset_shortages", S),
    ],
    Role.RAIDER: [("my_advances", S), ("my_work", S), ("upcoming", W), ("expiring_certifications", S)],
    Role.PASSENGER: [("production_health", S), ("upcoming", W), ("advances_per_day", W)],
}


class Command(BaseCommand):
    help = "Set the demo workspaces' default dashboards per role (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for workspace in seeded_workspaces(WORKSPACES):
            admin = member_with_role(workspace, Role.PHANTOM)
            if admin is None:
                continue  # the logins come first (seed_demo)
            for role, widgets in DEFAULTS.items():
                if Dashboard.objects.filter(workspace=workspace, user=None, role=role).exists():
                    continue
                services.set_default_dashboard(workspace, actor=admin, role=role, widgets=widgets)
                made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} demo default dashboard(s) set."))
