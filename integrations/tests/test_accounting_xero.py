"""Xero: an org admin connects through Xero's OAuth2 code flow, and "Push now" creates the issued
invoices, bills and approved expenses in Xero once each; against a local stub of Xero's APIs."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from integrations.crypto import seal, unseal
from integrations.models import AccountingSync, AccountMapping, Connection, Kind

from .test_accounting_exports import expense, invoice
from .xero_stub import GOOD_CODE, REFUSED_CONTACT, TENANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def connect_xero(committed):
    def run(client, code=GOOD_CODE):
        start = client.post(reverse("integrations:xero_connect"))
        assert start.status_code == 302
        query = parse_qs(urlparse(start["Location"]).query)
        callback = {"code": code, "state": query["state"][0]}
        return committed(client.get, reverse("integrations:xero_callback"), callback)

    return run


def test_an_admin_connects_xero_and_the_tokens_are_sealed(tenant_a, login, xero_api, connect_xero):
    client = login(tenant_a.user(Role.PHANTOM))
    start = client.post(reverse("integrations:xero_connect"))
    target = urlparse(start["Location"])
    query = parse_qs(target.query)
    assert target.path == "/identity/connect/authorize" and query["client_id"] == ["xero-client"]
    assert "accounting.transactions" in query["scope"][0] and query["redirect_uri"][0].endswith("/xero/callback/")

    assert connect_xero(client).status_code == 302
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    values = unseal(connection.secrets)
    assert values["tenant_id"] == TENANT and connection.key_hint == "4242"
    assert values["access_token"] not in connection.secrets and "code" not in values
    assert connection.last_success_at is not None and connection.last_error == ""
    page = client.get(reverse("integrations:connections")).content.decode()
    assert "Push now" in page and "…4242" in page


def test_a_forged_state_or_a_refused_code_connects_nothing(tenant_a, login, xero_api, connect_xero, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    client.post(reverse("integrations:xero_connect"))
    forged = committed(client.get, reverse("integrations:xero_callback"), {"code": GOOD_CODE, "state": "forged"})
    assert forged.status_code == 302
    assert not Connection.objects.get(kind=Kind.ACCOUNTING).is_connected

    connect_xero(client, code="stale-code")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    assert "invalid_grant" in connection.last_error and connection.last_success_at is None


def test_push_creates_each_document_once_and_a_refusal_does_not_stop_the_rest(
    tenant_a, tenant_b, login, xero_api, connect_xero, committed
):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_xero(client)
    AccountMapping.objects.create(organization=tenant_a.org, category="sales", account_code="4000", tax_type="OUTPUT2")
    sale = invoice(tenant_a, "receivable", "Festival Ltd")
    refused = invoice(tenant_a, "receivable", REFUSED_CONTACT)
    bill = invoice(tenant_a, "payable", "Stage Sound")
    invoice(tenant_a, "receivable", "Draft Client", send=False)
    cab = expense(tenant_a, "Taxi to the venue")
    expense(tenant_a, "Waiting", approve=False)
    invoice(tenant_b, "receivable", "Zebra Secret Client")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)

    assert committed(client.post, reverse("integrations:accounting_push", args=[connection.pk])).status_code == 302
    by_number = {i["InvoiceNumber"]: i for i in xero_api.invoices}
    assert set(by_number) == {sale.number, bill.number, f"EXP-{cab.pk}"}
    assert by_number[sale.number]["Type"] == "ACCREC" and by_number[bill.number]["Type"] == "ACCPAY"
    line = by_number[sale.number]["LineItems"][0]
    assert (line["AccountCode"], line["TaxType"], line["Quantity"], line["UnitAmount"]) == (
        "4000",
        "OUTPUT2",
        2.0,
        125.0,
    )
    assert by_number[sale.number]["Contact"]["Name"] == "Festival Ltd"
    assert by_number[f"EXP-{cab.pk}"]["Type"] == "ACCPAY"

    failed = AccountingSync.objects.get(invoice=refused)
    assert failed.remote_id == "" and "is not a valid code" in failed.error
    done = AccountingSync.objects.get(invoice=sale)
    assert done.remote_id == by_number[sale.number]["InvoiceID"] and done.pushed_at is not None

    # Again: nothing new is created; the refused one is tried again (and refused again).
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert len(xero_api.invoices) == 3 and AccountingSync.objects.filter(connection=connection).count() == 4
    assert AccountingSync.objects.get(invoice=refused).attempts == 2
    page = client.get(reverse("integrations:connections")).content.decode()
    assert "is not a valid code" in page and refused.number in page


def test_an_expired_token_is_refreshed_before_the_push(tenant_a, login, xero_api, connect_xero, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_xero(client)
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    values = unseal(connection.secrets)
    Connection.objects.filter(pk=connection.pk).update(secrets=seal({**values, "expires_at": 0}))
    invoice(tenant_a, "receivable", "Festival Ltd")
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert xero_api.grants == ["authorization_code", "refresh_token"] and len(xero_api.invoices) == 1
    renewed = unseal(Connection.objects.get(pk=connection.pk).secrets)
    assert renewed["access_token"] != values["access_token"] and renewed["expires_at"] > 0


def test_only_the_org_admin_connects_and_pushes(tenant_a, tenant_b, login, xero_api, connect_xero, committed):
    connect_xero(login(tenant_a.user(Role.PHANTOM)))
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    gladiator = login(tenant_a.user(Role.GLADIATOR))
    assert gladiator.post(reverse("integrations:xero_connect")).status_code == 403
    assert gladiator.post(reverse("integrations:accounting_push", args=[connection.pk])).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    assert other.post(reverse("integrations:accounting_push", args=[connection.pk])).status_code == 404
    assert other.post(reverse("integrations:check", args=[connection.pk])).status_code == 404
    assert "…4242" not in other.get(reverse("integrations:connections")).content.decode()


def test_without_a_xero_app_connecting_is_refused_clearly(tenant_a, login, settings):
    settings.XERO_CLIENT_ID = ""
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(reverse("integrations:xero_connect"), follow=True)
    assert "Xero is not set up on this server" in response.content.decode()
    assert not Connection.objects.filter(kind=Kind.ACCOUNTING).exists()


def test_another_xero_organisation_gets_the_documents_afresh(tenant_a, login, xero_api, connect_xero, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    connect_xero(client)
    invoice(tenant_a, "receivable", "Festival Ltd")
    connection = Connection.objects.get(kind=Kind.ACCOUNTING)
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    values = unseal(connection.secrets)
    Connection.objects.filter(pk=connection.pk).update(secrets=seal({**values, "tenant_id": "other-tenant"}))
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    committed(client.post, reverse("integrations:accounting_push", args=[connection.pk]))
    assert len(xero_api.invoices) == 2
    assert sorted(AccountingSync.objects.values_list("tenant", flat=True)) == ["other-tenant", TENANT]
