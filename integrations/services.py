"""Writing connections (only an organization admin of the connection's organization) and what the
payments adapter changes: pay links, and the payments a provider event records through finance.

Provider calls never run here in a request: `request_check` and `request_pay_link` queue a Celery
task (`integrations.tasks`, through the outbox) after the commit; the task calls the adapter and
writes the outcome with `finish_check` / `finish_pay_link`."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import is_org_admin, require
from finance.models import Invoice, InvoiceDirection, InvoiceStatus, Payment, PaymentMethod
from finance.models.invoices import PAYABLE_STATUSES
from finance.services import record_payment, record_refund, send_invoice
from marketplace.models import OrderStatus
from marketplace.services.orders import may_act_for_buyer

from .crypto import seal, unseal
from .models import Connection, Kind, PayLink, PayLinkStatus, Provider, ProviderEvent
from .payments.base import PaymentEvent, adapter_for

log = logging.getLogger(__name__)

# A provider's key and signing secret start so (Stripe: secret or restricted key, webhook secret).
PREFIXES: dict[str, dict[str, tuple[str, ...]]] = {
    Provider.STRIPE: {"secret_key": ("sk_", "rk_"), "webhook_secret": ("whsec_",)},
}


# A marketplace order is paid by card once the seller confirmed it (its invoice exists then).
CARD_PAYABLE_ORDERS = (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.COMPLETED)


class IntegrationInvalid(DomainError):
    pass


def _require_admin(actor: Any, organization: Any) -> None:
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage integrations."))


def connection_for(organization: Any, kind: str) -> Connection | None:
    return Connection.objects.filter(organization=organization, kind=kind).first()


def credentials(connection: Connection) -> dict[str, Any]:
    return unseal(connection.secrets)


def prepare(organization: Any, *, actor: Any, kind: str, provider: str) -> Connection:
    """An unconfigured connection (off, no credentials): the page shows it "not connected"."""
    _require_admin(actor, organization)
    with transaction.atomic():
        connection, created = Connection.objects.get_or_create(
            organization=organization, kind=kind, defaults={"provider": provider}
        )
        if created:
            record_activity(connection, actor=actor, verb="integration.prepared", data={"provider": provider})
    return connection


def connect(organization: Any, *, actor: Any, kind: str, provider: str, values: dict[str, str]) -> Connection:
    """Store (encrypted) the credentials of `provider` for `kind` and switch the connection on;
    a check with the provider is queued. Connecting again replaces the earlier credentials."""
    _require_admin(actor, organization)
    if kind not in Kind.values or provider not in PREFIXES:
        raise IntegrationInvalid(_("Pick a provider this kind of integration supports."))
    cleaned = {}
    for name, label in adapter_for(provider).fields:
        value = (values.get(name) or "").strip()
        if not value:
            raise IntegrationInvalid(_("Give the %(label)s.") % {"label": label})
        if not value.startswith(PREFIXES[provider][name]) or len(value) > 255:
            raise IntegrationInvalid(_("That does not look like a %(label)s.") % {"label": label})
        cleaned[name] = value
    with transaction.atomic():
        connection, _created = Connection.objects.select_for_update().get_or_create(
            organization=organization, kind=kind, defaults={"provider": provider}
        )
        connection.provider = provider
        connection.secrets = seal(cleaned)
        connection.key_hint = cleaned.get("secret_key", "")[-4:]
        connection.enabled = True
        connection.connected_by = actor
        connection.last_error = ""
        connection.last_success_at = None
        connection.save()
        record_activity(connection, actor=actor, verb="integration.connected", data={"provider": provider})
        _queue_check(connection)
    return connection


def disconnect(connection: Connection, *, actor: Any) -> Connection:
    """Switch off and forget the credentials (the pay links and events stay, for the record)."""
    _require_admin(actor, connection.organization_id)
    with transaction.atomic():
        connection.enabled = False
        connection.secrets = ""
        connection.key_hint = ""
        connection.save(update_fields=["enabled", "secrets", "key_hint", "updated_at"])
        record_activity(connection, actor=actor, verb="integration.disconnected", data={})
    return connection


def request_check(connection: Connection, *, actor: Any) -> None:
    _require_admin(actor, connection.organization_id)
    if not connection.is_connected:
        raise IntegrationInvalid(_("Connect the provider first."))
    with transaction.atomic():
        _queue_check(connection)


# The check task of each kind other than payments (registered in IntegrationsConfig.ready): SMS,
# CRM, analytics, accounting.
_CHECKS: dict[str, Any] = {}


def register_check(kind: str, task: Any) -> None:
    _CHECKS[kind] = task


def _queue_check(connection: Connection) -> None:
    from .tasks import check_connection

    _CHECKS.get(connection.kind, check_connection).delay_on_commit(connection.pk)


def finish_check(connection: Connection, *, error: str = "") -> Connection:
    """What the check task learnt: a success, or the provider's refusal in its words."""
    now = timezone.now()
    connection.last_checked_at = now
    connection.last_error = error
    fields = ["last_checked_at", "last_error", "updated_at"]
    if not error:
        connection.last_success_at = now
        fields.append("last_success_at")
    connection.save(update_fields=fields)
    return connection


# Pay links


def payments_connection(organization_id: int) -> Connection | None:
    found = Connection.objects.filter(organization_id=organization_id, kind=Kind.PAYMENTS).first()
    return found if found is not None and found.is_connected else None


def request_pay_link(invoice: Invoice, *, actor: Any, return_url: str) -> PayLink:
    """Ask the provider for a "Pay by card" link of a client's invoice, for its open balance; the
    payer comes back to `return_url` (absolute: the provider redirects there)."""
    require(actor, "finance.change_invoice", invoice, _("Your role does not let you change this invoice."))
    connection = payments_connection(invoice.workspace.organization_id)
    if connection is None:
        raise IntegrationInvalid(_("Card payments are not connected: an organization admin connects Stripe first."))
    if invoice.direction != InvoiceDirection.RECEIVABLE:
        raise IntegrationInvalid(_("Only a client's invoice can be paid by card."))
    if invoice.status not in PAYABLE_STATUSES or invoice.balance <= 0:
        raise IntegrationInvalid(_("Only a sent invoice with a balance left to pay can be paid by card."))
    return _new_pay_link(connection, invoice, None, invoice, "invoice.pay_link_requested", actor, return_url)


def request_order_pay_link(order: Any, *, actor: Any, return_url: str) -> PayLink:
    """The buyer pays a confirmed marketplace order by card: a link for its invoice's open balance,
    through the seller's payments connection (the seller is paid)."""
    if not may_act_for_buyer(actor, order):
        raise PermissionDenied(_("Only the buyer pays an order."))
    connection = payments_connection(order.workspace.organization_id)
    if connection is None:
        raise IntegrationInvalid(_("The seller does not take card payments."))
    invoice = order.invoice
    if invoice is None or order.status not in CARD_PAYABLE_ORDERS:
        raise IntegrationInvalid(_("An order can be paid by card once the seller has confirmed it."))
    if invoice.status not in (InvoiceStatus.DRAFT, *PAYABLE_STATUSES) or invoice.balance <= 0:
        raise IntegrationInvalid(_("Nothing is left to pay on this order."))
    return _new_pay_link(connection, invoice, order, order, "marketplace_order.pay_link_requested", actor, return_url)


def _new_pay_link(connection, invoice, order, about, verb, actor, return_url) -> PayLink:
    """A link for the invoice's open balance, noted on `about`'s history; the provider is asked for
    the checkout page in Celery once this commits."""
    with transaction.atomic():
        link = PayLink.objects.create(
            connection=connection,
            invoice=invoice,
            order=order,
            amount=invoice.balance,
            currency=invoice.currency,
            created_by=actor,
        )
        record_activity(about, actor=actor, verb=verb, data={"pay_link": link.pk})
        from .tasks import create_pay_link

        create_pay_link.delay_on_commit(link.pk, return_url)
    return link


def current_order_pay_link(order: Any) -> PayLink | None:
    return PayLink.objects.filter(order=order).first()


def finish_pay_link(link: PayLink, *, provider_id: str = "", url: str = "", error: str = "") -> PayLink:
    link.provider_id, link.url, link.error = provider_id, url, error
    link.status = PayLinkStatus.FAILED if error else PayLinkStatus.READY
    link.save(update_fields=["provider_id", "url", "error", "status", "updated_at"])
    return link


def current_pay_link(invoice: Invoice) -> PayLink | None:
    return PayLink.objects.filter(invoice=invoice).first()


# Provider events


def handle_event(connection: Connection, event: PaymentEvent) -> str:
    """Handle a verified provider event once (its id is stored, unique); returns what was done."""
    try:
        with transaction.atomic():
            row = ProviderEvent.objects.create(connection=connection, event_id=event.id, type=event.type)
            try:
                with transaction.atomic():
                    result = _apply(connection, event)
            except (DomainError, PermissionDenied) as exc:
                # Finance refused (a voided invoice, an admin who lost the role): kept for the
                # record and acknowledged, since Stripe sending it again would change nothing.
                log.warning("provider event %s refused: %s", event.id, exc)
                result = f"refused: {exc}"[:200]
            row.result = result[:200]
            row.save(update_fields=["result"])
    except IntegrityError:
        return "duplicate"
    return result


def _link_for(connection: Connection, event: PaymentEvent) -> PayLink | None:
    links = PayLink.objects.filter(connection=connection).select_related("invoice__workspace", "order")
    if event.checkout_id:
        found = links.filter(provider_id=event.checkout_id).first()
        if found:
            return found
    if event.payment_intent:
        found = links.filter(payment_intent=event.payment_intent).first()
        if found:
            return found
    pk = str(event.reference.get("pay_link", ""))
    return links.filter(pk=int(pk)).first() if pk.isdigit() else None


def _apply(connection: Connection, event: PaymentEvent) -> str:
    if event.kind == "other":
        return "ignored"
    link = _link_for(connection, event)
    if link is None:
        return "unknown object"
    if event.kind == "paid":
        return _paid(connection, link, event)
    return _refunded(connection, link, event)


def _paid(connection: Connection, link: PayLink, event: PaymentEvent) -> str:
    if link.payment_id is not None:  # checkout.session.completed and payment_intent.succeeded both come
        if event.payment_intent and not link.payment_intent:
            link.payment_intent = event.payment_intent
            link.save(update_fields=["payment_intent", "updated_at"])
        return "already recorded"
    invoice = link.invoice
    actor = connection.connected_by
    if actor is None:
        return "nothing to record"
    if invoice.status == InvoiceStatus.DRAFT:  # an order's invoice is a draft until sent: paid, it is
        invoice = send_invoice(invoice, actor=actor, note="Paid by card.")
    value = min(event.amount if event.amount is not None else link.amount, invoice.balance)
    if value <= 0:
        return "nothing to record"
    payment = record_payment(
        invoice,
        actor=actor,
        amount_paid=value,
        method=PaymentMethod.CARD,
        reference=event.payment_intent or event.checkout_id,
    )
    link.payment = payment
    link.payment_intent = event.payment_intent or link.payment_intent
    link.status = PayLinkStatus.PAID
    link.save(update_fields=["payment", "payment_intent", "status", "updated_at"])
    record_activity(
        invoice,
        actor=actor,
        verb="invoice.paid_by_card",
        data={"event": event.id, "payment": payment.pk, "payment_intent": link.payment_intent},
    )
    if link.order_id is not None:
        record_activity(
            link.order,
            actor=actor,
            verb="marketplace_order.paid_by_card",
            data={"event": event.id, "invoice": invoice.pk, "payment": payment.pk},
        )
    return "payment recorded"


def _refunded(connection: Connection, link: PayLink, event: PaymentEvent) -> str:
    """A refund at the provider, reversed in finance: the new part of the charge's refunds (Stripe
    sends what was refunded so far, all together) is taken off the link's payment; finance moves the
    invoice back to owing it and tells who records its payments. More than was paid is refused."""
    actor = connection.connected_by
    if link.payment_id is None or actor is None:
        return "nothing to reverse"
    # The invoice's lock (finance's refunds and payments take it first) before the payment is read:
    # two refund events of one charge at once each see what the other recorded.
    Invoice.objects.select_for_update().filter(pk=link.invoice_id).values_list("pk", flat=True).first()
    payment = Payment.objects.get(pk=link.payment_id)
    so_far = event.refunded if event.refunded is not None else payment.amount  # no amount: all of it
    value = so_far - payment.refunded
    if value <= 0:
        return "already refunded"
    reference = event.payment_intent or link.provider_id
    payment = record_refund(payment, actor=actor, amount_refunded=value, reference=reference, note="Refunded by card.")
    if payment.refunded >= payment.amount:
        link.status = PayLinkStatus.REFUNDED
        link.save(update_fields=["status", "updated_at"])
    data = {"event": event.id, "payment_intent": event.payment_intent, "payment": payment.pk, "refunded": str(value)}
    record_activity(link.invoice, actor=actor, verb="invoice.card_refunded", data=data)
    if link.order_id is not None:
        record_activity(link.order, actor=actor, verb="marketplace_order.card_refunded", data=data)
    return "refund recorded"
