"""Objects of every events model for the project-wide isolation walk: all named "Zebra Secret …"."""

import datetime

from django.utils import timezone

from dragonfly.tenancy.roles import Role
from events.models import CalendarFeed, CrewCall, Cue, Event, EventSeries, Incident, hash_token
from locations.models import Location
from productions.models import Production


def make_secret_objects(tenant):
    gladiator = tenant.user(Role.GLADIATOR)
    production = Production.objects.create(
        workspace=tenant.workspace, name="Zebra Secret Festival", production_manager=gladiator
    )
    venue = Location.objects.create(
        workspace=tenant.workspace,
        name="Zebra Secret Arena",
        timezone="Europe/Berlin",
        address="Zebra Secret Street 1",
        contacts="Zebra Secret contact",
    )
    stage = Location.objects.create(
        workspace=tenant.workspace, parent=venue, name="Zebra Secret Stage", kind="stage", timezone="Europe/Berlin"
    )
    start = timezone.now() + datetime.timedelta(days=2)
    series = EventSeries.objects.create(
        workspace=tenant.workspace,
        rrule="FREQ=DAILY;COUNT=2",
        timezone="Europe/Berlin",
        first_start=start,
        duration=datetime.timedelta(hours=3),
    )
    event = Event.objects.create(
        workspace=tenant.workspace,
        production=production,
        title="Zebra Secret Show night",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        timezone="Europe/Berlin",
        location=stage,
        series=series,
        original_start=start,
        description="Zebra Secret notes",
    )
    call = CrewCall(
        event=event,
        user=tenant.user(Role.RAIDER),
        role_title="Zebra Secret runner",
        call_time=start - datetime.timedelta(hours=2),
    )
    call.set_booking(event)
    call.save()
    cue = Cue.objects.create(event=event, position=1, item="Zebra Secret walk-on", owner="Zebra Secret SM")
    incident = Incident.objects.create(
        event=event,
        occurred_at=timezone.now(),
        title="Zebra Secret incident",
        description="Zebra Secret what happened",
        severity="critical",
        reported_by=gladiator,
    )
    feed = CalendarFeed.objects.create(user=gladiator, token_hash=hash_token("zebra-secret-token"), hint="oken")
    return {
        "production": production,
        "venue": venue,
        "stage": stage,
        "series": series,
        "event": event,
        "crew_call": call,
        "cue": cue,
        "incident": incident,
        "feed": feed,
    }
