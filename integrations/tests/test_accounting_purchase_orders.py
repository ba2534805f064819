"""Purchase orders go to the ledger with the rest: "Push now" creates each order from approval on
(approved, sent, received, closed) once in Xero (PurchaseOrders) or QuickBooks Online
(PurchaseOrder), never a draft, one waiting for approval, a cancelled one or another organization's;
a refused order keeps the ledger's reason on the card and the other documents still go. Against the
local stubs of both ledgers."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from finance import services as finance
from finance.models import PurchaseOrderStatus
from finance.tests.helpers import make_budget, make_vendor
from integrations.crypto import seal
from integrations.models import AccountingSync, AccountMapping, Connection, Kind, Provider

from . import quickbooks_stub, xero_stub
from .test_accounting_exports import invoice

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DELIVERY = TODAY + datetime.timedelta(days=10)


def order(tenant, vendor_name, status=PurchaseOrderStatus.APPROVED, *, lines=None):
    """A purchase order of `vendor_name` on the Technical budget line, moved on to `status`."""
    budget = make_budget(tenant)
    gladiator = tenant.user(Role.GLADIATOR)
    po = finance.create_purchase_order(
        actor=gladiator,
        workspace=tenant.workspace,
        vendor=make_vendor(tenant, name=vendor_name),
        production=budget.production,
        budget_line=budget.lines.get(category="Technical"),
        expected_on=DELIVERY,
        lines=lines
        or [
            {"description": "PA hire", "quantity": "2", "unit_price": "400.00", "tax_rate": "20"},
            {"description": "Delivery", "quantity": "1", "unit_price": "50.00", "tax_rate": "20"},
        ],
    )
    if status == PurchaseOrderStatus.DRAFT:
        return po
    if status == PurchaseOrderStatus.CANCELLED:
        return finance.cancel_purchase_order(po, actor=gladiator)
    po = finance.submit_purchase_order(po, actor=gladiator)
    if status == PurchaseOrderStatus.PENDING_APPROVAL:
        return po
    po = finance.approve_purchase_order(po, actor=tenant.user(Role.AVIATOR))
    if status == PurchaseOrderStatus.APPROVED:
        return po
    po = finance.send_purchase_order(po, actor=gladiator)
    if status == PurchaseOrderStatus.SENT:
        return po
    everything = {line.pk: line.quantity for line in po.lines.all()}
    po = finance.receive_purchase_order(po, actor=gladiator, quantities=everything)
    return finance.close_purchase_order(po, actor=gladiator) if status == PurchaseOrderStatus.CLOSED else po


def xero_date(day):
    """A date as the SDK sends it: Microsoft's JSON date, midnight UTC in milliseconds."""
    midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return f"/Date({int(midnight.timestamp()) * 1000})/"


def connect(tenant, provider, stub):
    """The organization's accounting connection, finished (tokens the stub accepts)."""
    tokens = stub.issue()
    ledger = xero_stub.TENANT if provider == Provider.XERO else quickbooks_stub.REALM
    return Connection.objects.create(
        organization=tenant.org,
        kind=Kind.ACCOUNTING,
        provider=provider,
        enabled=True,
        secrets=seal({**tokens, "tenant_id": ledger, "expires_at": 4102444800}),
        key_hint=ledger[-4:],
        connected_by=tenant.user(Role.PHANTOM),
    )


def push(client, committed, connection):
    response = committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.last_error == ""


@pytest.fixture
def orders(tenant_a, tenant_b):
    """Tenant A's orders in every state, and tenant B's approved one."""
    AccountMapping.objects.create(organization=tenant_a.org, category="Technical", account_code="5000", tax_type="IN2")
    states = set(PurchaseOrderStatus.values) - {PurchaseOrderStatus.PARTIALLY_RECEIVED}
    made = {status: order(tenant_a, f"Vendor {status}", status) for status in states}
    made["other"] = order(tenant_b, "Zebra Secret Vendor")
    return made


PUSHED = (PurchaseOrderStatus.APPROVED, PurchaseOrderStatus.SENT, PurchaseOrderStatus.RECEIVED)
PUSHED += (PurchaseOrderStatus.CLOSED,)


def _committed_ones(orders):
    """Orders from approval on: approved, sent, received, closed (received, then closed)."""
    return [orders[status] for status in PUSHED]


def test_xero_gets_each_committed_order_once_with_its_vendor_lines_and_number(
    tenant_a, login, xero_api, orders, committed
):
    approved = orders[PurchaseOrderStatus.APPROVED]
    assert orders[PurchaseOrderStatus.CLOSED].status == PurchaseOrderStatus.CLOSED
    client = login(tenant_a.user(Role.PHANTOM))
    connection = connect(tenant_a, Provider.XERO, xero_api)

    push(client, committed, connection)
    by_number = {po["PurchaseOrderNumber"]: po for po in xero_api.purchase_orders}
    assert set(by_number) == {po.number for po in _committed_ones(orders)}
    assert xero_api.calls == ["/api.xro/2.0/PurchaseOrders"] * 4 and xero_api.invoices == []
    made = by_number[approved.number]
    assert made["Contact"]["Name"] == f"Vendor {PurchaseOrderStatus.APPROVED}"
    assert (made["Reference"], made["Status"], made["LineAmountTypes"]) == (approved.number, "AUTHORISED", "Exclusive")
    assert made["CurrencyCode"] == approved.currency and made["DeliveryDate"] == xero_date(DELIVERY)
    assert made["Date"] == xero_date(approved.approved_at.date())
    lines = [
        (li["Description"], li["Quantity"], li["UnitAmount"], li["AccountCode"], li["TaxType"], li["TaxAmount"])
        for li in made["LineItems"]
    ]
    assert lines == [("PA hire", 2.0, 400.0, "5000", "IN2", 160.0), ("Delivery", 1.0, 50.0, "5000", "IN2", 10.0)]
    sync = AccountingSync.objects.get(purchase_order=approved)
    assert sync.remote_id == made["PurchaseOrderID"] and sync.pushed_at is not None and sync.tenant == xero_stub.TENANT

    # Again: nothing is sent at all.
    push(client, committed, connection)
    assert len(xero_api.calls) == 4 and AccountingSync.objects.filter(connection=connection).count() == 4
    assert not AccountingSync.objects.exclude(purchase_order__in=_committed_ones(orders)).exists()
    page = client.get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="orders-pushed-count">4<' in page and "Zebra Secret" not in page


def test_quickbooks_gets_each_committed_order_once_on_its_vendor(tenant_a, login, quickbooks_api, orders, committed):
    approved = orders[PurchaseOrderStatus.APPROVED]
    AccountMapping.objects.filter(organization=tenant_a.org).update(account_code="Travel")
    # The approved order's vendor is in QuickBooks already: found by its name, not created again.
    quickbooks_api.records["Vendor"] = [
        {"Id": "50", "DisplayName": f"Vendor {PurchaseOrderStatus.APPROVED}", "Active": True}
    ]
    client = login(tenant_a.user(Role.PHANTOM))
    connection = connect(tenant_a, Provider.QUICKBOOKS, quickbooks_api)

    push(client, committed, connection)
    records = quickbooks_api.records
    by_number = {po["DocNumber"]: po for po in records["PurchaseOrder"]}
    assert set(by_number) == {po.number for po in _committed_ones(orders)}
    assert sorted(v["DisplayName"] for v in records["Vendor"]) == sorted(f"Vendor {status}" for status in PUSHED)
    made = by_number[approved.number]
    assert made["VendorRef"]["value"] == "50" and made["CurrencyRef"]["value"] == approved.currency
    assert made["TxnDate"] == approved.approved_at.date().isoformat() and made["POStatus"] == "Open"
    assert [(line["Description"], line["Amount"]) for line in made["Line"]] == [("PA hire", 800.0), ("Delivery", 50.0)]
    details = [line["AccountBasedExpenseLineDetail"]["AccountRef"]["value"] for line in made["Line"]]
    assert details == ["4", "4"] and made["TotalAmt"] == 850.0  # "Travel", the mapped account by its name
    assert AccountingSync.objects.get(purchase_order=approved).remote_id == made["Id"]

    posts = list(quickbooks_api.posts)
    push(client, committed, connection)
    assert quickbooks_api.posts == posts and len(records["PurchaseOrder"]) == 4
    assert not AccountingSync.objects.exclude(purchase_order__in=_committed_ones(orders)).exists()


@pytest.mark.parametrize("provider", [Provider.XERO, Provider.QUICKBOOKS])
def test_a_refused_order_keeps_its_reason_and_the_other_documents_go(
    provider, tenant_a, login, xero_api, quickbooks_api, committed
):
    stub = xero_api if provider == Provider.XERO else quickbooks_api
    refused = order(tenant_a, xero_stub.REFUSED_CONTACT)
    good = order(tenant_a, "Stage Sound Ltd")
    bill = invoice(tenant_a, "payable", "Lighting Co")
    client = login(tenant_a.user(Role.PHANTOM))
    connection = connect(tenant_a, provider, stub)

    push(client, committed, connection)
    failed = AccountingSync.objects.get(purchase_order=refused)
    reason = "is not a valid code" if provider == Provider.XERO else "on hold"
    assert failed.remote_id == "" and reason in failed.error and failed.attempts == 1
    assert AccountingSync.objects.get(purchase_order=good).remote_id
    assert AccountingSync.objects.get(invoice=bill).remote_id
    page = client.get(reverse("integrations:connections")).content.decode()
    assert f"Purchase order {refused.number}" in page and reason in page

    # The next push tries the refused one again, and only that one.
    push(client, committed, connection)
    assert AccountingSync.objects.get(purchase_order=refused).attempts == 2
    assert AccountingSync.objects.filter(connection=connection).exclude(remote_id="").count() == 2


def test_an_order_without_lines_is_refused_before_any_call(tenant_a, login, xero_api, committed):
    empty = order(tenant_a, "Stage Sound Ltd")
    empty.lines.all().delete()
    client = login(tenant_a.user(Role.PHANTOM))
    connection = connect(tenant_a, Provider.XERO, xero_api)
    push(client, committed, connection)
    assert "has no lines" in AccountingSync.objects.get(purchase_order=empty).error and xero_api.calls == []


def test_another_organizations_connection_never_pushes_these_orders(tenant_a, tenant_b, login, xero_api, committed):
    mine = order(tenant_a, "Stage Sound Ltd")
    theirs = order(tenant_b, "Zebra Secret Vendor")
    client = login(tenant_b.user(Role.PHANTOM))
    connection = connect(tenant_b, Provider.XERO, xero_api)
    push(client, committed, connection)
    assert [po["Contact"]["Name"] for po in xero_api.purchase_orders] == ["Zebra Secret Vendor"]
    assert AccountingSync.objects.get(purchase_order=theirs).remote_id
    assert not AccountingSync.objects.filter(purchase_order=mine).exists()
    # B's admin cannot push A's connection either, nor see its card.
    mine_connection = connect(tenant_a, Provider.XERO, xero_api)
    assert client.post(reverse("integrations:accounting_push", args=[mine_connection.pk])).status_code == 404
    assert mine.number not in client.get(reverse("integrations:connections")).content.decode()
