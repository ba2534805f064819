"""Procurement demo data on top of the finance and advancing seeds: in each demo workspace an open
request for quote with three bids, one awarded (drawn from an approved advance when there is one)
with its purchase order, and two vendor agreements, one of them near its end. The demo Merchant
represents Stage Sound Ltd: they see the requests it is invited to, its bids and agreements.
Safe to run twice (it adds nothing to a workspace that already has requests for quote)."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from advancing.models import Advance
from dragonfly.tenancy.access import local_today, role_in_workspace
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from finance import services
from finance.models import Company, Contact, RequestForQuote
from finance.services import agreements as agreement_services
from finance.services import bids as bid_services

RIG = [
    {"description": "Moving-head spot fixtures, 3 days", "quantity": 24, "unit": "Per Unit/Day"},
    {"description": "Lighting console with operator", "quantity": 3, "unit": "Per Day"},
]
OPEN_PRICES = {
    "Stage Sound Ltd": ("62.00", "780.00"),
    "Crewforce Staffing": ("58.50", "840.00"),
    "Green Room Catering": ("65.00", "720.00"),
}
CREW_RATES = [
    {"description": "Stagehand day", "unit": "Per Person/Day", "unit_price": "185.00"},
    {"description": "Rigger day", "unit": "Per Person/Day", "unit_price": "260.00"},
    {"description": "Crew chief day", "unit": "Per Person/Day", "unit_price": "310.00"},
]
CATERING_RATES = [
    {"description": "Crew meal", "unit": "Per Person", "unit_price": "18.50"},
    {"description": "Green room rider", "unit": "Per Day", "unit_price": "420.00"},
]

AUDIO_RATES = [{"description": "Line array PA system, per day", "unit": "Per Day", "unit_price": "2650.00"}]
# (vendor, title, reference, began this many days ago, ends in this many days, rates)
AGREEMENTS = [
    ("Crewforce Staffing", "Crew framework agreement", "CF-FA-01", 90, 275, CREW_RATES),
    ("Green Room Catering", "Catering rates", "GRC-2026", 340, 21, CATERING_RATES),
    ("Stage Sound Ltd", "Audio hire rates", "", 30, 335, AUDIO_RATES),
]


class Command(BaseCommand):
    help = "Requests for quote, bids and vendor agreements for the workspaces seed_finance_demo filled."

    def handle(self, *args, **options):
        made = 0
        for org in Organization.objects.filter(slug__in=["northstar", "bluewave"]):
            for workspace in org.workspaces.order_by("pk"):
                vendors = {c.name: c for c in Company.objects.filter(workspace=workspace, name__in=OPEN_PRICES)}
                ops = member_with_role(workspace, Role.GLADIATOR)
                buyer = member_with_role(workspace, Role.AVIATOR)
                if len(vendors) < 3 or ops is None or buyer is None:
                    continue
                if RequestForQuote.objects.filter(workspace=workspace).exists():
                    continue
                with transaction.atomic():
                    self._seed(workspace, vendors, ops, buyer)
                made += 1
        self.stdout.write(f"Procurement demo data in {made} workspace(s).")

    def _seed(self, workspace, vendors, ops, buyer):
        today = local_today(workspace)
        sound = vendors["Stage Sound Ltd"]
        merchant = member_with_role(workspace, Role.MERCHANT)
        unlinked = merchant is not None and not Contact.objects.filter(user=merchant).exists()
        if unlinked and role_in_workspace(merchant, workspace) == Role.MERCHANT:
            contact = services.save_contact(sound, actor=ops, name="Marco Vidal", role="Account manager")
            services.link_merchant(contact, actor=ops, user=merchant)
        production = workspace.productions.order_by("start_date", "id").first()

        # An open request with three bids, to compare.
        rfq = bid_services.create_rfq(
            actor=ops,
            workspace=workspace,
            title="Stage lighting rig for the opening night",
            description="Delivered, rigged and focused the day before the show.",
            production=production,
            respond_by=today + datetime.timedelta(days=5),
            invited=list(vendors.values()),
            lines=RIG,
        )
        rfq = bid_services.open_rfq(rfq, actor=ops)
        for offset, (name, prices) in enumerate(OPEN_PRICES.items()):
            self._bid(rfq, vendors[name], prices, ops, today + datetime.timedelta(days=20 + 5 * offset))

        # An awarded one: an approved advance's lines when there is one, with its purchase order.
        advance = (
            Advance.objects.filter(workspace=workspace, status__in=bid_services.ADVANCE_STATUSES).order_by("id").first()
        )
        invited = [sound, vendors["Crewforce Staffing"]]
        if advance is not None:
            awarded = bid_services.create_rfq_from_advance(
                advance, actor=ops, invited=invited, respond_by=today + datetime.timedelta(days=2)
            )
        else:
            awarded = bid_services.create_rfq(
                actor=ops, workspace=workspace, title="Backline for the support act", invited=invited, lines=RIG[:1]
            )
        awarded = bid_services.open_rfq(awarded, actor=ops)
        bids = []
        for factor in ("1.00", "0.92"):
            prices = [
                (Decimal(str(line.advance_item.unit_cost if line.advance_item else 50)) * Decimal(factor)).quantize(
                    Decimal("0.01")
                )
                for line in awarded.lines.select_related("advance_item")
            ]
            company = invited[len(bids)]
            bids.append(self._bid(awarded, company, prices, ops, today + datetime.timedelta(days=30)))
        bid_services.award_bid(bids[1], actor=buyer, note="Cheaper, same kit list")

        # Agreements: two running, one near its end (its renewal reminder is due).
        for vendor, title, reference, started, ends, rates in AGREEMENTS:
            agreement_services.create_agreement(
                actor=ops,
                workspace=workspace,
                vendor=vendors[vendor],
                title=title,
                reference=reference,
                valid_from=today - datetime.timedelta(days=started),
                valid_to=today + datetime.timedelta(days=ends),
                rates=rates,
            )

    def _bid(self, rfq, company, prices, actor, valid_until):
        lines = [{"rfq_line": line.pk, "unit_price": p} for line, p in zip(rfq.lines.all(), prices, strict=True)]
        return bid_services.submit_bid(rfq, actor=actor, company=company, valid_until=valid_until, lines=lines)
