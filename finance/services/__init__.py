"""Finance workflows. Every change goes through one of these functions: object first, the actor
keyword-only, one transaction, rows that can race locked, the activity entry in that same
transaction, notifications after the commit. Read the submodules for the rules of each subject."""

from .advances import (
    budget_impact,
    commit_approved_advance,
    release_advance,
    set_line_procurement,
    sync_advance_fulfilment,
)
from .budgets import create_budget, delete_line, lock_baseline, save_line, update_budget, update_line
from .companies import (
    add_document,
    create_company,
    delete_contact,
    link_merchant,
    save_contact,
    update_company,
    update_contact,
)
from .expenses import approve_expense, create_expense, reimburse_expense, reject_expense, update_expense
from .freelancers import invoice_approved_time, uninvoiced_time
from .invoices import (
    agreed_terms,
    create_invoice,
    mark_overdue_invoices,
    record_payment,
    record_refund,
    send_invoice,
    update_invoice,
    void_invoice,
)
from .procurement import (
    approve_purchase_order,
    cancel_purchase_order,
    close_purchase_order,
    create_purchase_order,
    receive_purchase_order,
    return_purchase_order,
    send_purchase_order,
    submit_purchase_order,
    update_purchase_order,
)
from .settings import update_finance_settings
from .spending import budget_for, get_budget_variance, get_production_financials

__all__ = [
    "add_document",
    "approve_expense",
    "approve_purchase_order",
    "budget_for",
    "budget_impact",
    "cancel_purchase_order",
    "close_purchase_order",
    "commit_approved_advance",
    "create_budget",
    "create_company",
    "create_expense",
    "agreed_terms",
    "create_invoice",
    "invoice_approved_time",
    "uninvoiced_time",
    "create_purchase_order",
    "delete_contact",
    "delete_line",
    "get_budget_variance",
    "get_production_financials",
    "link_merchant",
    "lock_baseline",
    "mark_overdue_invoices",
    "receive_purchase_order",
    "record_payment",
    "record_refund",
    "reimburse_expense",
    "reject_expense",
    "release_advance",
    "return_purchase_order",
    "save_contact",
    "save_line",
    "send_invoice",
    "send_purchase_order",
    "set_line_procurement",
    "submit_purchase_order",
    "sync_advance_fulfilment",
    "update_budget",
    "update_company",
    "update_contact",
    "update_expense",
    "update_finance_settings",
    "update_purchase_order",
    "update_invoice",
    "update_line",
    "void_invoice",
]
