"""Objects of every finance model for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all named "Zebra Secret …" so a leak is caught."""

import datetime
from decimal import Decimal

from dragonfly.tenancy.roles import Role
from finance import services
from finance.models import FinanceSettings, PurchaseOrderApproval, SpendingEntry
from productions.models import Production


def make_secret_objects(tenant):
    gladiator, aviator, phantom = tenant.user(Role.GLADIATOR), tenant.user(Role.AVIATOR), tenant.user(Role.PHANTOM)
    ws = tenant.workspace
    production = Production.objects.create(workspace=ws, name="Zebra Secret Finance Show")
    company = services.create_company(
        actor=gladiator,
        workspace=ws,
        name="Zebra Secret Vendor",
        preferred_categories=["Technical"],
        notes="Zebra Secret notes",
    )
    contact = services.save_contact(company, actor=gladiator, name="Zebra Secret Contact")
    budget = services.create_budget(
        actor=gladiator,
        workspace=ws,
        production=production,
        name="Zebra Secret Budget",
        lines=[{"category": "Technical", "planned_amount": Decimal("1000"), "name": "Zebra Secret line"}],
    )
    line = budget.lines.get()
    expense = services.create_expense(
        actor=gladiator,
        workspace=ws,
        spent_by=gladiator,
        spent_on=datetime.date.today(),
        description="Zebra Secret taxi",
        amount_net=Decimal("12.50"),
        category="Travel",
        production=production,
    )
    po = services.create_purchase_order(
        actor=gladiator,
        workspace=ws,
        vendor=company,
        production=production,
        budget_line=line,
        notes="Zebra Secret order",
        lines=[{"description": "Zebra Secret speakers", "quantity": 2, "unit_price": Decimal("100")}],
    )
    services.submit_purchase_order(po, actor=gladiator)
    services.approve_purchase_order(po, actor=aviator)
    invoice = services.create_invoice(
        actor=gladiator,
        workspace=ws,
        company=company,
        number="ZEBRA-SECRET-1",
        purchase_order=po,
        notes="Zebra Secret invoice",
        lines=[{"description": "Zebra Secret speakers", "quantity": 2, "unit_price": Decimal("100")}],
    )
    services.send_invoice(invoice, actor=gladiator)
    payment = services.record_payment(invoice, actor=gladiator, amount_paid=Decimal("50"), reference="Zebra Secret")
    settings, _ = FinanceSettings.objects.get_or_create(organization=tenant.org)
    settings.po_prefix = "ZS-"
    settings.save()
    return {
        "company": company,
        "contact": contact,
        "budget": budget,
        "line": line,
        "expense": expense,
        "purchase_order": po,
        "po_line": po.lines.get(),
        "approval": PurchaseOrderApproval.objects.get(purchase_order=po),
        "invoice": invoice,
        "invoice_line": invoice.lines.get(),
        "payment": payment,
        "settings": settings,
        "entry": SpendingEntry.objects.filter(line=line).first(),
        "phantom": phantom and production,
    }
