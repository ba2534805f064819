"""Who hears that maintenance fell due: the schedule's manager, else the workspace's asset managers.

Listens to the `maintenance.opened` event (registered in AssetsConfig.ready()); the services
never send anything themselves."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.core.events import subscribe
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import users_with_perm

from .models import MaintenanceRecord
from .services.maintenance import DUE_TRIGGER

MANAGER_PERM = "assets.change_asset"


@subscribe("maintenance.opened")
def on_maintenance_opened(event):
    """After the commit: a job the daily run opened (not one opened by hand) is news for its manager."""
    from .tasks import notify_maintenance_due

    if event.data.get("trigger") == DUE_TRIGGER:
        notify_maintenance_due.delay(event.object_id)


def asset_managers(asset):
    """The people of the asset's workspace who may edit the asset."""
    return users_with_perm(MANAGER_PERM, asset)


def notify_for_record(record_id):
    record = (
        MaintenanceRecord.objects.select_related("asset", "schedule__manager", "workspace").filter(pk=record_id).first()
    )
    if record is None:
        return []
    asset = record.asset
    manager = record.schedule.manager if record.schedule_id else None
    recipients = [manager] if manager is not None and manager.is_active else asset_managers(asset)
    return notify(
        recipients,
        kind="assets.maintenance_due",
        # Callables: worded in each recipient's language, whoever's task runs this.
        title=lambda: (
            _("%(kind)s due: %(tag)s %(name)s")
            % {"kind": record.get_kind_display(), "tag": asset.tag, "name": asset.name}
        ),
        body=lambda: (
            _("%(tag)s is out of service until the job is done.") % {"tag": asset.tag} + f" {record.notes}"
        ).strip(),
        url=reverse("assets:asset_detail", args=[asset.pk]),
        workspace=record.workspace,
        trigger=DUE_TRIGGER,
        action="open",
        dedupe_key=f"maintenance:{record.pk}",
    )
