"""Vendor-routing demo data (issue 22) on top of the finance, advancing and procurement seeds: in each
demo workspace the preferred vendors of a few catalog categories (one narrowed to the first
production's venue), and an approved advance whose lines to buy or hire were routed to them: draft
purchase orders at the agreement rates, and one line no preferred vendor takes (unrouted).
Safe to run twice (it adds nothing to a workspace that already has preferred vendors)."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from advancing import services as advancing
from advancing.models import CatalogItem
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from finance.models import Company, PreferredVendor
from finance.services import routing

# (vendor, category, at the first production's venue, priority)
PREFERENCES = [
    ("Stage Sound Ltd", "Technical", False, 1),
    ("Stage Sound Ltd", "Equipment", False, 1),
    ("Crewforce Staffing", "Staffing", False, 1),
    ("Crewforce Staffing", "Security", True, 1),
    ("Green Room Catering", "Hospitality", False, 1),
]
# (category, line name — the agreement rates of seed_bids_demo are named so —, quantity, estimate, procurement)
LINES = [
    ("Technical", "Line array PA system, per day", "3", "2800.00", "hire"),
    ("Staffing", "Stagehand day", "12", "200.00", "hire"),
    ("Hospitality", "Crew meal", "40", "20.00", "buy"),
    ("Security", "Event security guard", "6", "240.00", "hire"),  # no agreement rate: the estimate
    ("Printing", "Backstage pass lanyards", "200", "1.20", "buy"),  # no preferred vendor: unrouted
]


class Command(BaseCommand):
    help = "Preferred vendors and a routed advance for the workspaces seed_bids_demo filled."

    def handle(self, *args, **options):
        made = 0
        for org in Organization.objects.filter(slug__in=["northstar", "bluewave"]):
            for workspace in org.workspaces.order_by("pk"):
                names = {name for name, *_rest in PREFERENCES}
                vendors = {c.name: c for c in Company.objects.filter(workspace=workspace, name__in=names)}
                ops = member_with_role(workspace, Role.GLADIATOR)
                crew = member_with_role(workspace, Role.DEVIATOR)
                if len(vendors) < len(names) or ops is None or crew is None:
                    continue
                if PreferredVendor.objects.filter(workspace=workspace).exists():
                    continue
                with transaction.atomic():
                    self._seed(workspace, vendors, ops, crew)
                made += 1
        self.stdout.write(f"Vendor routing demo data in {made} workspace(s).")

    def _seed(self, workspace, vendors, ops, crew):
        production = workspace.productions.select_related("venue").order_by("start_date", "id").first()
        venue = production.venue if production is not None else None
        for name, category, at_venue, priority in PREFERENCES:
            routing.create_preferred_vendor(
                actor=ops,
                workspace=workspace,
                vendor=vendors[name],
                category=category,
                venue=venue if at_venue else None,
                priority=priority,
                notes="Framework agreement in place" if not at_venue else "Knows the venue",
            )
        items = []
        for category, name, quantity, cost, procurement in LINES:
            item = CatalogItem.objects.filter(category=category, enabled=True).order_by("item_id").first()
            if item is None:
                continue
            items.append(
                {
                    "catalog_item": item,
                    "name": name,
                    "quantity": Decimal(quantity),
                    "unit": item.standard_unit,
                    "unit_cost": Decimal(cost),
                    "procurement": procurement,
                }
            )
        advance = advancing.create_advance(
            actor=crew, workspace=workspace, production=production, activation_name="Vendor routing demo", items=items
        )
        advancing.submit_advance(advance, actor=crew)
        advancing.approve_advance(advance, actor=ops, note="Approved; purchasing routed to our preferred vendors.")
        # The routing task runs after the commit, and the seed runs quietly (no tasks): route it here.
        routing.route_approved_advance(advance.pk, actor_id=ops.pk)
