"""Who hears about finance: approvers of purchase orders waiting for them."""

from django.urls import reverse

from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification

from ..models import PurchaseOrder, PurchaseOrderStatus


def notify_approvers(po_id):
    from .procurement import approvers_of, base_value

    po = (
        PurchaseOrder.objects.select_related("workspace", "organization", "vendor", "created_by")
        .filter(pk=po_id)
        .first()
    )
    if po is None or po.status != PurchaseOrderStatus.PENDING_APPROVAL:
        return []
    sent = []
    stamp = po.submitted_at.isoformat() if po.submitted_at else ""
    for user in approvers_of(po):
        if user.pk == po.created_by_id:
            continue
        notification, created = deliver(
            recipient=user,
            kind="purchase_order.approval",
            title=f"{po.number} ({po.vendor or 'no vendor'}) waits for approval",
            body=f"{base_value(po)} {po.organization.currency} net"
            + (" — needs two approvers." if po.approvals_required > 1 else "."),
            url=reverse("finance:purchase_order", args=[po.pk]),
            workspace=po.workspace,
            trigger="finance.purchase_order.submitted",
            action="finance.purchase_order.review",
            dedupe_key=f"po:{po.pk}:submitted:{stamp}",
        )
        if created:
            email_notification.delay_on_commit(notification.pk)
            sent.append(notification)
    return sent
