"""A utility outage at a site is an incident of the event on there at the time.

locations records the outage and publishes `utility.outage_reported` inside its transaction;
this subscriber (registered in EventsConfig.ready) reports the incident in that same transaction,
so the outage and its incident are saved together. With no event on at the venue then (or one
the reporter may not report on), the outage stays a record of the site alone."""

from django.utils.translation import gettext as _

from dragonfly.core.events import DomainEvent, subscribe
from locations.services import OUTAGE_REPORTED

from .models import Event, IncidentCategory, Severity
from .services.incidents import report_incident


@subscribe(OUTAGE_REPORTED, in_transaction=True)
def record_outage_incident(domain_event: DomainEvent) -> None:
    outage, actor = domain_event.obj, domain_event.actor
    utility = outage.utility
    location = utility.location
    event = (
        Event.objects.active()
        .filter(location_id__in=location.clash_ids(), starts_at__lte=outage.started_at, ends_at__gt=outage.started_at)
        .order_by("starts_at", "id")
        .first()
    )
    if event is None or not actor.has_perm("events.add_incident", event):
        return
    report_incident(
        event,
        actor=actor,
        title=_("%(utility)s outage at %(venue)s") % {"utility": utility.get_kind_display(), "venue": location},
        description=outage.description,
        severity=Severity.HIGH,
        category=IncidentCategory.TECHNICAL,
        occurred_at=outage.started_at,
    )
