"""QuickBooks Online through Intuit's OAuth2 code flow and the `python-quickbooks` SDK: the connect
redirect, the code exchange and refresh at Intuit's token endpoint, and client invoices (Invoice),
bills and expenses (Bill) and purchase orders (PurchaseOrder) created in the company (realm) the
admin picked on Intuit's screen.

As in xero.py, only `authorize_url` runs in a request; the rest runs in Celery. The token calls are
plain form posts (intuit-oauth's client would fetch Intuit's discovery document on every start);
`settings.QUICKBOOKS_*_URL` / `QUICKBOOKS_API_BASE` point everything elsewhere (a stub in tests).
Errors are the payments interface's: `Refused` (shown to the admin) and `Unreachable` (retried)."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from quickbooks import QuickBooks
from quickbooks.exceptions import AuthorizationException, QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.base import Ref
from quickbooks.objects.bill import Bill
from quickbooks.objects.company_info import CompanyInfo
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import (
    AccountBasedExpenseLine,
    AccountBasedExpenseLineDetail,
    SalesItemLine,
    SalesItemLineDetail,
)
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from ..payments.base import Refused, Unreachable
from . import oauth
from .xero import Document

SCOPES = "com.intuit.quickbooks.accounting"
# Intuit's access tokens live an hour; refresh a little before, so a push never starts on a dying one.
EARLY = 300
# Intuit refuses minor versions under 75 (and the SDK warns without one).
MINOR_VERSION = 75
# QuickBooks' code for "too many requests": worth a retry, not a refusal.
THROTTLED = 3001


def authorize_url(state: str, redirect_uri: str) -> str:
    return oauth.authorize_url(
        settings.QUICKBOOKS_AUTHORIZE_URL,
        client_id=settings.QUICKBOOKS_CLIENT_ID,
        scope=SCOPES,
        state=state,
        redirect_uri=redirect_uri,
    )


def _token_call(data: dict[str, str]) -> dict[str, Any]:
    client = (settings.QUICKBOOKS_CLIENT_ID, settings.QUICKBOOKS_CLIENT_SECRET)
    tokens = oauth.token_call(
        settings.QUICKBOOKS_TOKEN_URL, client=client, provider="QuickBooks", data=data, lifetime=3600
    )
    del tokens["scope"]  # Intuit grants the one scope asked for
    return tokens


def exchange_code(code: str, redirect_uri: str, realm_id: str) -> dict[str, Any]:
    """The tokens for an authorization code; the company is the realm Intuit sent back with it."""
    if not realm_id:
        raise Refused(_("QuickBooks sent no company; connect again and pick one."))
    tokens = _token_call({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri})
    return {**tokens, "tenant_id": realm_id}


def fresh(credentials: dict[str, Any]) -> dict[str, Any] | None:
    """New tokens when the access token is (nearly) expired; None while it is still good."""
    if float(credentials.get("expires_at", 0)) > time.time() + EARLY:
        return None
    if not credentials.get("refresh_token"):
        raise Refused(_("The QuickBooks authorization has expired; connect again."))
    tokens = _token_call({"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]})
    return {**credentials, **tokens}


class _Session(requests.Session):
    """What the SDK asks of its session: `access_token` (it writes the Bearer header) and `request`,
    here with our timeout (the SDK passes none). Its own session is requests-oauthlib's, which starts
    through intuit-oauth and refuses plain http, the local stub's."""

    def __init__(self, access_token: str) -> None:
        super().__init__()
        self.access_token = access_token

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", settings.INTEGRATIONS_TIMEOUT)
        verb = method.decode() if isinstance(method, bytes) else method
        return super().request(verb, url, *args, **kwargs)


def _client(credentials: dict[str, Any]) -> QuickBooks:
    client = QuickBooks(
        company_id=credentials["tenant_id"],
        refresh_token=credentials.get("refresh_token", ""),
        minorversion=MINOR_VERSION,
    )
    client.session = _Session(credentials["access_token"])  # refreshing is ours (`fresh`), stored sealed
    client.api_url_v3 = client.sandbox_api_url_v3 = settings.QUICKBOOKS_API_BASE
    return client


def _refusal(exc: QuickbooksException) -> Exception:
    code = exc.error_code if isinstance(exc.error_code, int) else 0
    if code >= 10000 or code == THROTTLED:
        return Unreachable(_("QuickBooks answered: %(reason)s") % {"reason": str(exc.message)[:200]})
    if isinstance(exc, AuthorizationException):
        return Refused(_("QuickBooks refused the authorization; connect again."))
    reason = f"{exc.message}: {exc.detail}" if exc.detail else exc.message
    return Refused(_("QuickBooks refused it: %(reason)s") % {"reason": str(reason)[:500]})


def _call(action: Any) -> Any:
    """Run one SDK call, its errors put in the interface's two kinds."""
    try:
        return action()
    except QuickbooksException as exc:
        raise _refusal(exc) from exc
    except requests.RequestException as exc:
        raise Unreachable(_("QuickBooks could not be reached: %(error)s") % {"error": exc}) from exc


def check(credentials: dict[str, Any]) -> str:
    """The company the tokens reach (its name)."""
    client = _client(credentials)
    found = _call(lambda: CompanyInfo.get(credentials["tenant_id"], qb=client))
    return str(found.CompanyName or "")


def _ref(value: Any, name: str = "") -> Ref:
    ref = Ref()
    # The SDK drops None fields: a reference goes as {"value"} (and its name), as Intuit's examples show.
    ref.value, ref.name, ref.type = str(value), name or None, None
    return ref


def _contact(client: QuickBooks, kind: type[Customer] | type[Vendor], name: str, currency: str) -> Ref:
    """The customer or vendor of this display name, created when QuickBooks has none yet."""
    found = _call(lambda: kind.filter(DisplayName=name, qb=client))
    if found:
        return _ref(found[0].Id, name)
    contact = kind()
    contact.DisplayName = name
    contact.CurrencyRef = _ref(currency)
    made = _call(lambda: contact.save(qb=client))
    return _ref(made.Id, name)


class Chart:
    """The company's accounts, read once per document: a mapped code is its account number, else its name."""

    def __init__(self, client: QuickBooks) -> None:
        found = _call(lambda: Account.where("Active = true", max_results=1000, qb=client))
        self.by_code = {str(a.AcctNum): a for a in found if getattr(a, "AcctNum", None)}
        self.by_name = {str(a.Name): a for a in found}

    def ref(self, code: str) -> Ref:
        account = self.by_code.get(code) or self.by_name.get(code)
        if account is None:
            raise Refused(_("QuickBooks has no active account numbered or named %(code)s.") % {"code": code})
        return _ref(account.Id, account.Name)


def _item(client: QuickBooks, chart: Chart, code: str) -> Ref:
    """The product/service a sales line is booked through (QuickBooks books a line to its item's income
    account): the item named by the mapped code (as in the CSV export), else one service item per
    income account, found or created."""
    for name in (code, f"Services {code}"):
        found = _call(lambda name=name: Item.filter(Name=name, qb=client))
        if found:
            return _ref(found[0].Id, name)
    item = Item()
    item.Name, item.Type, item.IncomeAccountRef = f"Services {code}", "Service", chart.ref(code)
    made = _call(lambda: item.save(qb=client))
    return _ref(made.Id, item.Name)


def _money(value: Any) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


def _sales_line(client: QuickBooks, chart: Chart, line: dict[str, Any]) -> SalesItemLine:
    detail = SalesItemLineDetail()
    detail.ItemRef = _item(client, chart, line["account_code"])
    detail.Qty, detail.UnitPrice = float(line["quantity"]), _money(line["unit_amount"])
    made = SalesItemLine()
    made.Description, made.SalesItemLineDetail = line["description"], detail
    made.Amount = _money(Decimal(str(line["quantity"])) * Decimal(str(line["unit_amount"])))
    return made


def _expense_line(chart: Chart, line: dict[str, Any]) -> AccountBasedExpenseLine:
    detail = AccountBasedExpenseLineDetail()
    detail.AccountRef = chart.ref(line["account_code"])
    made = AccountBasedExpenseLine()
    made.Description, made.AccountBasedExpenseLineDetail = line["description"], detail
    made.Amount = _money(Decimal(str(line["quantity"])) * Decimal(str(line["unit_amount"])))
    return made


def create(credentials: dict[str, Any], document: Document) -> str:
    """Create the document in QuickBooks (once: the request id makes a retried call Intuit's no-op); its Id.
    ACCREC is an Invoice to a customer, ACCPAY a Bill from a vendor, PURCHASEORDER a PurchaseOrder to
    a vendor (its lines as a bill's; no due date: ours is the delivery date, which QuickBooks' PO lacks)."""
    client = _client(credentials)
    chart = Chart(client)
    record: Invoice | Bill | PurchaseOrder
    if document.type == "PURCHASEORDER":
        record = PurchaseOrder()
        record.VendorRef = _contact(client, Vendor, document.contact, document.currency)
        record.Line = [_expense_line(chart, line) for line in document.lines]
        record.POStatus = "Open"
    elif document.type == "ACCREC":
        record = Invoice()
        record.CustomerRef = _contact(client, Customer, document.contact, document.currency)
        record.Line = [_sales_line(client, chart, line) for line in document.lines]
    else:
        record = Bill()
        record.VendorRef = _contact(client, Vendor, document.contact, document.currency)
        record.Line = [_expense_line(chart, line) for line in document.lines]
    record.DocNumber = document.number[:21]  # QuickBooks' limit
    record.TxnDate = document.date.isoformat() if document.date else None
    if not isinstance(record, PurchaseOrder):
        record.DueDate = document.due_date.isoformat() if document.due_date else None
    record.CurrencyRef = _ref(document.currency)
    record.PrivateNote = document.reference or None
    # Intuit keeps request ids to 50 characters: a digest of our key stays unique and the same on a retry.
    request_id = hashlib.sha256(document.idempotency_key.encode()).hexdigest()[:40]
    made = _call(lambda: record.save(qb=client, request_id=request_id))
    return str(made.Id)
