"""Finance, procurement and companies: where the money goes.

The models are split by subject; every rule that reads like a table (ALLOWED_TRANSITIONS,
categories, thresholds) lives next to its choices. Workflows that change rows live in
`finance/services/`.
"""

from .agreements import Agreement, AgreementRate
from .bids import BID_TRANSITIONS, RFQ_TRANSITIONS, Bid, BidLine, BidStatus, RequestForQuote, RfqLine, RfqStatus
from .budgets import BUDGET_CATEGORIES, Budget, BudgetLine, LineState, SpendingEntry, SpendingKind, SpendingSource
from .companies import Company, CompanyKind, Contact
from .expenses import EXPENSE_TRANSITIONS, Expense, ExpenseStatus
from .invoices import INVOICE_TRANSITIONS, Invoice, InvoiceDirection, InvoiceLine, InvoiceStatus, Payment, PaymentMethod
from .module import Module
from .procurement import (
    PO_TRANSITIONS,
    PurchaseOrder,
    PurchaseOrderApproval,
    PurchaseOrderLine,
    PurchaseOrderStatus,
)
from .settings import FinanceSettings, OverBudgetPolicy

__all__ = [
    "BID_TRANSITIONS",
    "RFQ_TRANSITIONS",
    "Agreement",
    "AgreementRate",
    "Bid",
    "BidLine",
    "BidStatus",
    "RequestForQuote",
    "RfqLine",
    "RfqStatus",
    "BUDGET_CATEGORIES",
    "EXPENSE_TRANSITIONS",
    "INVOICE_TRANSITIONS",
    "PO_TRANSITIONS",
    "Budget",
    "BudgetLine",
    "Company",
    "CompanyKind",
    "Contact",
    "Expense",
    "ExpenseStatus",
    "FinanceSettings",
    "Invoice",
    "InvoiceDirection",
    "InvoiceLine",
    "InvoiceStatus",
    "LineState",
    "Module",
    "OverBudgetPolicy",
    "Payment",
    "PaymentMethod",
    "PurchaseOrder",
    "PurchaseOrderApproval",
    "PurchaseOrderLine",
    "PurchaseOrderStatus",
    "SpendingEntry",
    "SpendingKind",
    "SpendingSource",
]

# Vendor routing of approved advance lines (issue 22).
from .routing import PreferredVendor  # noqa: E402

__all__ += ["PreferredVendor"]
