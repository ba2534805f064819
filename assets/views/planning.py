"""Availability for a date range and utilization over a period."""

import datetime

from django.shortcuts import render
from django.utils import timezone

from dragonfly.core.workspace_views import require_module

from ..forms import RangeForm
from ..selectors import (
    assets_with_availability,
    get_asset_availability,
    get_asset_utilization,
    kits_with_availability,
    utilization_for_assets,
)
from ._common import paginate, safe_querystring, tabs


def availability(request, org_slug, ws_slug):
    """Free / booked / short per category for the dates, the kits, and the assets of one category."""
    workspace = require_module(request, "assets")
    user = request.user
    data = request.GET.copy()
    today = timezone.localdate()
    data.setdefault("start", today.isoformat())
    data.setdefault("end", (today + datetime.timedelta(days=6)).isoformat())
    form = RangeForm(data)
    start, end, category, need = form.values()
    rows = get_asset_availability(user=user, workspace=workspace, start=start, end=end, category=category, need=need)
    page = paginate(
        request, assets_with_availability(user=user, workspace=workspace, start=start, end=end, category=category)
    )
    context = {
        "workspace": workspace,
        "form": form,
        "start": start,
        "end": end,
        "category": category,
        "need": need,
        "rows": rows,
        "kits": kits_with_availability(user=user, workspace=workspace, start=start, end=end),
        "page": page,
        "querystring": safe_querystring(request),
        "can_add": user.has_perm("assets.add_asset", workspace),
        **tabs(workspace, "availability"),
    }
    return render(request, "assets/availability.html", context, status=400 if form.errors else 200)


def utilization(request, org_slug, ws_slug):
    """Booked days / available days per category (a table and a bar chart) and per asset (paged)."""
    workspace = require_module(request, "assets")
    user = request.user
    query = request.GET.copy()
    today = timezone.localdate()
    query.setdefault("end", today.isoformat())
    query.setdefault("start", (today - datetime.timedelta(days=29)).isoformat())
    form = RangeForm(query)
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or timezone.localdate()
    start = data.get("start") or end - datetime.timedelta(days=29)
    category = data.get("category") or None
    rows = get_asset_utilization(user=user, workspace=workspace, start=start, end=end, category=category)
    assets = assets_with_availability(user=user, workspace=workspace, start=start, end=end, category=category)
    page = paginate(request, assets)
    per_asset = utilization_for_assets(page.object_list, start=start, end=end)
    booked = sum(r.booked_days for r in rows)
    available = sum(r.available_days for r in rows)
    context = {
        "workspace": workspace,
        "form": form,
        "start": start,
        "end": end,
        "rows": rows,
        "per_asset": per_asset,
        "page": page,
        "total_booked": booked,
        "total_available": available,
        "total_percent": round(100 * booked / available, 1) if available else 0,
        "querystring": safe_querystring(request),
        "category": category,
        "can_add": user.has_perm("assets.add_asset", workspace),
        **tabs(workspace, "utilization"),
    }
    return render(request, "assets/utilization.html", context, status=400 if form.errors else 200)
