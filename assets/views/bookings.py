"""Kits and reservations: reserve an asset or a kit, check it out and in, cancel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import services
from ..filters import KitFilter, ReservationFilter
from ..forms import ConditionForm, KitForm, ReserveForm
from ..models import Kit, Reservation, ReservationStatus
from ._common import error_status, paginate, safe_querystring, tabs, visible_or_404


def kits(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    can_add = user.has_perm("assets.add_kit", workspace)
    form = KitForm(request.POST or None, user=user, workspace=workspace) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Your role does not create kits in this workspace.")
        if form.is_valid():
            try:
                kit = services.create_kit(workspace, actor=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"Kit {kit.name} created.")
                return redirect("assets:kit_detail", kit.pk)
        else:
            status = 400
    request.filter_workspace = workspace
    base = Kit.objects.visible_to(user).in_workspace(workspace).annotate(size=Count("assets")).order_by("name", "id")
    filterset = KitFilter(request.GET or None, queryset=base, request=request)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else base.none()
    context = {
        "workspace": workspace,
        "page": paginate(request, rows),
        "filter_form": filterset.form,
        "querystring": safe_querystring(request),
        "form": form,
        **tabs(workspace, "kits"),
    }
    return render(request, "assets/kits.html", context, status=status)


def kit_detail(request, pk):
    kit = visible_or_404(Kit, request.user, pk, "workspace__organization")
    user = request.user
    can_edit = user.has_perm("assets.change_kit", kit)
    form = None
    status = 200
    if can_edit:
        initial = {"name": kit.name, "description": kit.description, "assets": list(kit.assets.all())}
        form = KitForm(request.POST or None, user=user, workspace=kit.workspace, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("You may not edit this kit.")
        if form.is_valid():
            try:
                services.update_kit(kit, actor=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"Kit {kit.name} saved.")
                return redirect("assets:kit_detail", kit.pk)
        else:
            status = 400
    context = {
        "kit": kit,
        "workspace": kit.workspace,
        "assets": kit.assets.order_by("tag"),
        "reservations": kit.reservations.order_by("-start_date", "-id")[:10],
        "form": form,
        "can_reserve": user.has_perm("assets.add_reservation", kit),
        **tabs(kit.workspace, "kits"),
    }
    return render(request, "assets/kit_detail.html", context, status=status)


def reservations(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    request.filter_workspace = workspace
    base = (
        Reservation.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("kit", "production", "event", "reserved_by")
        .annotate(size=Count("items"))
        .order_by("-start_date", "-id")
    )
    filterset = ReservationFilter(request.GET or None, queryset=base, request=request)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        rows, status = base.none(), 400
    else:
        rows = filterset.qs
    page = paginate(request, rows)
    # The first asset of each single-asset booking, for its name, in one query.
    first_items = {}
    from ..models import ReservationItem

    for item in (
        ReservationItem.objects.filter(reservation__in=[r.pk for r in page.object_list])
        .select_related("asset")
        .order_by("reservation_id", "asset__tag")
    ):
        first_items.setdefault(item.reservation_id, item.asset)
    for r in page.object_list:
        r.first_asset = first_items.get(r.pk)
    context = {
        "workspace": workspace,
        "filter_form": filterset.form,
        "page": page,
        "querystring": safe_querystring(request),
        "can_reserve": user.has_perm("assets.add_reservation", workspace),
        **tabs(workspace, "reservations"),
    }
    return render(request, "assets/reservations.html", context, status=status)


def reserve(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    if not user.has_perm("assets.add_reservation", workspace):
        raise PermissionDenied("Your role does not reserve assets here.")
    status = 200
    if request.method == "POST":
        form = ReserveForm(request.POST, user=user, workspace=workspace)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reservation = services.reserve(
                    actor=user,
                    asset=data["asset"],
                    kit=data["kit"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    production=data["production"],
                    event=data["event"],
                    notes=data["notes"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"Reserved {reservation.start_date:%d %b} – {reservation.end_date:%d %b}.")
                return redirect("assets:reservation_detail", reservation.pk)
        else:
            status = 400
    else:
        initial = {}
        if request.GET.get("kit", "").isdigit():
            initial["kit"] = request.GET["kit"]
        if request.GET.get("tag"):
            initial["asset_tag"] = request.GET["tag"][:40]
        for key in ("start_date", "end_date"):
            if request.GET.get(key):
                initial[key] = request.GET[key][:10]
        form = ReserveForm(initial=initial, user=user, workspace=workspace)
    context = {"workspace": workspace, "form": form, **tabs(workspace, "reservations")}
    return render(request, "assets/reserve.html", context, status=status)


def reservation_detail(request, pk, *, error=None, status=200):
    reservation = visible_or_404(
        Reservation,
        request.user,
        pk,
        "workspace__organization",
        "kit",
        "production",
        "event",
        "reserved_by",
        "checked_out_by",
        "checked_in_by",
    )
    user = request.user
    moves = reservation.allowed_moves()
    can_handle = user.has_perm("assets.checkout_reservation", reservation)
    context = {
        "reservation": reservation,
        "workspace": reservation.workspace,
        "items": reservation.items.select_related("asset").order_by("asset__tag"),
        "history": ActivityEntry.objects.for_object(reservation).order_by("created_at", "id"),
        "can_check_out": can_handle and ReservationStatus.CHECKED_OUT in moves,
        "can_check_in": can_handle and ReservationStatus.RETURNED in moves,
        "can_cancel": user.has_perm("assets.change_reservation", reservation) and ReservationStatus.CANCELLED in moves,
        "condition_form": ConditionForm(),
        "error": error,
        **tabs(reservation.workspace, "reservations"),
    }
    return render(request, "assets/reservation_detail.html", context, status=status)


def _act(request, pk, service, done):
    reservation = visible_or_404(Reservation, request.user, pk)
    form = ConditionForm(request.POST)
    form.is_valid()
    try:
        if service is services.cancel_reservation:
            service(reservation, actor=request.user, note=form.cleaned_data.get("condition", ""))
        else:
            service(reservation, actor=request.user, condition=form.cleaned_data.get("condition", ""))
    except DomainError as exc:
        return reservation_detail(request, pk, error=str(exc), status=error_status(exc))
    messages.success(request, done)
    return redirect("assets:reservation_detail", reservation.pk)


@require_POST
def check_out_view(request, pk):
    return _act(request, pk, services.check_out, "Checked out.")


@require_POST
def check_in_view(request, pk):
    return _act(request, pk, services.check_in, "Checked in.")


@require_POST
def cancel_view(request, pk):
    return _act(request, pk, services.cancel_reservation, "Reservation cancelled.")
