"""Guest list pages: the reader's allotments, an event's guest list (allotments, requests, decisions),
a guest's pass, the door on a phone (search, scan, check in, live counts) and the event's badges. A view
parses input, calls one service, renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.idempotency import once_per_page
from dragonfly.core.pages import action_page, error_status, form_action, paginate
from events.models import Event

from . import badges as badge_services
from . import door, services
from .forms import AccreditationForm, AllotmentForm, CheckInForm, DecisionForm, GuestRequestForm
from .models import CHECKIN_PERM, Accreditation, Allotment, GuestRequest, GuestStatus

EVENT_RELATED = ("workspace__organization", "location")


def _event(request, pk):
    """The event, for someone who sees it or holds an allotment on it; anything else is a 404."""
    user = request.user
    event = Event.objects.visible_to(user).select_related(*EVENT_RELATED).filter(pk=pk).first()
    if event is None:
        event = Event.objects.select_related(*EVENT_RELATED).filter(pk=pk, guest_allotments__user=user).first()
    if event is None:
        raise Http404(_("No such event."))
    return event


def _manager_event(request, pk, refusal=None):
    event = _event(request, pk)
    if not services.may_manage(request.user, event):
        raise PermissionDenied(refusal or _("Your role does not manage this event's guest list."))
    return event


def _door_event(request, pk):
    event = _event(request, pk)
    if not request.user.has_perm(CHECKIN_PERM, event):
        raise PermissionDenied(_("Your role does not check guests in at this event."))
    return event


# --- the reader's allotments -------------------------------------------------------------------------
def mine(request):
    """The allotments the reader may see (their own, and every one of the events they manage)."""
    rows = (
        Allotment.objects.visible_to(request.user)
        .select_related("event", "user")
        .annotate(
            used=Sum(F("requests__plus_ones") + 1, filter=Q(requests__status=GuestStatus.APPROVED)),
            waiting=Count("requests", filter=Q(requests__status=GuestStatus.REQUESTED)),
        )
        .order_by("-event__starts_at", "party", "id")
    )
    return render(request, "guests/mine.html", {"page": paginate(request, rows)})


# --- an event's guest list ---------------------------------------------------------------------------
def event_guests(request, pk, *, allotment_form=None, request_form=None, status=200):
    event = _event(request, pk)
    user = request.user
    manager = services.may_manage(user, event)
    allotments = Allotment.objects.filter(event=event).select_related("user").order_by("party", "id")
    if not manager:
        allotments = allotments.filter(user=user)
    allotments = list(
        allotments.annotate(
            used=Sum(F("requests__plus_ones") + 1, filter=Q(requests__status=GuestStatus.APPROVED)),
        )
    )
    at_door = user.has_perm(CHECKIN_PERM, event)
    if not manager and not allotments:
        if at_door:
            return redirect("guests:door", pk=event.pk)
        raise PermissionDenied(_("Your role does not manage this event's guest list."))
    requests = GuestRequest.objects.filter(event=event, allotment__in=[a.pk for a in allotments])
    shown = request.GET.get("status", "")
    if shown in GuestStatus.values:
        requests = requests.filter(status=shown)
    requests = requests.select_related("allotment", "requested_by").order_by("status", "name", "id")
    if request_form is None:
        request_form = GuestRequestForm(allotments=allotments)
    if manager and allotment_form is None:
        allotment_form = AllotmentForm(event=event)
    return render(
        request,
        "guests/event_guests.html",
        {
            "event": event,
            "workspace": event.workspace,
            "manager": manager,
            "at_door": at_door,
            "allotments": allotments,
            "page": paginate(request, requests),
            "shown": shown,
            "statuses": GuestStatus.choices,
            "request_form": request_form,
            "allotment_form": allotment_form if manager else None,
            "counts": door.counts(event) if manager else None,
        },
        status=status,
    )


@require_POST
def add_allotment(request, pk):
    event = _manager_event(request, pk)
    form = AllotmentForm(request.POST, event=event)
    return form_action(
        request,
        form,
        save=lambda data: services.create_allotment(actor=request.user, event=event, **data),
        redisplay=lambda f, status: event_guests(request, pk, allotment_form=f, status=status),
        redirect_to=reverse("guests:event", args=[event.pk]),
        success=_("Allotment added."),
    )


@require_POST
def add_request(request, pk):
    event = _event(request, pk)
    allotments = Allotment.objects.filter(event=event)
    if not services.may_manage(request.user, event):
        allotments = allotments.filter(user=request.user)
    allotments = list(allotments.order_by("party", "id"))
    if not allotments:
        raise PermissionDenied(_("You may not ask for guests on this event."))
    form = GuestRequestForm(request.POST, allotments=allotments)
    return form_action(
        request,
        form,
        save=lambda data: services.request_guest(actor=request.user, **data),
        redisplay=lambda f, status: event_guests(request, pk, request_form=f, status=status),
        redirect_to=reverse("guests:event", args=[event.pk]),
        success=_("Guest asked for."),
    )


@require_POST
def decide(request, pk, to_status):
    guest = get_object_or_404(GuestRequest.objects.visible_to(request.user).select_related("allotment", "event"), pk=pk)
    moves = {GuestStatus.APPROVED: services.approve_request, GuestStatus.DECLINED: services.decline_request}
    if to_status not in moves:
        raise Http404(_("No such decision."))
    if not services.may_manage(request.user, guest.event):
        raise PermissionDenied(_("Your role does not manage this event's guest list."))
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return action_page(
        request,
        lambda: moves[to_status](guest, actor=request.user, note=note),
        redirect_to=reverse("guests:event", args=[guest.event_id]),
        success=_("%(name)s: %(status)s.") % {"name": guest.name, "status": GuestStatus(to_status).label},
    )


def guest_pass(request, pk):
    """An approved guest's pass: their QR code and door code, to send them."""
    guest = get_object_or_404(GuestRequest.objects.visible_to(request.user).select_related("event", "allotment"), pk=pk)
    if guest.status != GuestStatus.APPROVED:
        raise Http404(_("Only an approved guest has a pass."))
    return render(
        request,
        "guests/pass.html",
        {"guest": guest, "event": guest.event, "qr": door.qr_svg(door.pass_token(guest))},
    )


# --- the door ----------------------------------------------------------------------------------------
def door_page(request, pk):
    event = _door_event(request, pk)
    code = request.GET.get("code", "")[:200]
    found = None
    if code:
        found = door.find_by_code(event, code)
        if found is None:
            messages.error(request, _("No approved guest has this code."))
    return _door(request, event, request.GET.get("q", ""), found=found, code=code)


def _door(request, event, query, *, found=None, code="", status=200):
    query = query[:100]
    results = [found] if found else door.search(event, query) if query else []
    context = {"event": event, "q": query, "code": code, "results": results, "searched": bool(query or code)}
    if request.htmx and request.htmx.target == "door-results":
        return render(request, "guests/_door_results.html", context)
    context["counts"] = door.counts(event)
    return render(request, "guests/door.html", context, status=status)


def door_counts(request, pk):
    event = _door_event(request, pk)
    return render(request, "guests/_door_counts.html", {"event": event, "counts": door.counts(event)})


@require_POST
def door_check_in(request, pk):
    # From a phone at the door, perhaps queued offline and sent later: the same key checks in once.
    return once_per_page(request, lambda: _door_check_in(request, pk))


def _door_check_in(request, pk):
    guest = get_object_or_404(
        GuestRequest.objects.visible_to(request.user, CHECKIN_PERM).select_related("event"), pk=pk
    )
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the number of plus-ones."))
        return _door(request, guest.event, request.POST.get("q") or "", status=400)
    data = form.cleaned_data
    query = data.get("q") or ""
    try:
        result = door.check_in(guest, actor=request.user, plus_ones=data.get("plus_ones") or 0)
    except DomainError as exc:
        # Shown on the door page again (a refusal keeps no key, so the phone may send it again).
        messages.error(request, str(exc))
        return _door(request, guest.event, query, status=error_status(exc))
    words = {"name": result.guest.name, "count": result.guest.plus_ones_in}
    if result.first:
        messages.success(request, _("%(name)s checked in (+%(count)s).") % words)
    else:
        messages.info(request, _("%(name)s was already checked in (+%(count)s).") % words)
    back = reverse("guests:door", args=[guest.event_id])
    return redirect(f"{back}?{urlencode({'q': query})}" if query else back)


# --- badges ------------------------------------------------------------------------------------------
def event_badges(request, pk, *, form=None, status=200):
    event = _manager_event(request, pk, _("Your role does not accredit people for this event."))
    badges = (
        Accreditation.objects.filter(event=event)
        .select_related("guest")
        .prefetch_related(Prefetch("zones", to_attr="zone_list"))
        .order_by("name", "id")
    )
    return render(
        request,
        "guests/badges.html",
        {
            "event": event,
            "workspace": event.workspace,
            "page": paginate(request, badges),
            "form": form or AccreditationForm(event=event),
            "has_zones": badge_services.venue_zones(event).exists(),
        },
        status=status,
    )


@require_POST
def add_badge(request, pk):
    event = _manager_event(request, pk, _("Your role does not accredit people for this event."))
    form = AccreditationForm(request.POST, event=event)
    return form_action(
        request,
        form,
        save=lambda data: badge_services.accredit(actor=request.user, event=event, **data),
        redisplay=lambda f, status: event_badges(request, pk, form=f, status=status),
        redirect_to=reverse("guests:badges", args=[event.pk]),
        success=_("Badge added."),
    )


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def badge_pdf(request, pk):
    badge = get_object_or_404(
        Accreditation.objects.visible_to(request.user).select_related("event__workspace").prefetch_related("zones"),
        pk=pk,
    )
    return _pdf(badge_services.badges_pdf([badge], title=badge.name), f"badge-{badge.pk}.pdf")


def event_badges_pdf(request, pk):
    event = _manager_event(request, pk, _("Your role does not accredit people for this event."))
    badges = (
        Accreditation.objects.filter(event=event)
        .select_related("event__workspace")
        .prefetch_related("zones")
        .order_by("name", "id")
    )
    title = _("Badges · %(event)s") % {"event": event.title}
    return _pdf(badge_services.badges_pdf(badges, title=title), f"badges-event-{event.pk}.pdf")
