"""Display strings of events, worked out once per event for the calendar and lists: a month page
shows each event twice (grid and phone agenda), and formatting dates in the template for each
would cost more than the database query."""

from django.urls import reverse
from django.utils.formats import date_format


def decorate(events):
    """Set start_hm, end_hm, tz_abbr, when_text, where and url on each event; returns them."""
    events = list(events)
    pattern = reverse("events:event", args=[999999999])
    for event in events:
        start, end = event.local_start, event.local_end
        event.start_hm = start.strftime("%H:%M")
        event.end_hm = end.strftime("%H:%M")
        event.tz_abbr = start.tzname()
        end_text = event.end_hm if start.date() == end.date() else f"{_day(end)}, {event.end_hm}"
        event.when_text = f"{_day(start)}, {event.start_hm}–{end_text} {event.tz_abbr}"
        event.where = str(event.location) if event.location_id else ""
        event.url = pattern.replace("999999999", str(event.pk))
    return events


def _day(moment):
    """ "Sat 14 Mar" (strftime, not the template date filter: this runs for every event of a page)."""
    return date_format(moment, "D j M")


def venue_bookings(request, location):
    """The venue page's "Coming up" section (registered with locations.links in EventsConfig.ready):
    the next events the user may see at this venue, a space inside it, or the venue it is in."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from .models import Event

    upcoming = decorate(
        Event.objects.visible_to(request.user)
        .active()
        .filter(location_id__in=location.clash_ids(), ends_at__gte=timezone.now())
        .select_related("location", "location__parent", "production")
        .order_by("starts_at", "id")[:20]
    )
    return render_to_string("events/_venue_bookings.html", {"upcoming": upcoming, "location": location})
