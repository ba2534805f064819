"""Maintenance: open and recent jobs, schedules, closing a job."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, list_page, with_defaults
from dragonfly.core.workspace_views import require_module

from .. import services
from ..filters import MaintenanceRecordFilter
from ..forms import CompleteMaintenanceForm
from ..models import MaintenanceRecord, MaintenanceSchedule, MaintenanceStatus
from ._common import tabs, visible_or_404


def maintenance(request, org_slug, ws_slug):
    workspace = require_module(request, "assets")
    user = request.user
    base = (
        MaintenanceRecord.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("asset", "performed_by", "schedule")
        .order_by("-created_at", "-id")
    )
    today = timezone.localdate()
    upcoming = []
    for schedule in (
        MaintenanceSchedule.objects.visible_to(user)
        .in_workspace(workspace)
        .filter(active=True)
        .select_related("asset")
        .order_by("last_done_on", "id")[:200]
    ):
        due = schedule.next_due_on()
        if due is not None and due <= today + datetime.timedelta(days=30):
            upcoming.append((due, schedule))
    upcoming.sort(key=lambda pair: (pair[0], pair[1].pk))
    context = {
        "workspace": workspace,
        "upcoming": upcoming[:30],
        "today": today,
        "complete_form": CompleteMaintenanceForm(),
        "can_close": user.has_perm("assets.change_maintenancerecord", workspace),
        "can_record": user.has_perm("assets.add_maintenancerecord", workspace),
        **tabs(workspace, "maintenance"),
    }
    return list_page(
        request,
        base,
        MaintenanceRecordFilter,
        template="assets/maintenance.html",
        context=context,
        data=with_defaults(request, status=MaintenanceStatus.OPEN),
    )


@require_POST
def complete_view(request, pk):
    record = visible_or_404(MaintenanceRecord, request.user, pk, "asset", "workspace__organization")
    workspace = record.workspace
    if request.POST.get("from") == "asset":
        back = reverse("assets:asset_detail", args=[record.asset_id])
    else:
        back = reverse("assets:maintenance", args=[workspace.organization.slug, workspace.slug])
    form = CompleteMaintenanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date and cost."))
        return redirect(back)
    return action_page(
        request,
        lambda: services.complete_maintenance(record, actor=request.user, **form.cleaned_data),
        redirect_to=back,
        success=_("%(kind)s of %(tag)s done.") % {"kind": record.get_kind_display(), "tag": record.asset.tag},
    )
