"""Demo stock mapping (issue 22): a handful of catalog items taken from the demo organizations' own
gear (assets.seed_people_assets), mapped through the same service as the stock mapping page. Run by
seed_demo after the assets and the advances; safe to run twice."""

from django.core.management.base import BaseCommand

from advancing import stock
from advancing.models import CatalogItem
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces

DEMO_WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]
# (catalog item, asset category of the demo gear, assets per unit)
MAPPINGS = [
    ("TECH-1000", "Audio", 4),  # a line array PA: four loudspeakers
    ("TECH-1014", "Lighting", 1),  # moving head spot fixtures
    ("TECH-1031", "Rigging", 1),  # chain motor hoists
    ("UTIL-1003", "Power", 1),  # power distribution boards
]


class Command(BaseCommand):
    help = "Map a few catalog items to the demo organizations' own assets."

    def handle(self, *args, **options):
        catalog = {c.item_id: c for c in CatalogItem.objects.filter(item_id__in=[m[0] for m in MAPPINGS])}
        made = 0
        for workspace in seeded_workspaces(DEMO_WORKSPACES):
            actor = member_with_role(workspace, Role.GLADIATOR)
            if actor is None:
                continue
            categories = set(stock.asset_categories(workspace.organization))
            for code, category, factor in MAPPINGS:
                if code in catalog and category in categories:
                    stock.save_mapping(
                        workspace.organization,
                        actor=actor,
                        workspace=workspace,
                        catalog_item=catalog[code],
                        asset_category=category,
                        factor=factor,
                    )
                    made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} stock mapping(s) of catalog items to the demo gear."))
