"""Shows the run-of-show tests share."""

import pytest

from dragonfly.tenancy.roles import Role
from events.services import add_cue
from productions.tests.helpers import at, make_event, make_location


@pytest.fixture
def show(tenant_a):
    """A show at a Berlin venue, 19:00–23:00 local time, with no cues yet."""
    venue = make_location(tenant_a, "Columbiahalle", tz="Europe/Berlin")
    return make_event(tenant_a, "Aurora Berlin", start=at("Europe/Berlin", 2027, 3, 12, 19, 0), hours=4, location=venue)


@pytest.fixture
def tomorrows_show(tenant_a):
    """Tomorrow's show with two cues to call: Support (30 min) then Headliner (90 min)."""
    event = make_event(tenant_a, "Aurora Berlin")
    manager = tenant_a.user(Role.GLADIATOR)
    add_cue(event, actor=manager, item="Support", duration="30")
    add_cue(event, actor=manager, item="Headliner", duration="90")
    return event
