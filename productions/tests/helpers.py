"""Small builders for the productions and events tests (the tenants come from conftest.py)."""

import datetime
import zoneinfo

from django.utils import timezone

from events.models import CrewCall, Event
from locations.tests.helpers import make_location  # noqa: F401 (handed on to the productions and events tests)
from productions.models import Production


def make_production(tenant, name="Aurora — MSG", workspace=None, **fields):
    return Production.objects.create(workspace=workspace or tenant.workspace, name=name, **fields)


def at(tz, *args):
    """An aware datetime of wall-clock time `args` in timezone `tz`."""
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(tz))


def make_event(tenant, title="Show", start=None, hours=3, location=None, workspace=None, **fields):
    start = start or timezone.now() + datetime.timedelta(days=1)
    fields.setdefault("timezone", location.timezone if location else "UTC")
    return Event.objects.create(
        workspace=workspace or tenant.workspace,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        location=location,
        **fields,
    )


def book(event, user, call_time=None, **fields):
    call = CrewCall(event=event, user=user, call_time=call_time or event.starts_at, **fields)
    call.set_booking(event)
    call.save()
    return call
