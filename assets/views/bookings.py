"""Kits and reservations: reserve an asset or a kit, check it out and in, cancel."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.pages import action_page, filtered, form_page, list_page
from dragonfly.core.workspace_views import require_module

from .. import services
from ..filters import KitFilter, ReservationFilter
from ..forms import ConditionForm, KitForm, ReserveForm
from ..models import Kit, Reservation, ReservationItem, ReservationStatus
from ._common import error_status, paginate, safe_querystring, tabs, visible_or_404


def kits(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    can_add = user.has_perm("assets.add_kit", workspace)
    if request.method == "POST" and not can_add:
        raise PermissionDenied(_("Your role does not create kits in this workspace."))
    base = Kit.objects.visible_to(user).in_workspace(workspace).annotate(size=Count("assets")).order_by("name", "id")
    filterset, rows, _status = filtered(request, base, KitFilter)  # a bad filter shows no kits, the page still opens
    context = {
        "workspace": workspace,
        "page": paginate(request, rows),
        "filter_form": filterset.form,
        "querystring": safe_querystring(request),
        **tabs(workspace, "kits"),
    }
    return form_page(
        request,
        KitForm(request.POST or None, user=user, workspace=workspace) if can_add else None,
        save=lambda data: services.create_kit(workspace, actor=user, **data),
        template="assets/kits.html",
        context=context,
        redirect_to=lambda kit: reverse("assets:kit_detail", args=[kit.pk]),
        success=lambda kit: _("Kit %(name)s created.") % {"name": kit.name},
    )


def kit_detail(request, pk):
    kit = visible_or_404(Kit, request.user, pk, "workspace__organization")
    user = request.user
    can_edit = user.has_perm("assets.change_kit", kit)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("You may not edit this kit."))
    context = {
        "kit": kit,
        "workspace": kit.workspace,
        "assets": kit.assets.order_by("tag"),
        "reservations": kit.reservations.order_by("-start_date", "-id")[:10],
        "can_reserve": user.has_perm("assets.add_reservation", kit),
        **tabs(kit.workspace, "kits"),
    }
    initial = {"name": kit.name, "description": kit.description, "assets": list(kit.assets.all())} if can_edit else None
    return form_page(
        request,
        KitForm(request.POST or None, user=user, workspace=kit.workspace, initial=initial) if can_edit else None,
        save=lambda data: services.update_kit(kit, actor=user, **data),
        template="assets/kit_detail.html",
        context=context,
        redirect_to=lambda saved: reverse("assets:kit_detail", args=[kit.pk]),
        success=lambda saved: _("Kit %(name)s saved.") % {"name": saved.name},
        versioned=kit,
    )


def reservations(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    base = (
        Reservation.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("kit", "production", "event", "reserved_by")
        .annotate(size=_item_count())
        .order_by("-start_date", "-id")
    )
    context = {
        "workspace": workspace,
        "can_reserve": user.has_perm("assets.add_reservation", workspace),
        **tabs(workspace, "reservations"),
    }
    return list_page(
        request, base, ReservationFilter, template="assets/reservations.html", context=context, rows=_with_first_asset
    )


def _with_first_asset(reservations):
    """The first asset of each single-asset booking, for its name, in one query."""
    reservations = list(reservations)
    first_items = {}
    for item in (
        ReservationItem.objects.filter(reservation__in=[r.pk for r in reservations])
        .select_related("asset")
        .order_by("reservation_id", "asset__tag")
    ):
        first_items.setdefault(item.reservation_id, item.asset)
    for r in reservations:
        r.first_asset = first_items.get(r.pk)
    return reservations


def reserve(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    if not user.has_perm("assets.add_reservation", workspace):
        raise PermissionDenied(_("Your role does not reserve assets here."))
    if request.method == "POST":
        form = ReserveForm(request.POST, user=user, workspace=workspace)
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
    fields = ("asset", "kit", "start_date", "end_date", "production", "event", "notes")
    return form_page(
        request,
        form,
        save=lambda data: services.reserve(actor=user, **{k: data[k] for k in fields}),
        template="assets/reserve.html",
        context={"workspace": workspace, **tabs(workspace, "reservations")},
        redirect_to=lambda r: reverse("assets:reservation_detail", args=[r.pk]),
        success=lambda r: (
            _("Reserved %(start)s – %(end)s.")
            % {"start": date_format(r.start_date, "d M"), "end": date_format(r.end_date, "d M")}
        ),
    )


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
    moves = reservation.moves_for(request.user)  # the table and the role's permissions
    context = {
        "reservation": reservation,
        "workspace": reservation.workspace,
        "items": reservation.items.select_related("asset").order_by("asset__tag"),
        "history": ActivityEntry.objects.for_object(reservation).order_by("created_at", "id"),
        "can_check_out": ReservationStatus.CHECKED_OUT in moves,
        "can_check_in": ReservationStatus.RETURNED in moves,
        "can_cancel": ReservationStatus.CANCELLED in moves,
        "condition_form": ConditionForm(),
        "error": error,
        **tabs(reservation.workspace, "reservations"),
    }
    return render(request, "assets/reservation_detail.html", context, status=status)


def _act(request, pk, service, argument, done):
    reservation = visible_or_404(Reservation, request.user, pk)
    form = ConditionForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("condition", "")
    return action_page(
        request,
        lambda: service(reservation, actor=request.user, **{argument: text}),
        redirect_to=reverse("assets:reservation_detail", args=[reservation.pk]),
        success=done,
        on_refusal=lambda exc: reservation_detail(request, pk, error=str(exc), status=error_status(exc)),
    )


@require_POST
def check_out_view(request, pk):
    return _act(request, pk, services.check_out, "condition", _("Checked out."))


@require_POST
def check_in_view(request, pk):
    return _act(request, pk, services.check_in, "condition", _("Checked in."))


@require_POST
def cancel_view(request, pk):
    return _act(request, pk, services.cancel_reservation, "note", _("Reservation cancelled."))


def _item_count():
    # A correlated count, computed for the page's rows only: Count("items") (a JOIN + GROUP BY) made
    # PostgreSQL group the workspace's every reservation (21,000 at 1M rows) before taking 25.
    sizes = ReservationItem.objects.filter(reservation=OuterRef("pk")).order_by().values("reservation")
    return Coalesce(Subquery(sizes.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))
