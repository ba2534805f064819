"""Objects of every finance model for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all named "Zebra Secret …" so a leak is caught."""

import datetime
from decimal import Decimal

from dragonfly.tenancy.roles import Role
from finance import services
from finance.models import FinanceSettings, PurchaseOrderApproval, SpendingEntry
from finance.services import agreements as agreement_services
from finance.services import bids as bid_services
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
    rfq = bid_services.create_rfq(
        actor=gladiator,
        workspace=ws,
        title="Zebra Secret request",
        invited=[company],
        lines=[{"description": "Zebra Secret barriers", "quantity": 4}],
    )
    rfq = bid_services.open_rfq(rfq, actor=gladiator)
    bid = bid_services.submit_bid(
        rfq,
        actor=gladiator,
        company=company,
        valid_until=datetime.date.today() + datetime.timedelta(days=9),
        notes="Zebra Secret bid",
        lines=[{"rfq_line": rfq.lines.get().pk, "unit_price": Decimal("7")}],
    )
    agreement = agreement_services.create_agreement(
        actor=gladiator,
        workspace=ws,
        vendor=company,
        title="Zebra Secret agreement",
        valid_from=datetime.date.today(),
        valid_to=datetime.date.today() + datetime.timedelta(days=90),
        rates=[{"description": "Zebra Secret rate", "unit_price": Decimal("3")}],
    )
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
        "rfq": rfq,
        "rfq_line": rfq.lines.get(),
        "bid": bid,
        "bid_line": bid.lines.get(),
        "agreement": agreement,
        "agreement_rate": agreement.rates.get(),
        "phantom": phantom and production,
    }
