"""Jobs for the demo workspaces: a public job posting (a crew member of the other demo organization
applied through the board) and a posting kept inside the workspace; a freelancer's contract signed
(its signed copy stored by the organization's admin) and running, with two approved days drafted on
the freelancer's invoice at its rate; a company's contract in draft.
A public request for proposals of the first demo organization (a stage roof) carries a bid of the
second's production manager. Built through the jobs services acting as the demo logins, dated from
the organization's today.
A workspace that has postings (or a public request) already is left alone."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from finance.models import Company
from finance.services import bids as bid_services
from jobs import services
from jobs.models import JobPosting, PublicRfp
from people.models import Person
from people.services import approve_time_entry, log_hours
from productions.models import Production

DEMO_ORGANIZATIONS = ("northstar", "bluewave")
SIGNED = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Command(BaseCommand):
    help = "Load demo job postings (with an application through the board) and contracts."

    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).select_related("organization")
        for workspace in workspaces.order_by("pk"):
            manager = member_with_role(workspace, Role.GLADIATOR)
            admin = member_with_role(workspace, Role.PHANTOM)
            if manager is None or admin is None or JobPosting.objects.filter(workspace=workspace).exists():
                continue
            with transaction.atomic():
                made += self.postings(workspace, manager)
                made += self.contracts(workspace, manager, admin)
        made += self.public_rfp()
        self.stdout.write(
            self.style.SUCCESS(f"{made} demo job posting(s), application(s), contract(s) and public bid(s).")
        )

    def public_rfp(self):
        """A public request for proposals of the first demo organization, bid on by the second's manager."""
        requester, bidder = (
            Workspace.objects.filter(organization__slug=slug).select_related("organization").order_by("pk").first()
            for slug in DEMO_ORGANIZATIONS
        )
        if requester is None or bidder is None or PublicRfp.objects.filter(workspace=requester).exists():
            return 0
        manager, bidding = member_with_role(requester, Role.GLADIATOR), member_with_role(bidder, Role.GLADIATOR)
        if manager is None or bidding is None:
            return 0
        today = local_today(requester)
        with transaction.atomic():
            rfq = bid_services.create_rfq(
                actor=manager,
                workspace=requester,
                production=Production.objects.filter(workspace=requester).order_by("start_date", "pk").first(),
                title="Stage roof and rigging for the open-air dates",
                description="Budget ceiling 40,000; we would rather keep the rigging in-house.",
                respond_by=today + datetime.timedelta(days=14),
                lines=[
                    {"description": "Stage roof 18 × 14 m, with wind monitoring", "quantity": "1", "unit": "system"},
                    {"description": "Riggers for load-in and load-out", "quantity": "6", "unit": "person"},
                ],
            )
            listing = services.publish_rfp(
                actor=manager,
                rfq=rfq,
                scope="A stage roof for three open-air shows, delivered, built and struck by your crew.",
            )
            lines = list(rfq.lines.all())
            services.submit_public_bid(
                listing,
                actor=bidding,
                workspace=bidder,
                valid_until=today + datetime.timedelta(days=45),
                notes="Roof with ballast plan; two certified riggers lead the crew.",
                lines=[
                    {"rfq_line": lines[0].pk, "unit_price": Decimal("18500.00")},
                    {"rfq_line": lines[1].pk, "unit_price": Decimal("420.00")},
                ],
            )
        return 2

    def postings(self, workspace, manager):
        today = local_today(workspace)
        production = Production.objects.filter(workspace=workspace).order_by("start_date", "pk").first()
        public = services.create_posting(
            workspace,
            actor=manager,
            title="Follow-spot operator",
            production=production,
            description="Two follow spots from the truss; cue sheet and comms provided.",
            place=getattr(production, "name", "") or workspace.name,
            starts_on=today + datetime.timedelta(days=21),
            ends_on=today + datetime.timedelta(days=24),
            rate=Decimal("320.00"),
            rate_unit="day",
            certifications=["working_at_height"],
            public=True,
        )
        services.create_posting(
            workspace,
            actor=manager,
            title="Backline technician (crew only)",
            production=production,
            starts_on=today + datetime.timedelta(days=30),
            rate=Decimal("38.00"),
            rate_unit="hour",
            public=False,
        )
        made = 2
        other = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).exclude(
            organization=workspace.organization
        )
        applicant = next((u for w in other.order_by("pk") if (u := member_with_role(w, Role.RAIDER))), None)
        if applicant is not None:
            services.apply_to_posting(public, actor=applicant, note="Followed spots on two arena tours.")
            made += 1
        return made

    def contracts(self, workspace, manager, admin):
        today = local_today(workspace)
        made = 0
        person = Person.objects.filter(workspace=workspace).order_by("last_name", "pk").first()
        if person is not None:
            contract = services.create_contract(
                workspace,
                actor=manager,
                title=f"Freelance agreement: {person}",
                person=person,
                scope="Crew work on the season's shows, as called.",
                starts_on=today - datetime.timedelta(days=14),
                ends_on=today + datetime.timedelta(days=90),
                rate=Decimal("300.00"),
                rate_unit="day",
            )
            services.move_contract(contract, actor=manager, to_status="sent")
            upload = SimpleUploadedFile("signed-agreement.pdf", SIGNED, content_type="application/pdf")
            services.attach_signed_document(contract, actor=admin, upload=upload)
            services.move_contract(contract, actor=admin, to_status="signed")
            services.move_contract(contract, actor=manager, to_status="active")
            made += 1 + self.invoiced_time(contract, manager)
        company = Company.objects.filter(workspace=workspace).order_by("name", "pk").first()
        if company is not None:
            services.create_contract(
                workspace,
                actor=manager,
                title=f"Services agreement: {company}",
                company=company,
                scope="Staging and rigging for the next production.",
                starts_on=today + datetime.timedelta(days=7),
                rate=Decimal("12500.00"),
                rate_unit="flat",
            )
            made += 1
        return made

    def invoiced_time(self, contract, manager):
        """Two approved days of the freelancer's, drafted on their invoice at the contract's rate."""
        today = local_today(contract.workspace)
        try:
            with transaction.atomic():  # all of it or none
                for days_ago in (3, 2):
                    day = today - datetime.timedelta(days=days_ago)
                    entry = log_hours(contract.person, actor=manager, work_date=day, hours=8)
                    approve_time_entry(entry, actor=manager)
                foreign = contract.currency != contract.workspace.organization.currency
                services.invoice_contract_time(
                    contract, actor=manager, exchange_rate=Decimal("1.08") if foreign else None
                )
        except (DomainError, PermissionDenied):  # e.g. the freelancer is the manager (their own hours)
            return 0
        return 1
