"""A searchable world: one organization with a forklift in every module, and a second organization
whose forklift nobody of the first may find."""

from advancing.tests.helpers import lines, make_advance
from assets.tests.helpers import make_asset
from dragonfly.tenancy.roles import Role
from finance import services as finance_services
from locations.tests.helpers import make_location
from people.tests.helpers import make_person, make_team
from productions.models import Task
from productions.tests.helpers import make_event, make_production


def forklift_world(tenant):
    """Rows of `tenant` naming a forklift, by type."""
    production = make_production(tenant, name="Forklift Festival")
    ops = tenant.user(Role.GLADIATOR)
    company = finance_services.create_company(
        actor=ops, workspace=tenant.workspace, name="Forklift Rentals GmbH", kind="vendor"
    )
    return {
        "production": production,
        "task": Task.objects.create(production=production, title="Book the forklift"),
        "event": make_event(tenant, title="Forklift load-in"),
        "advance": make_advance(tenant, items=lines(("Forklift 5t", 1, "400.00")), activation="Warehouse day"),
        "person": make_person(tenant.workspace, first_name="Fran", last_name="Forklift"),
        "team": make_team(tenant.workspace, name="Forklift crew"),
        "asset": make_asset(tenant.workspace, tag="FL-01", name="Forklift Linde", category="Vehicles"),
        "company": company,
        "venue": make_location(tenant, name="Forklift Depot"),
    }
