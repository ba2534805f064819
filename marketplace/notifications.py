"""Who hears of an order: the seller's people when one is placed or cancelled, the buyer who placed it
when it moves. After the commit, through the one notification path."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.core.events import subscribe
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import users_with_perm

from .models import Order, OrderStatus

TELL_SELLER = {OrderStatus.PLACED, OrderStatus.CANCELLED}
TELL_BUYER = {OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.COMPLETED, OrderStatus.CANCELLED}


@subscribe("marketplace_order.*")
def order_moved(event):
    status = event.name.rsplit(".", 1)[-1]
    if status not in TELL_SELLER | TELL_BUYER:
        return
    order = Order.objects.select_related("listing", "buyer_workspace__organization").filter(pk=event.object_id).first()
    if order is None:
        return
    recipients = set()
    if status in TELL_SELLER:
        recipients |= set(users_with_perm("marketplace.fulfil_order", order))
    if status in TELL_BUYER and order.placed_by is not None and order.placed_by.is_active:
        recipients.add(order.placed_by)
    recipients.discard(event.actor)
    if not recipients:
        return
    label = OrderStatus(status).label

    def title():
        words = {"number": order.pk, "listing": order.listing.title, "status": str(label)}
        return _("Order #%(number)s for “%(listing)s”: %(status)s") % words

    notify(
        sorted(recipients, key=lambda user: user.pk),
        kind="general",  # a kind of its own needs a notifications migration: at merge time
        title=title,
        dedupe_key=f"marketplace-order:{order.pk}:{status}",
        url=reverse("marketplace:order", args=[order.pk]),
        workspace=order.workspace,
    )
