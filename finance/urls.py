from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views
from .views import routing as routing_views

app_name = "finance"
W = "w/<slug:org_slug>/<slug:ws_slug>/"

urlpatterns = module_home_urls("finance", views.workspace_home) + [
    # a workspace's lists and new objects
    path(W + "budgets/", views.budget_list, name="budgets"),
    path(W + "budgets/new/", views.new_budget, name="new_budget"),
    path(W + "purchase-orders/", views.po_list, name="purchase_orders"),
    path(W + "purchase-orders/new/", views.new_po, name="new_purchase_order"),
    path(W + "invoices/", views.invoice_list, name="invoices"),
    path(W + "invoices/new/", views.new_invoice, name="new_invoice"),
    path(W + "expenses/", views.expense_list, name="expenses"),
    path(W + "expenses/new/", views.new_expense, name="new_expense"),
    path(W + "expenses/export.csv", views.export_expenses, name="export_expenses"),
    path(W + "quotes/", views.rfq_list, name="rfqs"),
    path(W + "quotes/new/", views.new_rfq, name="new_rfq"),
    path(W + "agreements/", views.agreement_list, name="agreements"),
    path(W + "agreements/new/", views.new_agreement, name="new_agreement"),
    path(W + "companies/", views.company_list, name="companies"),
    path(W + "companies/new/", views.new_company, name="new_company"),
    path("settings/", views.finance_settings, name="settings"),
    # one object each
    path("budget/<int:pk>/", views.budget_detail, name="budget"),
    path("budget/<int:pk>/edit/", views.edit_budget, name="edit_budget"),
    path("budget/<int:pk>/lines/", views.add_line, name="add_line"),
    path("budget/<int:pk>/lock/", views.lock_baseline, name="lock_baseline"),
    path("budget/<int:pk>/export.csv", views.export_budget, name="export_budget"),
    path("budget-line/<int:pk>/", views.edit_line, name="edit_line"),
    path("budget-line/<int:pk>/delete/", views.delete_line, name="delete_line"),
    path("production/<int:pk>/financials/", views.financials, name="financials"),
    path("advance/<int:pk>/budget/", views.advance_budget, name="advance_budget"),
    path("purchase-order/<int:pk>/", views.po_detail, name="purchase_order"),
    path("purchase-order/<int:pk>/edit/", views.edit_po, name="edit_purchase_order"),
    path("purchase-order/<int:pk>/receive/", views.receive, name="receive_purchase_order"),
    path("purchase-order/<int:pk>/pdf/", views.po_pdf, name="purchase_order_pdf"),
    path("purchase-order/<int:pk>/<slug:action>/", views.po_action, name="purchase_order_action"),
    path("invoice/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoice/<int:pk>/edit/", views.edit_invoice, name="edit_invoice"),
    path("invoice/<int:pk>/payment/", views.record_payment, name="record_payment"),
    path("invoice/<int:pk>/<slug:action>/", views.invoice_action, name="invoice_action"),
    path("expense/<int:pk>/", views.expense_detail, name="expense"),
    path("expense/<int:pk>/edit/", views.edit_expense, name="edit_expense"),
    path("expense/<int:pk>/<slug:action>/", views.expense_action, name="expense_action"),
    path("quote/<int:pk>/", views.rfq_detail, name="rfq"),
    path("quote/<int:pk>/edit/", views.edit_rfq, name="edit_rfq"),
    path("quote/<int:pk>/compare/", views.compare, name="compare_bids"),
    path("quote/<int:pk>/bid/", views.submit_bid, name="submit_bid"),
    path("quote/<int:pk>/<slug:action>/", views.rfq_action, name="rfq_action"),
    path("bid/<int:pk>/", views.bid_detail, name="bid"),
    path("bid/<int:pk>/file/<uuid:file_id>/", views.bid_file, name="bid_file"),
    path("bid/<int:pk>/<slug:action>/", views.bid_action, name="bid_action"),
    path("agreement/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreement/<int:pk>/edit/", views.edit_agreement, name="edit_agreement"),
    path("agreement/<int:pk>/document/", views.add_signed_document, name="add_agreement_document"),
    path("company/<int:pk>/", views.company_detail, name="company"),
    path("company/<int:pk>/edit/", views.edit_company, name="edit_company"),
    path("company/<int:pk>/contacts/", views.add_contact, name="add_contact"),
    path("company/<int:pk>/documents/", views.add_document, name="add_document"),
    path("contact/<int:pk>/<slug:action>/", views.contact_action, name="contact_action"),
    # vendor routing (issue 22)
    path(W + "preferred-vendors/", routing_views.preferred_vendor_list, name="preferred_vendors"),
    path(W + "preferred-vendors/new/", routing_views.new_preferred_vendor, name="new_preferred_vendor"),
    path("preferred-vendor/<int:pk>/edit/", routing_views.edit_preferred_vendor, name="edit_preferred_vendor"),
    path("preferred-vendor/<int:pk>/delete/", routing_views.delete_preferred_vendor, name="delete_preferred_vendor"),
    path("advance/<int:pk>/routing/", routing_views.advance_routing, name="advance_routing"),
    path("advance/<int:pk>/routing/reroute/", routing_views.reroute, name="advance_reroute"),
    path("advance/<int:pk>/routing/confirm/", routing_views.confirm, name="advance_routing_confirm"),
]
