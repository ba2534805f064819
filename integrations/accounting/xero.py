"""Xero through its OAuth2 code flow and its official SDK (`xero-python`): the connect redirect, the
code exchange and refresh at Xero's token endpoint, the tenant from /connections, invoices and
bills (ACCREC / ACCPAY) created with `AccountingApi.create_invoices`, and purchase orders with
`AccountingApi.create_purchase_orders`.

Nothing here runs in a request but `authorize_url`: the calls run in Celery
(integrations/accounting/tasks.py). `settings.XERO_*_URL` / `XERO_API_BASE` point them elsewhere (a
local stub in tests). Errors are the payments interface's: `Refused` (Xero said no: shown to the
admin) and `Unreachable` (not asked: retried)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.exceptions import HTTPError as TransportError
from xero_python.accounting import (
    AccountingApi,
    Contact,
    CurrencyCode,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
    PurchaseOrder,
    PurchaseOrders,
)
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.exceptions import ApiException

from ..payments.base import Refused, Unreachable
from . import oauth

SCOPES = "openid profile email offline_access accounting.transactions accounting.contacts accounting.settings.read"
# Refresh a little before Xero's 30 minutes run out, so a push never starts on a dying token.
EARLY = 120


@dataclass(frozen=True)
class Document:
    """A document as Xero takes it: ACCREC (a client's invoice), ACCPAY (a bill, an expense) or
    PURCHASEORDER (its `due_date` is the delivery date)."""

    type: str
    contact: str
    number: str
    reference: str
    date: Any
    due_date: Any
    currency: str
    lines: list[dict[str, Any]]
    idempotency_key: str


def authorize_url(state: str, redirect_uri: str) -> str:
    return oauth.authorize_url(
        settings.XERO_AUTHORIZE_URL,
        client_id=settings.XERO_CLIENT_ID,
        scope=SCOPES,
        state=state,
        redirect_uri=redirect_uri,
    )


def _token_call(data: dict[str, str]) -> dict[str, Any]:
    client = (settings.XERO_CLIENT_ID, settings.XERO_CLIENT_SECRET)
    tokens = oauth.token_call(settings.XERO_TOKEN_URL, client=client, provider="Xero", data=data, lifetime=1800)
    return {**tokens, "scope": tokens["scope"] or SCOPES}


def exchange_code(code: str, redirect_uri: str) -> dict[str, Any]:
    """The tokens for an authorization code, and the first Xero organisation it was granted."""
    tokens = _token_call({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri})
    try:
        response = requests.get(
            settings.XERO_CONNECTIONS_URL,
            headers={"Authorization": f"Bearer {tokens['access_token']}", "Accept": "application/json"},
            timeout=settings.INTEGRATIONS_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise Unreachable(_("Xero could not be reached: %(error)s") % {"error": exc}) from exc
    tenants = [
        t for t in (response.json() if response.status_code == 200 else []) if t.get("tenantType") == "ORGANISATION"
    ]
    if not tenants:
        raise Refused(_("Xero granted no organisation; connect again and pick one."))
    return {**tokens, "tenant_id": tenants[0]["tenantId"], "tenant_name": tenants[0].get("tenantName", "")}


def fresh(credentials: dict[str, Any]) -> dict[str, Any] | None:
    """New tokens when the access token is (nearly) expired; None while it is still good."""
    if float(credentials.get("expires_at", 0)) > time.time() + EARLY:
        return None
    if not credentials.get("refresh_token"):
        raise Refused(_("The Xero authorization has expired; connect again."))
    tokens = _token_call({"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]})
    return {**credentials, **tokens}


def _api(credentials: dict[str, Any]) -> AccountingApi:
    # No expiry for the SDK: `fresh` renewed the token before this call if it was running out.
    token = {
        "access_token": credentials["access_token"],
        "token_type": "Bearer",  # nosec B105 # the OAuth2 token type, not a secret
        "scope": credentials.get("scope"),
        "expires_in": None,
    }
    client = ApiClient(
        Configuration(oauth2_token=OAuth2Token(settings.XERO_CLIENT_ID, settings.XERO_CLIENT_SECRET)),
        oauth2_token_getter=lambda: token,
        oauth2_token_saver=lambda new: None,  # refreshing is ours (`fresh`), stored sealed
    )
    return AccountingApi(client, base_url=settings.XERO_API_BASE)


def _refusal(exc: ApiException) -> Exception:
    if exc.status is None or exc.status >= 500 or exc.status == 429:
        return Unreachable(_("Xero answered %(status)s.") % {"status": exc.status})
    messages = []
    try:
        body = json.loads(exc.body or "{}")
        for element in body.get("Elements", []):
            messages += [v.get("Message", "") for v in element.get("ValidationErrors", [])]
        messages = messages or [body.get("Message") or body.get("Detail") or ""]
    except (ValueError, AttributeError):
        messages = [str(exc.reason or "")]
    return Refused(_("Xero refused it: %(reason)s") % {"reason": "; ".join(m for m in messages if m)[:500]})


def check(credentials: dict[str, Any]) -> str:
    """The organisation the tokens reach (its name)."""
    try:
        found = _api(credentials).get_organisations(
            credentials["tenant_id"], _request_timeout=settings.INTEGRATIONS_TIMEOUT
        )
    except ApiException as exc:
        raise _refusal(exc) from exc
    except TransportError as exc:
        raise Unreachable(_("Xero could not be reached: %(error)s") % {"error": exc}) from exc
    return found.organisations[0].name if found.organisations else ""


def _currency(document: Document) -> CurrencyCode:
    try:
        return CurrencyCode(document.currency)
    except ValueError as exc:
        raise Refused(_("Xero does not know the currency %(code)s.") % {"code": document.currency}) from exc


def _line_items(document: Document) -> list[LineItem]:
    return [
        LineItem(
            description=line["description"],
            quantity=float(line["quantity"]),
            unit_amount=float(line["unit_amount"]),
            account_code=line["account_code"],
            tax_type=line["tax_type"] or None,
            tax_amount=float(line["tax_amount"]) if line.get("tax_amount") is not None else None,
        )
        for line in document.lines
    ]


def _sent(made: Any) -> None:
    """Xero answers 200 with the document's own validation errors when it refused that one."""
    errors = made.validation_errors or []
    if getattr(made, "has_errors", False) or errors:
        raise Refused(_("Xero refused it: %(reason)s") % {"reason": "; ".join(e.message for e in errors)[:500]})


def create(credentials: dict[str, Any], document: Document) -> str:
    """Create the document in Xero (once: the idempotency key makes a retry the same call); its InvoiceID."""
    if document.type == "PURCHASEORDER":
        return create_purchase_order(credentials, document)
    currency = _currency(document)
    invoice = Invoice(
        type=document.type,
        contact=Contact(name=document.contact),
        invoice_number=document.number,
        reference=document.reference or None,
        date=document.date,
        due_date=document.due_date,
        currency_code=currency,
        line_amount_types=LineAmountTypes.EXCLUSIVE,
        status="AUTHORISED",
        line_items=_line_items(document),
    )
    made = _create(credentials, document, "create_invoices", Invoices(invoices=[invoice])).invoices[0]
    _sent(made)
    return str(made.invoice_id)


def _create(credentials: dict[str, Any], document: Document, method: str, batch: Any) -> Any:
    """One create call of the accounting API (`method`: create_invoices, create_purchase_orders) with the
    document's idempotency key, so a retry is the same call; Xero's refusal or absence as ours."""
    try:
        return getattr(_api(credentials), method)(
            credentials["tenant_id"],
            batch,
            summarize_errors=False,
            idempotency_key=document.idempotency_key,
            _request_timeout=settings.INTEGRATIONS_TIMEOUT,
        )
    except ApiException as exc:
        raise _refusal(exc) from exc
    except TransportError as exc:
        raise Unreachable(_("Xero could not be reached: %(error)s") % {"error": exc}) from exc


def create_purchase_order(credentials: dict[str, Any], document: Document) -> str:
    """Create the purchase order in Xero, AUTHORISED (once: the idempotency key makes a retry the same
    call); its PurchaseOrderID. The contact is found by name, or created, as for bills."""
    currency = _currency(document)
    order = PurchaseOrder(
        contact=Contact(name=document.contact),
        purchase_order_number=document.number,
        reference=document.reference or document.number,
        date=document.date,
        delivery_date=document.due_date,
        currency_code=currency,
        line_amount_types=LineAmountTypes.EXCLUSIVE,
        status="AUTHORISED",
        line_items=_line_items(document),
    )
    answer = _create(credentials, document, "create_purchase_orders", PurchaseOrders(purchase_orders=[order]))
    made = answer.purchase_orders[0]
    _sent(made)
    return str(made.purchase_order_id)
