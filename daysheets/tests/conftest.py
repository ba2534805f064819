"""A production's show day the day-sheet tests share: a Berlin show the day after tomorrow with
its run of show, crew calls, a venue with its load-in details and the production's advances."""

import datetime
import zoneinfo
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from advancing import services as advancing
from advancing.tests.helpers import catalog_item
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from events.services import add_cue
from productions.tests.helpers import book, make_event, make_location, make_production

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def show_day(days=2):
    return timezone.now().astimezone(BERLIN).date() + datetime.timedelta(days=days)


def line(item, quantity, cost="10"):
    return {"catalog_item": item, "quantity": Decimal(quantity), "unit_cost": Decimal(cost)}


@pytest.fixture
def day(tenant_a):
    """Columbiahalle, the day after tomorrow: doors 19:00; a crew chief, a stagehand and a runner
    (a Visitor: no role that shows events) called at 14:00; an approved advance with a hotel line."""
    gladiator = tenant_a.user(Role.GLADIATOR)
    gladiator.first_name, gladiator.last_name = "Dana", "Reyes"
    gladiator.save()
    venue = make_location(tenant_a, "Columbiahalle", tz="Europe/Berlin")
    venue.address, venue.city = "Columbiadamm 13-21", "Berlin"
    venue.loading_dock = "Dock on Golßener Str., 2 trucks"
    venue.parking = "Nightliner bay behind the hall"
    venue.power = "2 × 125 A CEE stage left"
    venue.contacts = "Kai Brandt, venue manager, +49 30 123456"
    venue.save()
    production = make_production(tenant_a, "Aurora — Europe", production_manager=gladiator)
    date = show_day()
    doors = datetime.datetime.combine(date, datetime.time(19), tzinfo=BERLIN)
    event = make_event(tenant_a, "Aurora Berlin", start=doors, hours=4, location=venue, production=production)
    add_cue(event, actor=gladiator, item="Support act", duration="40")
    add_cue(event, actor=gladiator, item="Headline set", duration="100")
    call = datetime.datetime.combine(date, datetime.time(14), tzinfo=BERLIN)
    runner = make_member(Role.VISITOR, tenant_a.org, tenant_a.workspace)
    crew = [tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.RAIDER), runner]
    for person, title in zip(crew, ["Crew chief", "Stagehand", "Runner"], strict=True):
        book(event, person, call_time=call, role_title=title)
    hotel = catalog_item("ZZA-1000", "Hotel room", unit="Per Night", category="Accommodation")
    desk = catalog_item("ZZT-1000", "Mixing desk", category="Technical")
    advance = advancing.create_advance(
        actor=tenant_a.user(Role.DEVIATOR),
        workspace=tenant_a.workspace,
        production=production,
        activation_name="Berlin show",
        items=[line(hotel, "8", "120"), line(desk, "1", "900")],
    )
    advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    advancing.approve_advance(advance, actor=gladiator)
    return SimpleNamespace(
        production=production,
        date=date,
        event=event,
        venue=venue,
        crew=crew,
        runner=runner,
        advance=advance,
        path=f"/daysheets/{production.pk}/{date.isoformat()}/",
    )
