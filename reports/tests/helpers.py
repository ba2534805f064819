"""Builders for the reports tests: rows of the modules a report reads, made the shortest honest way."""

import datetime
from decimal import Decimal

from django.utils import timezone

from finance.models import Company, PurchaseOrder
from reports.models import SavedReport


def ws_url(tenant, suffix=""):
    return f"/reports/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def make_vendor(workspace, name="Stage Sound Ltd"):
    return Company.objects.create(workspace=workspace, name=name, kind="vendor")


def make_po(workspace, vendor, total, status="approved", number=None, currency="USD", **kwargs):
    return PurchaseOrder.objects.create(
        organization=workspace.organization,
        workspace=workspace,
        number=number or f"PO-{PurchaseOrder.objects.count() + 1}",
        vendor=vendor,
        status=status,
        currency=currency,
        subtotal=Decimal(total),
        total=Decimal(total),
        **kwargs,
    )


def vendor_spend(tenant):
    """Two vendors with approved orders, one cancelled order (left out), one in another workspace."""
    sound = make_vendor(tenant.workspace, "Stage Sound Ltd")
    lights = make_vendor(tenant.workspace, '=HYPERLINK("http://evil")')
    make_po(tenant.workspace, sound, "1200.00")
    make_po(tenant.workspace, sound, "800.00", status="sent")
    make_po(tenant.workspace, lights, "300.00")
    make_po(tenant.workspace, lights, "999.00", status="cancelled")
    make_po(tenant.other_workspace, make_vendor(tenant.other_workspace, "Elsewhere"), "5000.00")
    return sound, lights


def saved_po_report(tenant, owner, *, shared=False, name="Spend by vendor"):
    return SavedReport.objects.create(
        workspace=tenant.workspace,
        owner=owner,
        name=name,
        source="purchase_orders",
        shared=shared,
        spec={
            "group_by": ["vendor__name"],
            "aggregates": [{"fn": "sum", "field": "total"}],
            "columns": [],
            "filters": [],
        },
    )


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)
