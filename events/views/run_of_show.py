"""Run of show: the editor (add, edit, reorder by drag or buttons), a printable sheet, and the live
page where the stage manager calls the cues (everyone else watches it re-time; after the show it
is the record)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page, form_action, form_page

from .. import services
from ..forms import CueForm
from ._common import error_status, get_cue, get_event


def _require_view(request, event):
    if not request.user.has_perm("events.view_cue", event):
        raise PermissionDenied(_("Your role does not see this run of show."))


def _context(request, event):
    schedule = services.run_of_show(event)
    running = services.current_cue(schedule)
    total = (schedule[-1].ends_at - event.starts_at) if schedule else None
    return {
        "event": event,
        "workspace": event.workspace,
        "schedule": schedule,
        "running": running,
        "overrun": bool(schedule) and schedule[-1].ends_at > event.ends_at,
        "last_end": schedule[-1].ends_at if schedule else None,
        "total": total,
        "now": timezone.now(),
    }


def run_of_show(request, pk, *, form=None, status=200):
    event = get_event(request, pk)
    _require_view(request, event)
    context = _context(request, event)
    closed = services.record_closed(event)  # after the show, the called run of show is its record
    can_edit = not closed and request.user.has_perm("events.change_cue", event)
    can_add = not closed and request.user.has_perm("events.add_cue", event)
    context.update(
        {
            "can_edit": can_edit,
            "can_delete": not closed and request.user.has_perm("events.delete_cue", event),
            "can_call": request.user.has_perm("events.call_cue", event),
            "form": form or (CueForm() if can_add else None),
        }
    )
    if request.htmx and request.headers.get("HX-Target") == "cues":
        return render(request, "events/_cues.html", context, status=status)
    return render(request, "events/run_of_show.html", context, status=status)


def run_of_show_print(request, pk):
    event = get_event(request, pk)
    _require_view(request, event)
    return render(request, "events/run_of_show_print.html", _context(request, event))


def run_of_show_live(request, pk):
    """The show as called: the running cue, the next one to call, each cue planned against actual or
    projected. Stage managers call from here; every open copy refreshes on each call (a push, dragonfly/realtime)."""
    event = get_event(request, pk)
    _require_view(request, event)
    return _live(request, event)


def _live(request, event, *, error=None, status=200):
    order = services.running_order(event)
    context = {
        "event": event,
        "workspace": event.workspace,
        "order": order,
        "can_call": not order.finished and request.user.has_perm("events.call_cue", event),
        "error": error,
        "now": services.show_clock(),
    }
    template = "events/_call.html" if request.htmx else "events/run_of_show_live.html"
    return render(request, template, context, status=status)


@require_POST
def call_cue(request, pk):
    """A call button on the live page: standby, go, done, skip or stand down."""
    cue = get_cue(request, pk)
    return action_page(
        request,
        lambda: services.call_cue(cue, actor=request.user, to_status=request.POST.get("to_status", "")),
        redirect_to=reverse("events:run_of_show_live", args=[cue.event_id]),
        on_refusal=lambda exc: _live(
            request, get_event(request, cue.event_id), error=str(exc), status=error_status(exc)
        ),
    )


@require_POST
def add_cue(request, pk):
    event = get_event(request, pk)
    if not request.user.has_perm("events.add_cue", event):
        raise PermissionDenied(_("You may not change this run of show."))
    return form_action(
        request,
        CueForm(request.POST),
        save=lambda data: services.add_cue(event, actor=request.user, **_cue_fields(data)),
        redisplay=lambda form, status: run_of_show(request, pk, form=form, status=status),
        redirect_to=reverse("events:run_of_show", args=[pk]),
    )


def edit_cue(request, pk):
    cue = get_cue(request, pk)
    event = get_event(request, cue.event_id)
    if not request.user.has_perm("events.change_cue", cue):
        raise PermissionDenied(_("You may not change this run of show."))
    at = ""
    if cue.fixed_start:
        at = cue.fixed_start.astimezone(event.tz).strftime("%H:%M")
    initial = {
        "item": cue.item,
        "duration": services.format_duration(cue.duration),
        "at": at,
        "owner": cue.owner,
        "department": cue.department,
        "notes": cue.notes,
    }

    def save(data):
        cue.event = event
        return services.update_cue(cue, actor=request.user, **_cue_fields(data))

    return form_page(
        request,
        CueForm(request.POST or None, initial=initial),
        save=save,
        template="events/cue_form.html",
        context={"cue": cue, "event": event, "workspace": event.workspace},
        redirect_to=lambda _: reverse("events:run_of_show", args=[event.pk]),
        versioned=cue,
    )


def _cue_fields(data):
    """The cue form's cleaned data as the cue services take it."""
    return {
        "item": data["item"],
        "duration": data["duration"],
        "fixed_start": data["at"],
        "owner": data["owner"],
        "department": data["department"],
        "notes": data["notes"],
    }


@require_POST
def move_cue(request, pk):
    cue = get_cue(request, pk)
    try:
        services.move_cue(cue, actor=request.user, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    if request.htmx:
        return run_of_show(request, cue.event_id)
    return redirect("events:run_of_show", cue.event_id)


@require_POST
def reorder_cues(request, pk):
    """The order after a drag: every cue id of the event, top to bottom."""
    event = get_event(request, pk)
    try:
        services.reorder_cues(event, actor=request.user, order=request.POST.getlist("order"))
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(str(exc), status=error_status(exc))
        messages.error(request, str(exc))
    if request.htmx:
        return run_of_show(request, pk)
    return redirect("events:run_of_show", pk)


@require_POST
def delete_cue(request, pk):
    cue = get_cue(request, pk)
    services.delete_cue(cue, actor=request.user)
    return redirect("events:run_of_show", cue.event_id)
