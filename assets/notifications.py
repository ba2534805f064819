"""Who hears that maintenance fell due: the schedule's manager, else the workspace's asset managers."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification
from dragonfly.tenancy.models import active_q

from .models import MaintenanceRecord

MANAGER_PERM = "assets.change_asset"


def asset_managers(asset):
    """Active members of the asset's workspace (or organization-wide) who may edit the asset."""
    User = get_user_model()
    members = (
        User.objects.filter(
            Q(memberships__workspace_id=asset.workspace_id)
            | Q(memberships__organization_id=asset.organization_id, memberships__workspace__isnull=True),
            active_q("memberships__"),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    return [user for user in members if user.has_perm(MANAGER_PERM, asset)]


def notify_for_record(record_id):
    record = (
        MaintenanceRecord.objects.select_related("asset", "schedule__manager", "workspace").filter(pk=record_id).first()
    )
    if record is None:
        return []
    asset = record.asset
    manager = record.schedule.manager if record.schedule_id else None
    recipients = [manager] if manager is not None and manager.is_active else asset_managers(asset)
    delivered = []
    for user in recipients:
        notification, created = deliver(
            recipient=user,
            kind="assets.maintenance_due",
            title=f"{record.get_kind_display()} due: {asset.tag} {asset.name}",
            body=f"{asset.tag} is out of service until the job is done. {record.notes}".strip(),
            url=reverse("assets:asset_detail", args=[asset.pk]),
            workspace=record.workspace,
            trigger="assets.maintenance.due",
            action="open",
            dedupe_key=f"maintenance:{record.pk}",
        )
        if created:
            email_notification.delay_on_commit(notification.pk)
        delivered.append(notification)
    return delivered
