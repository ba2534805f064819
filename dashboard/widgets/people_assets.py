"""Widgets of crew and kit: certifications expiring, assets short in the coming week."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from assets.models import Asset, AssetStatus
from assets.selectors import get_asset_availability
from people.models import Certification

from ..registry import Widget, register
from ._common import today, ws_url

SOON = 30  # days: what "expiring" means here, as on the certifications page


@register
class ExpiringCertifications(Widget):
    key = "expiring_certifications"
    title = gettext_lazy("Expiring certifications")
    description = gettext_lazy("Certificates that expired or expire within 30 days.")
    perm = "people.view_certification"
    template = "dashboard/widgets/certifications.html"
    LIMIT = 5

    def _attention(self, user, workspace):
        day = today(workspace)
        return (
            Certification.objects.visible_to(user)
            .in_workspace(workspace)
            .filter(expires_on__isnull=False, expires_on__lte=day + datetime.timedelta(days=SOON))
        )

    def figures(self, user, workspace):
        day = today(workspace)
        return self._attention(user, workspace).aggregate(
            expired=Count("pk", filter=Q(expires_on__lt=day)),
            expiring=Count("pk", filter=Q(expires_on__gte=day)),
        )

    def context(self, user, workspace):
        day = today(workspace)
        soon = (day + datetime.timedelta(days=SOON)).isoformat()
        return {
            "figures": self.figures(user, workspace),
            "today": day,
            "rows": self._attention(user, workspace)
            .select_related("person")
            .order_by("expires_on", "id")[: self.LIMIT],
            "url": ws_url("people:certifications", workspace, expires_before=soon),
            "expired_url": ws_url("people:certifications", workspace, expires_before=day.isoformat()),
        }


@register
class AssetShortages(Widget):
    key = "asset_shortages"
    title = gettext_lazy("Asset shortages")
    description = gettext_lazy("Categories with no asset free in the coming week, and assets in maintenance.")
    perm = "assets.view_asset"
    template = "dashboard/widgets/assets.html"

    def figures(self, user, workspace):
        start = today(workspace)
        end = start + datetime.timedelta(days=6)
        rows = get_asset_availability(user=user, workspace=workspace, start=start, end=end)
        short = [
            {
                "category": r.category,
                "total": r.total,
                "booked": r.booked,
                "out_of_service": r.out_of_service,
                "url": ws_url(
                    "assets:availability", workspace, start=start.isoformat(), end=end.isoformat(), category=r.category
                ),
            }
            for r in rows
            if r.free == 0
        ]
        maintenance = (
            Asset.objects.visible_to(user).in_workspace(workspace).filter(status=AssetStatus.MAINTENANCE).count()
        )
        return {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "categories": len(rows),
            "short": short,
            "in_maintenance": maintenance,
        }

    def context(self, user, workspace):
        figures = self.figures(user, workspace)
        return {
            "figures": figures,
            "url": ws_url("assets:availability", workspace, start=figures["start"], end=figures["end"]),
            "maintenance_url": ws_url("assets:workspace_home", workspace, status=AssetStatus.MAINTENANCE),
        }
