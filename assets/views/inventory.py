"""The asset list, asset pages, photos, QR labels, CSV import and export."""

from functools import partial

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.csv_export import stream_csv
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import filtered, form_action, list_page, object_form
from dragonfly.core.picker import picker_results
from dragonfly.core.workspace_views import require_module
from dragonfly.files.models import Attachment
from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import require

from .. import extensions, selectors, services
from ..errors import ImportRefused
from ..filters import AssetFilter
from ..forms import (
    AssetForm,
    ImportForm,
    MaintenanceRecordForm,
    MaintenanceScheduleForm,
    PhotoForm,
    kit_asset_choices,
    search_assets,
)
from ..importing import COLUMNS, import_assets, preview_import
from ..labels import qr_svg
from ..models import Asset, MaintenanceRecord, MaintenanceSchedule, ReservationItem
from ..privacy import can_see_value
from ._common import error_status, tabs, visible_or_404

MAX_LABELS = 120


def _assets(request, workspace):
    return Asset.objects.visible_to(request.user).in_workspace(workspace).order_by("tag", "id")


def _filtered(request, workspace):
    return filtered(request, _assets(request, workspace), AssetFilter)


def workspace_home(request, org_slug, ws_slug):
    """The asset list: search, filters by category, status, location and kit."""
    workspace = require_module(request, "assets")
    user = request.user
    categories = (
        Asset.objects.visible_to(user)
        .in_workspace(workspace)
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()[:100]
    )
    context = {
        "workspace": workspace,
        "categories": list(categories),
        "can_add": user.has_perm("assets.add_asset", workspace),
        "can_reserve": user.has_perm("assets.add_reservation", workspace),
        **tabs(workspace, "assets"),
    }
    return list_page(
        request, _assets(request, workspace), AssetFilter, template="assets/asset_list.html", context=context
    )


def asset_export(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    filterset, assets, status = _filtered(request, workspace)

    show_value = can_see_value(request.user, workspace)
    rows = (
        [
            a.tag,
            a.name,
            a.category,
            a.make,
            a.model_name,
            a.serial_number,
            a.home_location,
            a.purchase_date,
            a.purchase_value if show_value else None,
            a.status,
            a.notes,
        ]
        for a in assets.iterator(chunk_size=500)
    )
    response = stream_csv(f"assets-{workspace.slug}.csv", COLUMNS, rows)
    response.status_code = status
    return response


def asset_new(request, org_slug, ws_slug):
    workspace = require_module(
        request, "assets", "assets.add_asset", _("Your role does not add assets in this workspace.")
    )
    return _asset_form(request, workspace, None)


def asset_edit(request, pk):
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization")
    require(request.user, "assets.change_asset", asset, _("You may not edit this asset."))
    return _asset_form(request, asset.workspace, asset)


def _asset_form(request, workspace, asset):
    user = request.user
    return object_form(
        request,
        AssetForm(request.POST or None, user=user, workspace=workspace, instance=asset),
        asset,
        create=partial(services.create_asset, workspace, actor=user),
        update=partial(services.update_asset, actor=user),
        template="assets/asset_form.html",
        context={"workspace": workspace, "asset": asset, **tabs(workspace, "assets")},
        redirect_to=lambda saved: reverse("assets:asset_detail", args=[saved.pk]),
        success=lambda saved: (_("%(tag)s added.") if asset is None else _("%(tag)s saved.")) % {"tag": saved.tag},
    )


def asset_detail(request, pk, *, photo_form=None, record_form=None, schedule_form=None, status=200):
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization", "catalog_item", "zone")
    user = request.user
    workspace = asset.workspace
    bookings = list(
        ReservationItem.objects.filter(asset=asset)
        .select_related("reservation__production", "reservation__event", "reservation__kit")
        .order_by("-start_date", "-id")[:15]
    )
    photos = list(
        Attachment.objects.visible_to(user)
        .filter(content_type=ContentType.objects.get_for_model(Asset), object_id=str(asset.pk), bucket="media")
        .order_by("-created_at")[:12]
    )
    records = list(MaintenanceRecord.objects.filter(asset=asset).select_related("performed_by")[:15])
    schedules = list(MaintenanceSchedule.objects.filter(asset=asset).select_related("manager"))
    can_maintain = user.has_perm("assets.add_maintenancerecord", asset)
    can_schedule = user.has_perm("assets.add_maintenanceschedule", asset)
    can_edit = user.has_perm("assets.change_asset", asset)
    context = {
        "asset": asset,
        "workspace": workspace,
        "bookings": bookings,
        "photos": photos,
        "records": records,
        "schedules": schedules,
        "kits": list(asset.kits.all()),
        "history": ActivityEntry.objects.for_object(asset).order_by("-created_at", "-id")[:10],
        "can_edit": can_edit,
        "can_see_value": can_see_value(user, asset),
        "can_reserve": user.has_perm("assets.add_reservation", asset) and asset.reservable,
        "extra_actions": extensions.actions_for(user, asset),
        "photo_form": (photo_form or PhotoForm())
        if can_edit and user.has_perm("files.add_attachment", workspace)
        else None,
        "record_form": (record_form or MaintenanceRecordForm()) if can_maintain else None,
        "schedule_form": (schedule_form or MaintenanceScheduleForm(user=request.user, workspace=workspace))
        if can_schedule
        else None,
        **tabs(workspace, "assets"),
    }
    return render(request, "assets/asset_detail.html", context, status=status)


@require_POST
def photo_add(request, pk):
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization")
    require(request.user, "assets.change_asset", asset, _("You may not add photos to this asset."))
    return form_action(
        request,
        PhotoForm(request.POST, request.FILES),
        save=lambda data: store_upload(
            data["photo"], bucket="media", actor=request.user, workspace=asset.workspace, attach_to=asset
        ),
        redisplay=lambda form, status: asset_detail(request, pk, photo_form=form, status=status),
        redirect_to=_asset_url(asset),
        success=_("Photo added."),
        upload_field="photo",
    )


def _warn_of_reservations(request, record):
    at_risk = selectors.reservations_at_risk(record, user=request.user)
    if at_risk:
        messages.warning(request, selectors.at_risk_warning(record, at_risk))
    return record


@require_POST
def record_add(request, pk):
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization")
    require(request.user, "assets.add_maintenancerecord", asset, _("Your role does not record maintenance here."))
    return form_action(
        request,
        MaintenanceRecordForm(request.POST),
        save=lambda data: _warn_of_reservations(
            request, services.add_maintenance_record(asset, actor=request.user, **data)
        ),
        redisplay=lambda form, status: asset_detail(request, pk, record_form=form, status=status),
        redirect_to=_asset_url(asset),
        success=lambda record: (
            (_("%(kind)s logged.") if record.status == "done" else _("%(kind)s opened."))
            % {"kind": record.get_kind_display()}
        ),
    )


@require_POST
def schedule_add(request, pk):
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization")
    require(request.user, "assets.add_maintenanceschedule", asset, _("Your role does not plan maintenance here."))
    return form_action(
        request,
        MaintenanceScheduleForm(request.POST, user=request.user, workspace=asset.workspace),
        save=lambda data: services.add_maintenance_schedule(asset, actor=request.user, **data),
        redisplay=lambda form, status: asset_detail(request, pk, schedule_form=form, status=status),
        redirect_to=_asset_url(asset),
        success=_("Maintenance schedule saved."),
    )


def _asset_url(asset):
    return reverse("assets:asset_detail", args=[asset.pk])


def asset_label(request, pk):
    """One printable label; the QR code opens the asset page (after login)."""
    asset = visible_or_404(Asset, request.user, pk, "workspace__organization")
    labels = [_label(request, asset)]
    return render(request, "assets/labels.html", {"labels": labels, "workspace": asset.workspace, "single": True})


def labels(request, org_slug, ws_slug):
    """A sheet of labels for the filtered asset list (at most MAX_LABELS at a time)."""
    workspace = require_module(request, "assets")
    filterset, assets, status = _filtered(request, workspace)
    rows = list(assets[: MAX_LABELS + 1])
    context = {
        "labels": [_label(request, a) for a in rows[:MAX_LABELS]],
        "workspace": workspace,
        "truncated": len(rows) > MAX_LABELS,
        "max_labels": MAX_LABELS,
        "querystring": request.GET.urlencode(),  # an empty sheet from a filter offers to clear it
    }
    return render(request, "assets/labels.html", context, status=status)


def _label(request, asset):
    url = request.build_absolute_uri(reverse("assets:asset_detail", args=[asset.pk]))
    return {"asset": asset, "url": url, "qr": qr_svg(url)}


def import_view(request, org_slug, ws_slug):
    """Upload a CSV, read the preview with its per-row errors, then import all or the valid rows only."""
    workspace = require_module(
        request, "assets", "assets.add_asset", _("Your role does not add assets in this workspace.")
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"workspace": workspace, "form": form, "columns": COLUMNS, **tabs(workspace, "assets")}
    if request.method != "POST":
        return render(request, "assets/import.html", context)
    if not form.is_valid():
        return render(request, "assets/import.html", context, status=400)
    try:
        text = form.csv_text()
    except ValidationError as exc:  # not text
        form.add_error("file", exc.messages[0])
        return render(request, "assets/import.html", context, status=400)
    mode = form.cleaned_data.get("mode")
    if not text.strip():
        form.add_error("file", _("Choose a CSV file."))
        return render(request, "assets/import.html", context, status=400)
    if mode:
        try:
            created, skipped = import_assets(workspace, actor=request.user, text=text, mode=mode)
        except ImportRefused as exc:
            context.update(preview=preview_import(workspace, text), text=text, refused=exc.errors)
            return render(request, "assets/import.html", context, status=400)
        except DomainError as exc:
            form.add_error(None, str(exc))
            context.update(preview=preview_import(workspace, text), text=text)
            return render(request, "assets/import.html", context, status=error_status(exc))
        note = _(" %(count)s row(s) with errors were skipped.") % {"count": len(skipped)} if skipped else ""
        messages.success(request, _("%(count)s asset(s) imported.") % {"count": len(created)} + note)
        return redirect("assets:workspace_home", workspace.organization.slug, workspace.slug)
    preview = preview_import(workspace, text)
    context.update(preview=preview, text=text)
    return render(request, "assets/import.html", context, status=200 if not preview.problems else 400)


def asset_picker(request, org_slug, ws_slug):
    """The kit form's asset matches: the workspace's in-service assets the user sees, by tag or name;
    picking one adds its tag."""
    workspace = require_module(request, "assets")
    rows = kit_asset_choices(request.user, workspace)
    return picker_results(request, rows, search=search_assets, value=lambda asset: asset.tag)
