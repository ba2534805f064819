"""Finance demo data on top of `seed_demo`: budgets for the demo productions, vendors that supply
advancing categories, a purchase order waiting for a second approver, an expense and an invoice.
Safe to run twice (it adds nothing to a workspace that already has budgets)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.models import Organization
from finance import services
from finance.models import Budget

PLAN = {
    "Technical": "120000",
    "Staffing": "60000",
    "Hospitality": "15000",
    "Travel": "25000",
    "Accommodation": "30000",
    "Venue": "80000",
    "Contingency": "20000",
}
VENDORS = [
    ("Stage Sound Ltd", ["Technical", "Equipment"], 5),
    ("Crewforce Staffing", ["Staffing", "Security"], 4),
    ("Green Room Catering", ["Hospitality"], 4),
]


class Command(BaseCommand):
    help = "Finance demo data for the organizations seed_demo made."

    def handle(self, *args, **options):
        User = get_user_model()
        made = 0
        for org in Organization.objects.filter(slug__in=["northstar", "bluewave"]):
            users = {
                r: User.objects.filter(username=f"{org.slug}-{r}").first() for r in ("gladiator", "aviator", "phantom")
            }
            if not all(users.values()):
                continue
            for workspace in org.workspaces.all():
                if Budget.objects.filter(workspace=workspace).exists():
                    continue
                with transaction.atomic():
                    self._seed(workspace, users)
                made += 1
        self.stdout.write(f"Finance demo data in {made} workspace(s).")

    def _seed(self, workspace, users):
        ops, accountant, admin = users["gladiator"], users["aviator"], users["phantom"]
        vendors = [
            services.create_company(
                actor=ops,
                workspace=workspace,
                name=name,
                preferred_categories=cats,
                rating=rating,
                payment_terms_days=30,
            )
            for name, cats, rating in VENDORS
        ]
        services.create_company(actor=ops, workspace=workspace, name="Promoter Group", kind="client")
        for i, production in enumerate(workspace.productions.order_by("start_date", "id")):
            plan = {c: Decimal(v) / (i + 1) for c, v in PLAN.items()}
            budget = services.create_budget(
                actor=ops,
                workspace=workspace,
                production=production,
                owner=accountant,
                lines=[{"category": c, "planned_amount": v.quantize(Decimal("0.01"))} for c, v in plan.items()],
            )
            if i:
                continue
            services.lock_baseline(budget, actor=accountant, note="Signed off with the promoter")
            line = budget.lines.get(category="Technical")
            po = services.create_purchase_order(
                actor=ops,
                workspace=workspace,
                vendor=vendors[0],
                production=production,
                budget_line=line,
                lines=[
                    {"description": "Line array PA system, 3 days", "quantity": 3, "unit_price": "2800"},
                    {"description": "Monitor console", "quantity": 1, "unit_price": "950"},
                ],
            )
            services.submit_purchase_order(po, actor=ops)
            services.approve_purchase_order(po, actor=admin, note="Quote compared with two others")
            services.create_expense(
                actor=ops,
                workspace=workspace,
                spent_by=ops,
                production=production,
                spent_on=datetime.date.today(),
                description="Gaffer tape and batteries",
                amount_net="86.40",
                tax="17.28",
                category="Technical",
            )
            invoice = services.create_invoice(
                actor=ops,
                workspace=workspace,
                company=vendors[2],
                number=f"GRC-{production.pk:04d}",
                production=production,
                budget_line=budget.lines.get(category="Hospitality"),
                lines=[{"description": "Crew catering, load-in day", "quantity": 40, "unit_price": "18.50"}],
            )
            services.send_invoice(invoice, actor=ops)
            services.record_payment(invoice, actor=ops, amount_paid="300.00", reference="Deposit")
