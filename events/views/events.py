"""Event pages: new and edit (with clash warnings as you type and when saving), the event page
with its crew, deleting, and the workspace's conflicts page."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import carry_version, saving_edit
from dragonfly.core.versioning import StaleEdit
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import display_name, may_any
from productions.models import Production
from productions.selectors import org_timezone

from .. import services
from ..conflicts import has_hard
from ..errors import ScheduleConflict
from ..forms import ConflictRangeForm, CrewCallForm, DeleteEventForm, EventForm, event_initial
from ..models import CrewCall, Event
from ..recurrence import describe
from ._common import error_status, get_crew_call, get_event


def _initial_for_new(request, workspace):
    """?production=&date= prefill a new event (from a production page or a calendar day)."""
    tz = org_timezone(workspace)
    initial = {"kind": "show", "status": "confirmed"}
    production_id = request.GET.get("production", "")
    if production_id.isdigit():
        production = (
            Production.objects.visible_to(request.user)
            .in_workspace(workspace)
            .filter(pk=int(production_id))
            .select_related("venue")
            .first()
        )
        if production is not None:
            initial["production"] = production.pk
            if production.venue_id:
                initial["location"] = production.venue_id
            if production.start_date:
                initial["starts"] = datetime.datetime.combine(production.start_date, datetime.time(19, 0))
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
        initial["starts"] = datetime.datetime.combine(day, datetime.time(19, 0))
    except ValueError:
        pass
    if "starts" not in initial:
        tomorrow = timezone.now().astimezone(tz).date() + datetime.timedelta(days=1)
        initial["starts"] = datetime.datetime.combine(tomorrow, datetime.time(19, 0))
    initial["ends"] = initial["starts"] + datetime.timedelta(hours=3)
    return initial


def new_event(request, org_slug, ws_slug):
    workspace = require_module(request, "events")
    if not request.user.has_perm("events.add_event", workspace):
        raise PermissionDenied(_("Your role does not schedule events in this workspace."))
    form = EventForm(
        request.POST or None, user=request.user, workspace=workspace, initial=_initial_for_new(request, workspace)
    )

    def save(data):
        return services.create_event(
            actor=request.user,
            workspace=workspace,
            **form.changes(),
            repeat=data["rule"],
            crew=list(data.get("crew") or []),
            call_time=data.get("call_at"),
            role_title=data.get("role_title", ""),
            confirm_conflicts=data["confirm_conflicts"],
        )

    return _event_form_page(request, form, save, {"workspace": workspace, "event": None}, "scheduled")


def edit_event(request, pk):
    event = get_event(request, pk)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied(_("You may not edit this event."))
    form = EventForm(
        request.POST or None, user=request.user, workspace=event.workspace, event=event, initial=event_initial(event)
    )
    carry_version(request, form, event)

    def save(data):
        scope = data.get("scope") or "this"
        repeat = data["rule"] or services.KEEP
        if event.series_id and (scope == "this" or data["rule"] == event.series.rrule):
            repeat = services.KEEP  # the rule is unchanged (or not for a single occurrence to change)
        return services.update_event(
            event,
            actor=request.user,
            scope=scope,
            repeat=repeat,
            confirm_conflicts=data["confirm_conflicts"],
            **form.changes(),
        )

    return _event_form_page(request, form, save, {"workspace": event.workspace, "event": event}, "saved", event)


def _event_form_page(request, form, save, context, verb, edited=None):
    """The event form: a valid POST calls `save(cleaned_data)`; clashes that need confirming re-render
    the form with them (409), another refusal is a form error (400/409), success reports and redirects.
    An edit of `edited` made on a stale version is refused with who changed what (409)."""
    clashes, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with saving_edit(form, edited):
                    saved = save(form.cleaned_data)
            except StaleEdit:
                status = 409  # the form shows what changed, Reload and Save anyway
            except ScheduleConflict as exc:
                clashes, status = exc.clashes, 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                _report(request, saved, verb)
                return redirect("events:event", saved.event.pk)
        else:
            status = 400
    context = {**context, "form": form, "clashes": clashes, "must_confirm": has_hard(clashes)}
    return render(request, "events/event_form.html", context, status=status)


def _report(request, saved, verb):
    count = saved.created + saved.updated
    what = f"{count} events" if count > 1 else f"“{saved.event.title}”"
    messages.success(request, f"{what} {verb}." + (f" {saved.deleted} removed." if saved.deleted else ""))
    if saved.clashes:
        hard = sum(c.severity == "hard" for c in saved.clashes)
        what = (
            ngettext("%(count)s clash", "%(count)s clashes", hard) % {"count": hard} if hard else _("a tight schedule")
        )
        messages.warning(request, _("Saved despite %(what)s: see the event's clashes below.") % {"what": what})


def event_detail(request, pk, *, crew_form=None, clashes=(), status=200):
    event = get_event(request, pk)
    user = request.user
    can_view_crew = user.has_perm("events.view_crewcall", event)
    calls = CrewCall.objects.filter(event=event).select_related("user", "zone").order_by("call_time", "id")
    if not can_view_crew:
        calls = calls.filter(user=user)  # everyone sees their own call
    can_book = user.has_perm("events.add_crewcall", event)
    if can_book and crew_form is None:
        crew_form = CrewCallForm(event=event, user=user, workspace=event.workspace)
    incidents = []
    if user.has_perm("events.view_incident", event):
        incidents = list(event.incidents.order_by("-occurred_at")[:20])
    context = {
        "event": event,
        "workspace": event.workspace,
        "calls": list(calls),
        "can_view_crew": can_view_crew,
        "crew_form": crew_form if can_book else None,
        "clashes": clashes,
        "must_confirm": has_hard(clashes),
        "can_edit": user.has_perm("events.change_event", event),
        "can_delete": user.has_perm("events.delete_event", event),
        "can_remove_crew": user.has_perm("events.delete_crewcall", event),
        "can_report": user.has_perm("events.add_incident", event),
        "can_view_cues": user.has_perm("events.view_cue", event),
        "cue_count": event.cues.count() if user.has_perm("events.view_cue", event) else 0,
        "incidents": incidents,
        "rule": describe(event.series.rrule) if event.series_id else "",
        "upcoming_clashes": services.check_schedule_conflict(
            workspace=event.workspace,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            location=event.location,
            people=[c.user for c in calls] if can_view_crew else [],
            calls={c.user_id: c.call_time for c in calls},
            exclude={event.pk},
            viewer=user,
        )
        if not event.is_cancelled and event.ends_at > timezone.now()
        else [],
    }
    return render(request, "events/event_detail.html", context, status=status)


@require_POST
def add_crew(request, pk):
    event = get_event(request, pk)
    if not request.user.has_perm("events.add_crewcall", event):
        raise PermissionDenied(_("You may not book crew on this event."))
    form = CrewCallForm(request.POST, event=event, user=request.user, workspace=event.workspace)
    if not form.is_valid():
        return event_detail(request, pk, crew_form=form, status=400)
    data = form.cleaned_data
    try:
        call, clashes = services.add_crew_call(
            event,
            actor=request.user,
            user=data["user"],
            call_time=data["call_time"],
            role_title=data["role_title"],
            notes=data["notes"],
            zone=data["zone"],
            confirm_conflicts=data["confirm_conflicts"],
        )
    except ScheduleConflict as exc:
        return event_detail(request, pk, crew_form=form, clashes=exc.clashes, status=409)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return event_detail(request, pk, crew_form=form, status=error_status(exc))
    messages.success(request, _("%(user)s booked.") % {"user": display_name(call.user)})
    for clash in clashes:
        messages.warning(request, clash.message)
    return redirect("events:event", pk)


@require_POST
def remove_crew(request, pk):
    call = get_crew_call(request, pk)
    services.remove_crew_call(call, actor=request.user)
    messages.success(request, _("Removed from the crew."))
    return redirect("events:event", call.event_id)


def delete_event(request, pk):
    event = get_event(request, pk)
    if not request.user.has_perm("events.delete_event", event):
        raise PermissionDenied(_("You may not delete this event."))
    if request.method == "POST":
        form = DeleteEventForm(request.POST)
        scope = (form.cleaned_data["scope"] if form.is_valid() else "") or "this"
        workspace = event.workspace
        count = services.delete_event(event, actor=request.user, scope=scope)
        messages.success(
            request, ngettext("%(count)s event deleted.", "%(count)s events deleted.", count) % {"count": count}
        )
        return redirect("events:workspace_home", workspace.organization.slug, workspace.slug)
    return render(request, "events/event_delete.html", {"event": event, "workspace": event.workspace})


def check_conflicts(request, org_slug, ws_slug):
    """htmx: the clashes of the event form's current values, while it is being filled in."""
    workspace = require_module(request, "events")
    user = request.user
    if not may_any(user, ("events.add_event", "events.change_event"), workspace):
        raise PermissionDenied(_("Your role does not schedule events here."))
    event = None
    event_id = request.POST.get("event_id", "")
    if event_id.isdigit():
        event = Event.objects.visible_to(user).in_workspace(workspace).filter(pk=int(event_id)).first()
    form = EventForm(request.POST or None, user=user, workspace=workspace, event=event)
    clashes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = list(data.get("crew") or [])
        calls = {}
        if event is not None:
            existing = list(event.crew_calls.select_related("user"))
            people += [c.user for c in existing]
            shift = data["starts_at"] - event.starts_at
            calls = {c.user_id: c.call_time + shift for c in existing}
        calls.update({u.pk: data.get("call_at") or data["starts_at"] for u in data.get("crew") or []})
        clashes = services.check_schedule_conflict(
            workspace=workspace,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            people=people,
            calls=calls,
            exclude={event.pk} if event else set(),
            viewer=user,
        )
    return render(request, "events/_clashes.html", {"clashes": clashes, "live": True})


def conflicts(request, org_slug, ws_slug):
    """Every clash in the workspace over a range of days: by default from today to the last planned
    event, so a clash months ahead is listed; the heading says which days are covered."""
    workspace = require_module(request, "events")
    tz = org_timezone(workspace)
    form = ConflictRangeForm(request.GET or None)
    first, last = services.conflict_range(workspace, user=request.user, today=timezone.localdate(timezone=tz))
    pairs, status = [], 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        first, last = data.get("start") or first, data.get("end") or max(last, data.get("start") or last)
        start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        pairs = services.workspace_conflicts(workspace, user=request.user, start=start, end=end)
    context = {
        "workspace": workspace,
        "pairs": pairs,
        "form": form,
        "first": first,
        "last": last,
        "timezone_name": tz.key,
    }
    return render(request, "events/conflicts.html", context, status=status)
