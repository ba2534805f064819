"""Connecting an organization's Xero or QuickBooks Online (OAuth2) and pushing its books there, each
document once: issued invoices and bills, approved expenses and purchase orders from approval on.

The request only records and queues: the code exchange, the check and the push run in Celery
(integrations/accounting/tasks.py) after the commit. A pushed document has an `AccountingSync`
row with the ledger's id, unique per (connection, document): a second run, or two at once (the row is
locked while its document is sent), never creates it twice; a refused document keeps the
ledger's reason on its row, and the others go on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from finance.models import Expense, Invoice, InvoiceDirection, PurchaseOrder
from finance.models.expenses import EXPENSE_ACTUAL_STATUSES

from .. import services as integrations
from ..crypto import seal
from ..models import AccountingSync, Connection, Kind, Provider
from ..payments.base import Refused
from . import quickbooks, xero
from .exports import APPROVED_ORDERS, ISSUED_INVOICES, Line, expense_line, invoice_lines, order_lines
from .mapping import Chart

log = logging.getLogger(__name__)
# Documents one run sends; the run queues the next while more are waiting.
BATCH = 100


def accounting_connection(organization: Any) -> Connection | None:
    return Connection.objects.filter(organization=organization, kind=Kind.ACCOUNTING).first()


# What each provider needs on this server, and its adapter (both expose the same calls).
APPS: dict[str, tuple[str, str]] = {
    Provider.XERO: ("XERO_CLIENT_ID", "XERO_CLIENT_SECRET"),
    Provider.QUICKBOOKS: ("QUICKBOOKS_CLIENT_ID", "QUICKBOOKS_CLIENT_SECRET"),
}


def adapter(connection: Connection) -> Any:
    return quickbooks if connection.provider == Provider.QUICKBOOKS else xero


def start_connect(organization: Any, *, actor: Any, provider: str = Provider.XERO) -> Connection:
    """The organization's accounting connection, ready for the provider's consent screen. One
    accounting connection per organization: while one provider is connected, the other waits."""
    names = APPS[provider]
    if not all(getattr(settings, name) for name in names):
        raise integrations.IntegrationInvalid(
            _("%(provider)s is not set up on this server (%(settings)s).")
            % {"provider": Provider(provider).label, "settings": ", ".join(names)}
        )
    connection = integrations.prepare(organization, actor=actor, kind=Kind.ACCOUNTING, provider=provider)
    if connection.provider != provider:
        if connection.is_connected:
            raise integrations.IntegrationInvalid(
                _("Disconnect %(provider)s first: one accounting connection at a time.")
                % {"provider": connection.get_provider_display()}
            )
        connection.provider = provider
        connection.save(update_fields=["provider", "updated_at"])
    return connection


def finish_connect(
    connection: Connection, *, actor: Any, code: str, redirect_uri: str, realm_id: str = ""
) -> Connection:
    """The provider sent the admin back with a code (and QuickBooks its company, the realm): kept
    sealed until the task exchanges it for tokens."""
    integrations._require_admin(actor, connection.organization_id)
    if not code or len(code) > 2000 or len(realm_id) > 64:
        raise integrations.IntegrationInvalid(
            _("%(provider)s sent no authorization code; connect again.")
            % {"provider": connection.get_provider_display()}
        )
    # The realm goes into every API path: Intuit's are digits, and nothing else is taken.
    if connection.provider == Provider.QUICKBOOKS and not (realm_id.isascii() and realm_id.isdigit()):
        raise integrations.IntegrationInvalid(_("QuickBooks sent no company; connect again and pick one."))
    with transaction.atomic():
        connection.secrets = seal({"code": code, "redirect_uri": redirect_uri, "realm_id": realm_id})
        connection.enabled = True
        connection.connected_by = actor
        connection.key_hint = ""
        connection.last_error = ""
        connection.last_success_at = None
        connection.save()
        record_activity(connection, actor=actor, verb="integration.connected", data={"provider": connection.provider})
        _queue(connection, "connect")
    return connection


def exchange(connection: Connection, values: dict[str, Any]) -> dict[str, Any]:
    """The tokens (and the ledger) for the authorization code the callback stored."""
    if connection.provider == Provider.QUICKBOOKS:
        return quickbooks.exchange_code(values["code"], values["redirect_uri"], values.get("realm_id", ""))
    return xero.exchange_code(values["code"], values["redirect_uri"])


def request_push(connection: Connection, *, actor: Any) -> None:
    integrations._require_admin(actor, connection.organization_id)
    if not connection.is_connected:
        raise integrations.IntegrationInvalid(_("Connect the provider first."))
    with transaction.atomic():
        record_activity(connection, actor=actor, verb="accounting.push_requested", data={})
        _queue(connection, "push")


def _queue(connection: Connection, what: str) -> None:
    from . import tasks

    task = tasks.connect_accounting if what == "connect" else tasks.push_accounting
    task.delay_on_commit(connection.pk)


def store_credentials(connection: Connection, values: dict[str, Any]) -> None:
    connection.secrets = seal(values)
    connection.key_hint = str(values.get("tenant_id", ""))[-4:]
    connection.save(update_fields=["secrets", "key_hint", "updated_at"])


def usable_credentials(connection: Connection) -> dict[str, Any]:
    """The stored tokens, refreshed first when they are (nearly) expired."""
    values = integrations.credentials(connection)
    if "code" in values:
        raise Refused(_("The connection is not finished yet; test the connection."))
    renewed = adapter(connection).fresh(values)
    if renewed is not None:
        store_credentials(connection, renewed)
        return renewed
    return values


# What is pushed: client invoices and bills once issued, expenses once approved, purchase orders from
# approval on (approved, sent, received, closed: never drafts, ones waiting for approval, cancelled ones).

Document = Invoice | Expense | PurchaseOrder


def pending(connection: Connection, tenant: str) -> Iterator[Document]:
    """The organization's documents in the books without an id in this ledger yet."""
    done = AccountingSync.objects.filter(connection=connection, tenant=tenant).exclude(remote_id="")
    org = connection.organization_id
    invoices = (
        Invoice.objects.filter(workspace__organization_id=org, status__in=ISSUED_INVOICES)
        .exclude(pk__in=done.filter(invoice__isnull=False).values("invoice_id"))
        .select_related("company", "payee", "budget_line", "purchase_order")
        .prefetch_related("lines")
        .order_by("issue_date", "pk")
    )
    expenses = (
        Expense.objects.filter(workspace__organization_id=org, status__in=EXPENSE_ACTUAL_STATUSES)
        .exclude(pk__in=done.filter(expense__isnull=False).values("expense_id"))
        .select_related("spent_by")
        .order_by("spent_on", "pk")
    )
    orders = (
        PurchaseOrder.objects.filter(workspace__organization_id=org, status__in=APPROVED_ORDERS)
        .exclude(pk__in=done.filter(purchase_order__isnull=False).values("purchase_order_id"))
        .select_related("vendor", "budget_line")
        .prefetch_related("lines")
        .order_by("approved_at", "pk")
    )
    yield from invoices[:BATCH]
    yield from expenses[:BATCH]
    yield from orders[:BATCH]


def _document(item: Document, chart: Chart, key: str) -> xero.Document:
    if isinstance(item, Expense):
        lines: list[Line] = [expense_line(item, chart)]
        kind = "ACCPAY"
    elif isinstance(item, PurchaseOrder):
        # Refused here, the order keeps the reason on its row like a ledger's refusal.
        if item.vendor is None:
            raise Refused(_("The purchase order has no vendor."))
        lines = list(order_lines(item, chart))
        if not lines:
            raise Refused(_("The purchase order has no lines."))
        kind = "PURCHASEORDER"
    else:
        lines = list(invoice_lines(item, chart))
        kind = "ACCREC" if item.direction == InvoiceDirection.RECEIVABLE else "ACCPAY"
    first = lines[0]
    return xero.Document(
        type=kind,
        contact=first.contact,
        number=first.number,
        reference=first.reference,
        date=first.date,
        due_date=first.due,
        currency=first.currency,
        lines=[
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_amount": line.unit_amount,
                "account_code": line.account,
                "tax_type": line.tax_type,
                "tax_amount": line.tax,
            }
            for line in lines
        ],
        idempotency_key=key,
    )


def _field(item: Document) -> str:
    if isinstance(item, PurchaseOrder):
        return "purchase_order"
    return "expense" if isinstance(item, Expense) else "invoice"


def push_one(connection: Connection, credentials: dict[str, Any], item: Document, chart: Chart) -> str:
    """Send one document unless it was sent already; returns "pushed", "refused" or "done".
    `Unreachable` goes up (the task retries the run; the same idempotency key repeats the call)."""
    field = _field(item)
    document: dict[str, Any] = {field: item}
    with transaction.atomic():
        sync, _created = AccountingSync.objects.get_or_create(
            connection=connection, tenant=credentials["tenant_id"], **document
        )
        sync = AccountingSync.objects.select_for_update().get(pk=sync.pk)
        if sync.remote_id:
            return "done"
        # The same document and try give the same key: a call retried after a lost answer is the ledger's no-op.
        key = f"dragonfly-{connection.pk}-{sync.tenant}-{field}-{item.pk}-{sync.attempts}"[:128]
        try:
            remote_id = adapter(connection).create(credentials, _document(item, chart, key))
        except Refused as exc:
            sync.error, sync.attempts = str(exc), sync.attempts + 1
            sync.save(update_fields=["error", "attempts", "updated_at"])
            return "refused"
        sync.remote_id, sync.pushed_at, sync.error = remote_id, timezone.now(), ""
        sync.save(update_fields=["remote_id", "pushed_at", "error", "updated_at"])
    return "pushed"


def push(connection: Connection) -> dict[str, int]:
    """One run: every pending document (up to a batch of each kind), each in its own transaction."""
    credentials = usable_credentials(connection)
    chart = Chart(connection.organization_id)
    counts = {"pushed": 0, "refused": 0, "done": 0}
    for item in pending(connection, credentials["tenant_id"]):
        counts[push_one(connection, credentials, item, chart)] += 1
    log.info("accounting push %s: %s", connection.pk, counts)
    return counts


def _tenant(connection: Connection) -> str:
    return str(integrations.credentials(connection).get("tenant_id", "")) if connection.secrets else ""


def summary(connection: Connection | None) -> dict[str, Any]:
    """What the card shows: pushed counts (all, purchase orders), last push, the documents the ledger
    refused (latest first)."""
    if connection is None:
        return {}
    syncs = AccountingSync.objects.filter(connection=connection, tenant=_tenant(connection))
    return {
        "pushed": syncs.exclude(remote_id="").count(),
        "orders_pushed": syncs.exclude(remote_id="").filter(purchase_order__isnull=False).count(),
        "last_pushed_at": syncs.aggregate(last=Max("pushed_at"))["last"],
        "errors": list(
            syncs.filter(remote_id="").exclude(error="").select_related("invoice", "expense", "purchase_order")[:10]
        ),
        "pending_code": connection.is_connected and not connection.key_hint,
    }
