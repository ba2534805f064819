"""The CSV files Xero and QuickBooks Online import, one per (format, document type).

Xero: the "Sales invoices" and "Bills" import templates (approved expenses go in as bills, each
paid to its merchant). QuickBooks Online: the invoice and bill import columns. Neither imports
purchase orders from CSV; their file carries the columns of the ledger's purchase order (Xero's
PurchaseOrders API, QuickBooks' PurchaseOrder) so they can be keyed in or pushed.

Only documents in the books are exported: approved (or reimbursed) expenses, invoices that were
issued and not voided, purchase orders from approval on. Rows are what `user` may see
(`visible_to`), of one organization, read with `.iterator()` so an export streams at flat memory."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from finance.models import Expense, Invoice, InvoiceDirection, InvoiceStatus, PurchaseOrder, PurchaseOrderStatus
from finance.models.expenses import EXPENSE_ACTUAL_STATUSES

from .mapping import Chart

XERO, QUICKBOOKS = "xero", "quickbooks"
FORMATS = [(XERO, "Xero"), (QUICKBOOKS, "QuickBooks Online")]
SALES, BILLS, EXPENSES, ORDERS = "sales_invoices", "bills", "expenses", "purchase_orders"
DOCUMENTS = [
    (SALES, _("Sales invoices (to clients)")),
    (BILLS, _("Bills (supplier invoices)")),
    (EXPENSES, _("Approved expenses (as bills)")),
    (ORDERS, _("Approved purchase orders")),
]
ISSUED_INVOICES = (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID, InvoiceStatus.OVERDUE)
APPROVED_ORDERS = (
    PurchaseOrderStatus.APPROVED,
    PurchaseOrderStatus.SENT,
    PurchaseOrderStatus.PARTIALLY_RECEIVED,
    PurchaseOrderStatus.RECEIVED,
    PurchaseOrderStatus.CLOSED,
)
CHUNK = 500

_ADDRESS = ["POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4", "POCity", "PORegion"]
_ADDRESS += ["POPostalCode", "POCountry"]
_TRACKING = ["TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"]
HEADERS = {
    (XERO, SALES): ["*ContactName", "EmailAddress", *_ADDRESS, "*InvoiceNumber", "Reference", "*InvoiceDate"]
    + ["*DueDate", "Total", "InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount"]
    + ["*AccountCode", "*TaxType", "TaxAmount", *_TRACKING, "Currency", "BrandingTheme"],
    (XERO, BILLS): ["*ContactName", "EmailAddress", *_ADDRESS, "*InvoiceNumber", "*InvoiceDate", "*DueDate"]
    + ["Total", "InventoryItemCode", "Description", "*Quantity", "*UnitAmount", "*AccountCode", "*TaxType"]
    + ["TaxAmount", *_TRACKING, "Currency"],
    (XERO, ORDERS): ["ContactName", "EmailAddress", "OrderNumber", "Reference", "Date", "DeliveryDate"]
    + ["Description", "Quantity", "UnitAmount", "AccountCode", "TaxType", "TaxAmount", "Currency"],
    (QUICKBOOKS, SALES): ["InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Memo"]
    + ["Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate", "ItemAmount", "ItemTaxCode"]
    + ["ItemTaxAmount", "Currency"],
    (QUICKBOOKS, BILLS): ["Bill No", "Vendor", "Bill Date", "Due Date", "Terms", "Memo", "Account"]
    + ["Line Description", "Line Amount", "Line Tax Code", "Line Tax Amount", "Currency"],
    (QUICKBOOKS, ORDERS): ["PO No", "Vendor", "PO Date", "Expected Date", "Memo", "Account", "Line Description"]
    + ["Line Quantity", "Line Rate", "Line Amount", "Line Tax Code", "Line Tax Amount", "Currency"],
}
HEADERS[(XERO, EXPENSES)] = HEADERS[(XERO, BILLS)]
HEADERS[(QUICKBOOKS, EXPENSES)] = HEADERS[(QUICKBOOKS, BILLS)]


@dataclass(frozen=True)
class Line:
    """One row of any file, before it is put in a format's columns."""

    contact: str
    email: str
    number: str
    date: datetime.date | None
    due: datetime.date | None
    description: str
    quantity: Decimal
    unit_amount: Decimal
    amount: Decimal
    tax: Decimal
    account: str
    tax_type: str
    currency: str
    reference: str = ""
    total: Decimal | None = None


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _xero(doc: str, line: Line) -> dict[str, Any]:
    return {
        "*ContactName": line.contact,
        "ContactName": line.contact,
        "EmailAddress": line.email,
        "*InvoiceNumber": line.number,
        "OrderNumber": line.number,
        "Reference": line.reference,
        "*InvoiceDate": _day(line.date),
        "Date": _day(line.date),
        "*DueDate": _day(line.due),
        "DeliveryDate": _day(line.due),
        "Total": line.total if line.total is not None else "",
        "*Description": line.description,
        "Description": line.description,
        "*Quantity": line.quantity,
        "Quantity": line.quantity,
        "*UnitAmount": line.unit_amount,
        "UnitAmount": line.unit_amount,
        "*AccountCode": line.account,
        "AccountCode": line.account,
        "*TaxType": line.tax_type,
        "TaxType": line.tax_type,
        "TaxAmount": line.tax,
        "Currency": line.currency,
    }


def _quickbooks(doc: str, line: Line) -> dict[str, Any]:
    return {
        "InvoiceNo": line.number,
        "Bill No": line.number,
        "PO No": line.number,
        "Customer": line.contact,
        "Vendor": line.contact,
        "InvoiceDate": _day(line.date),
        "Bill Date": _day(line.date),
        "PO Date": _day(line.date),
        "DueDate": _day(line.due),
        "Due Date": _day(line.due),
        "Expected Date": _day(line.due),
        "Memo": line.reference,
        "Item(Product/Service)": line.account,
        "Account": line.account,
        "ItemDescription": line.description,
        "Line Description": line.description,
        "ItemQuantity": line.quantity,
        "Line Quantity": line.quantity,
        "ItemRate": line.unit_amount,
        "Line Rate": line.unit_amount,
        "ItemAmount": line.amount,
        "Line Amount": line.amount,
        "ItemTaxCode": line.tax_type,
        "Line Tax Code": line.tax_type,
        "ItemTaxAmount": line.tax,
        "Line Tax Amount": line.tax,
        "Currency": line.currency,
    }


def documents(user: Any, organization: Any, doc: str, start: datetime.date, end: datetime.date) -> QuerySet:
    """The documents of `doc` type in the books between `start` and `end` (inclusive) that `user` sees."""
    in_org = {"workspace__organization": organization}
    if doc in (SALES, BILLS):
        direction = InvoiceDirection.RECEIVABLE if doc == SALES else InvoiceDirection.PAYABLE
        return (
            Invoice.objects.visible_to(user)
            .filter(**in_org, direction=direction, status__in=ISSUED_INVOICES, issue_date__range=(start, end))
            .select_related("company", "payee", "budget_line", "purchase_order")
            .prefetch_related("lines")
            .order_by("issue_date", "pk")
        )
    if doc == EXPENSES:
        return (
            Expense.objects.visible_to(user)
            .filter(**in_org, status__in=EXPENSE_ACTUAL_STATUSES, spent_on__range=(start, end))
            .select_related("spent_by")
            .order_by("spent_on", "pk")
        )
    return (
        PurchaseOrder.objects.visible_to(user)
        .filter(**in_org, status__in=APPROVED_ORDERS, approved_at__date__range=(start, end))
        .select_related("vendor", "budget_line")
        .prefetch_related("lines")
        .order_by("approved_at", "pk")
    )


def invoice_lines(invoice: Invoice, chart: Chart) -> Iterator[Line]:
    if invoice.direction == InvoiceDirection.RECEIVABLE:
        account = chart.sales()
    else:
        account = chart.for_category(invoice.budget_line.category if invoice.budget_line is not None else None)
    for item in invoice.lines.all():
        yield Line(
            contact=invoice.party_name,  # a company, or a freelancer's name
            email=invoice.party_email,
            number=invoice.number,
            reference=invoice.purchase_order.number if invoice.purchase_order is not None else "",
            date=invoice.issue_date,
            due=invoice.due_date,
            description=item.description,
            quantity=item.quantity,
            unit_amount=item.unit_price,
            amount=item.amount,
            tax=item.tax,
            account=account.code,
            tax_type=account.tax_type,
            currency=invoice.currency,
            total=invoice.total,
        )


def expense_line(expense: Expense, chart: Chart) -> Line:
    account = chart.for_category(expense.category)
    person = expense.spent_by.get_full_name() or expense.spent_by.get_username()
    return Line(
        contact=expense.merchant_name or person,
        email="",
        number=f"EXP-{expense.pk}",
        reference=person,
        date=expense.spent_on,
        due=expense.spent_on,
        description=expense.description,
        quantity=Decimal("1"),
        unit_amount=expense.amount,
        amount=expense.amount,
        tax=expense.tax,
        account=account.code,
        tax_type=account.tax_type,
        currency=expense.currency,
        total=expense.amount + expense.tax,
    )


def order_lines(order: PurchaseOrder, chart: Chart) -> Iterator[Line]:
    category = order.category or (order.budget_line.category if order.budget_line is not None else None)
    account = chart.for_category(category)
    vendor = order.vendor
    for item in order.lines.all():
        yield Line(
            contact=vendor.name if vendor is not None else "",
            email=vendor.email if vendor is not None else "",
            number=order.number,
            date=order.approved_at.date() if order.approved_at else None,
            due=order.expected_on,
            description=item.description,
            quantity=item.quantity,
            unit_amount=item.unit_price,
            amount=item.amount,
            tax=item.tax,
            account=account.code,
            tax_type=account.tax_type,
            currency=order.currency,
        )


def lines(user: Any, organization: Any, doc: str, start: datetime.date, end: datetime.date) -> Iterator[Line]:
    chart = Chart(organization.pk)
    found = documents(user, organization, doc, start, end).iterator(chunk_size=CHUNK)
    for document in found:
        if doc == EXPENSES:
            yield expense_line(document, chart)
        elif doc == ORDERS:
            yield from order_lines(document, chart)
        else:
            yield from invoice_lines(document, chart)


def rows(user: Any, organization: Any, fmt: str, doc: str, start: datetime.date, end: datetime.date) -> Iterator[list]:
    """The file's rows (without its header, `HEADERS[(fmt, doc)]`)."""
    header = HEADERS[(fmt, doc)]
    cells = _xero if fmt == XERO else _quickbooks
    for line in lines(user, organization, doc, start, end):
        values = cells(doc, line)
        yield [values.get(column, "") for column in header]
