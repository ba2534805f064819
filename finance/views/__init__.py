from .advances import advance_budget
from .budgets import (
    add_line,
    budget_detail,
    budget_list,
    delete_line,
    edit_budget,
    edit_line,
    financials,
    lock_baseline,
    new_budget,
    workspace_home,
)
from .companies import (
    add_contact,
    add_document,
    company_detail,
    company_list,
    contact_action,
    edit_company,
    new_company,
)
from .expenses import edit_expense, expense_action, expense_detail, expense_list, new_expense
from .exports import export_budget, export_expenses
from .invoices import edit_invoice, invoice_action, invoice_detail, invoice_list, new_invoice, record_payment
from .procurement import edit_po, new_po, po_action, po_detail, po_list, po_pdf, receive
from .settings import finance_settings

__all__ = [
    "add_contact",
    "add_document",
    "add_line",
    "advance_budget",
    "budget_detail",
    "budget_list",
    "company_detail",
    "company_list",
    "contact_action",
    "delete_line",
    "edit_budget",
    "edit_company",
    "edit_expense",
    "edit_invoice",
    "edit_line",
    "edit_po",
    "expense_action",
    "expense_detail",
    "expense_list",
    "export_budget",
    "export_expenses",
    "finance_settings",
    "financials",
    "invoice_action",
    "invoice_detail",
    "invoice_list",
    "lock_baseline",
    "new_budget",
    "new_company",
    "new_expense",
    "new_invoice",
    "new_po",
    "po_action",
    "po_detail",
    "po_list",
    "po_pdf",
    "receive",
    "record_payment",
    "workspace_home",
]
