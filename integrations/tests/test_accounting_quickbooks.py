"""QuickBooks Online: an org admin connects through Intuit's OAuth2 code flow, and "Push now" creates
the issued invoices (Invoice), bills and approved expenses (Bill) in the company once each; against a
local stub of Intuit's token endpoint and the QuickBooks v3 API."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from integrations.crypto import seal, unseal
from integrations.models import AccountingSync, AccountMapping, Connection, Kind, Provider

from .quickbooks_stub import GOOD_CODE, REALM, REFUSED_CONTACT
from .test_accounting_exports import expense, invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def connect_quickbooks(committed):
    def run(client, code=GOOD_CODE, realm=REALM):
        start = client.post(reverse("integrations:quickbooks_connect"))
        assert start.status_code == 302
        query = parse_qs(urlparse(start["Location"]).query)
        callback = {"code": code, "state": query["state"][0], "realmId": realm}
        return committed(client.get, reverse("integrations:quickbooks_callback"), callback)

    return run


def test_an_admin_connects_quickbooks_and_the_tokens_are_sealed(tenant_a, login, quickbooks_api, connect_quickbooks):
    client = login(tenant_a.user(Role.PHANTOM))
    assert "Connect QuickBooks" in client.get(reverse("integrations:connections")).content.decode()
    start = client.post(reverse("integrations:quickbooks_connect"))
    target = urlparse(start["Location"])
    query = parse_qs(target.query)
    assert target.path == "/connect/oauth2" and query["client_id"] == ["qb-client"]
    assert query["scope"] == ["com.intuit.quickbooks.accounting"]
    assert query["redirect_uri"][0].endswith("/quickbooks/callback/")

    assert connect_quickbooks(client).status_code == 302
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    assert connection.provider == Provider.QUICKBOOKS
    values = unseal(connection.secrets)
    assert values["tenant_id"] == REALM and connection.key_hint == REALM[-4:]
    assert values["access_token"] not in connection.secrets and "code" not in values
    assert connection.last_success_at is not None and connection.last_error == ""
    assert quickbooks_api.grants == ["authorization_code"]
    page = client.get(reverse("integrations:connections")).content.decode()
    assert "Push now" in page and f"…{REALM[-4:]}" in page and "QuickBooks" in page


def test_a_forged_state_or_a_refused_code_connects_nothing(
    tenant_a, login, quickbooks_api, connect_quickbooks, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    client.post(reverse("integrations:quickbooks_connect"))
    forged = {"code": GOOD_CODE, "state": "forged", "realmId": REALM}
    assert committed(client.get, reverse("integrations:quickbooks_callback"), forged).status_code == 302
    assert not Connection.objects.get(kind=Kind.ACCOUNTING).is_connected
    # A state Xero's flow started is not QuickBooks' either.
    start = client.post(reverse("integrations:quickbooks_connect"))
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    committed(client.get, reverse("integrations:xero_callback"), {"code": GOOD_CODE, "state": state})
    assert not Connection.objects.get(kind=Kind.ACCOUNTING).is_connected and quickbooks_api.grants == []

    connect_quickbooks(client, realm="../../companyinfo")
    assert not Connection.objects.get(kind=Kind.ACCOUNTING).is_connected and quickbooks_api.grants == []

    connect_quickbooks(client, code="stale-code")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    assert "invalid_grant" in connection.last_error and connection.last_success_at is None


def test_push_creates_each_document_once_and_a_refusal_does_not_stop_the_rest(
    tenant_a, tenant_b, login, quickbooks_api, connect_quickbooks, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    AccountMapping.objects.create(organization=tenant_a.org, category="sales", account_code="4000")
    AccountMapping.objects.create(organization=tenant_a.org, category="Transportation", account_code="Travel")
    sale = invoice(tenant_a, "receivable", "Festival Ltd")
    refused = invoice(tenant_a, "receivable", REFUSED_CONTACT)
    bill = invoice(tenant_a, "payable", "Stage Sound")
    invoice(tenant_a, "receivable", "Draft Client", send=False)
    cab = expense(tenant_a, "Taxi to the venue")
    expense(tenant_a, "Waiting", approve=False)
    invoice(tenant_b, "receivable", "Zebra Secret Client")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)

    assert committed(client.post, reverse("integrations:accounting_push", args=[connection.pk])).status_code == 302
    records = quickbooks_api.records
    invoices = {i["DocNumber"]: i for i in records["Invoice"]}
    bills = {b["DocNumber"]: b for b in records["Bill"]}
    assert set(invoices) == {sale.number} and set(bills) == {bill.number, f"EXP-{cab.pk}"}
    assert {c["DisplayName"] for c in records["Customer"]} == {"Festival Ltd", REFUSED_CONTACT}
    assert {v["DisplayName"] for v in records["Vendor"]} == {"Stage Sound", "City Cabs"}
    assert [i["Name"] for i in records["Item"]] == ["Services 4000"]
    assert records["Item"][0]["IncomeAccountRef"]["value"] == "1" and records["Item"][0]["Type"] == "Service"

    line = invoices[sale.number]["Line"][0]
    assert line["DetailType"] == "SalesItemLineDetail" and line["Amount"] == 250.0
    detail = line["SalesItemLineDetail"]
    assert (detail["Qty"], detail["UnitPrice"], detail["ItemRef"]["value"]) == (2.0, 125.0, records["Item"][0]["Id"])
    assert invoices[sale.number]["CustomerRef"]["value"] == records["Customer"][0]["Id"]
    assert invoices[sale.number]["CurrencyRef"]["value"] == sale.currency
    bill_line = bills[bill.number]["Line"][0]
    assert bill_line["DetailType"] == "AccountBasedExpenseLineDetail"
    assert bill_line["AccountBasedExpenseLineDetail"]["AccountRef"]["value"] == "3"  # "300", the purchases default
    cab_line = bills[f"EXP-{cab.pk}"]["Line"][0]
    assert cab_line["AccountBasedExpenseLineDetail"]["AccountRef"]["value"] == "4"  # "Travel", by its name
    assert cab_line["Amount"] == 40.0

    failed = AccountingSync.objects.get(invoice=refused)
    assert failed.remote_id == "" and "on hold" in failed.error and failed.tenant == REALM
    done = AccountingSync.objects.get(invoice=sale)
    assert done.remote_id == invoices[sale.number]["Id"] and done.pushed_at is not None

    # Again: nothing new is created; the refused one is tried again (and refused again).
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert (len(records["Invoice"]), len(records["Bill"]), len(records["Customer"])) == (1, 2, 2)
    assert len(records["Item"]) == 1 and AccountingSync.objects.filter(connection=connection).count() == 4
    assert AccountingSync.objects.get(invoice=refused).attempts == 2
    page = client.get(reverse("integrations:connections")).content.decode()
    assert "on hold" in page and refused.number in page and "Refused by QuickBooks" in page


def test_an_unknown_account_is_refused_for_that_document_only(
    tenant_a, login, quickbooks_api, connect_quickbooks, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    AccountMapping.objects.create(organization=tenant_a.org, category="sales", account_code="9999")
    sale = invoice(tenant_a, "receivable", "Festival Ltd")
    bill = invoice(tenant_a, "payable", "Stage Sound")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert "no active account numbered or named 9999" in AccountingSync.objects.get(invoice=sale).error
    assert AccountingSync.objects.get(invoice=bill).remote_id and "Invoice" not in quickbooks_api.records

    # A product/service named by the code (as the CSV export takes it) books the line through that item.
    quickbooks_api.records["Item"] = [{"Id": "77", "Name": "9999", "Type": "Service", "Active": True}]
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    line = quickbooks_api.records["Invoice"][0]["Line"][0]
    assert line["SalesItemLineDetail"]["ItemRef"]["value"] == "77" and len(quickbooks_api.records["Item"]) == 1


def test_an_outage_pushes_nothing_and_the_next_push_sends_it(
    tenant_a, login, quickbooks_api, connect_quickbooks, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    sale = invoice(tenant_a, "receivable", "Festival Ltd")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    quickbooks_api.down = True
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    connection.refresh_from_db()
    assert "503" in connection.last_error and not AccountingSync.objects.exclude(remote_id="").exists()
    quickbooks_api.down = False
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    connection.refresh_from_db()
    assert connection.last_error == "" and AccountingSync.objects.get(invoice=sale).remote_id
    assert len(quickbooks_api.records["Invoice"]) == 1


def test_an_expired_token_is_refreshed_before_the_push(tenant_a, login, quickbooks_api, connect_quickbooks, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    values = unseal(connection.secrets)
    Connection.objects.filter(pk=connection.pk).update(secrets=seal({**values, "expires_at": 0}))
    invoice(tenant_a, "receivable", "Festival Ltd")
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert (
        quickbooks_api.grants == ["authorization_code", "refresh_token"] and len(quickbooks_api.records["Invoice"]) == 1
    )
    renewed = unseal(Connection.objects.get(pk=connection.pk).secrets)
    assert renewed["access_token"] != values["access_token"] and renewed["refresh_token"] != values["refresh_token"]
    assert renewed["tenant_id"] == REALM and renewed["expires_at"] > 0


def test_the_api_check_of_the_connection_asks_quickbooks(
    tenant_a, login, quickbooks_api, connect_quickbooks, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    Connection.objects.filter(pk=connection.pk).update(last_error="stale")
    checked = committed(client.post, reverse("integration-connection-check", args=[connection.pk]))
    assert checked.status_code == 202 and checked.json()["provider"] == "quickbooks"
    connection.refresh_from_db()
    assert connection.last_error == "" and connection.last_checked_at is not None


def test_only_the_org_admin_connects_and_pushes(
    tenant_a, tenant_b, login, quickbooks_api, connect_quickbooks, committed
):
    connect_quickbooks(login(tenant_a.user(Role.PHANTOM)))
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    gladiator = login(tenant_a.user(Role.GLADIATOR))
    assert gladiator.post(reverse("integrations:quickbooks_connect")).status_code == 403
    assert gladiator.get(reverse("integrations:quickbooks_callback"), {"code": GOOD_CODE}).status_code == 403
    assert gladiator.post(reverse("integrations:accounting_push", args=[connection.pk])).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    assert other.post(reverse("integrations:accounting_push", args=[connection.pk])).status_code == 404
    assert other.post(reverse("integrations:check", args=[connection.pk])).status_code == 404
    assert f"…{REALM[-4:]}" not in other.get(reverse("integrations:connections")).content.decode()


def test_one_accounting_connection_at_a_time(tenant_a, login, quickbooks_api, connect_quickbooks, settings):
    settings.XERO_CLIENT_ID, settings.XERO_CLIENT_SECRET = "xero-client", "xero-secret"
    client = login(tenant_a.user(Role.PHANTOM))
    connect_quickbooks(client)
    response = client.post(reverse("integrations:xero_connect"), follow=True)
    assert "Disconnect QuickBooks first" in response.content.decode()
    assert Connection.objects.get(kind=Kind.ACCOUNTING).provider == Provider.QUICKBOOKS


def test_without_a_quickbooks_app_connecting_is_refused_clearly(tenant_a, login, settings):
    settings.QUICKBOOKS_CLIENT_ID = ""
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(reverse("integrations:quickbooks_connect"), follow=True)
    assert "QuickBooks is not set up on this server" in response.content.decode()
    assert not Connection.objects.filter(kind=Kind.ACCOUNTING).exists()
