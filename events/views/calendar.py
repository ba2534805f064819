"""The workspace calendar: month, week and day views and an agenda, filterable by production,
venue and type. One query for the events of the span, whatever the size of the table."""

from django.shortcuts import render
from django.utils import timezone

from dragonfly.core.pages import filtered, paginate
from dragonfly.core.workspace_views import require_module
from productions.selectors import org_timezone

from .. import calendar as cal
from ..display import decorate
from ..filters import EventFilter
from ..models import Event
from ._common import safe_querystring

CALENDAR_FILTERS = ("production", "location", "kind", "status", "q")


def workspace_home(request, org_slug, ws_slug):
    workspace = require_module(request, "events")
    user = request.user
    tz = org_timezone(workspace)
    today = timezone.now().astimezone(tz).date()
    view = request.GET.get("view") if request.GET.get("view") in cal.VIEWS else "month"
    anchor = cal.parse_date(request.GET.get("date"), today)
    base = (
        Event.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("location", "location__parent", "production")
    )
    filterset, events, status = filtered(request, base, EventFilter, keys=CALENDAR_FILTERS)
    first, last = cal.span(view, anchor)
    context = {
        "workspace": workspace,
        "view": view,
        "anchor": anchor,
        "today": today,
        "first": first,
        "last": last,
        "filter_form": filterset.form,
        "filtered": filterset.is_bound,
        "filters_qs": _filters_qs(request),
        "prev": cal.step(view, anchor, -1),
        "next": cal.step(view, anchor, 1),
        "can_create": user.has_perm("events.add_event", workspace),
        "timezone_name": tz.key,
        "views": cal.VIEWS,
    }
    if view == "agenda":
        # A window of AGENDA_DAYS from the date (‹ › move it): a bounded range, however far ahead
        # the schedule goes.
        start, end = cal.query_range(first, last, tz)
        upcoming = cal.in_range(events, start, end).order_by("starts_at", "id")
        page = paginate(request, upcoming, 50)
        shown = decorate(e for e in page.object_list if any(first <= d <= last for d in cal.local_days(e)))
        context.update({"page": page, "agenda": _group_by_day(shown), "querystring": safe_querystring(request)})
    else:
        start, end = cal.query_range(first, last, tz)
        rows = decorate(cal.in_range(events, start, end).order_by("starts_at", "id")[:2000])
        days = cal.bucket(rows, first, last, month=anchor.month if view == "month" else None, today=today)
        context.update(
            {
                "days": days,
                "weeks": cal.weeks(days),
                "count": len(rows),
                "month_agenda": [d for d in days if d.events and d.in_month],
            }
        )
    return render(request, "events/calendar.html", context, status=status)


def _group_by_day(events):
    groups = []
    for event in events:
        day = event.local_start.date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(event)
    return groups


def _filters_qs(request):
    query = request.GET.copy()
    for key in ("view", "date", "page"):
        query.pop(key, None)
    return query.urlencode()
