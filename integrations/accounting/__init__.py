"""Accounting: the per-organization account mapping and the Xero / QuickBooks CSV exports of
approved expenses, issued invoices (sales and bills) and approved purchase orders."""
