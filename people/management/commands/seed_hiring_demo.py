"""Hiring and training for the demo workspaces: two open positions with applicants in several stages
(one hired onto the crew, with the certificate recorded on the application), and two courses with
sessions and results (a first-aid pass expiring within the month). Built through the hiring and
training services (the Gladiator opens, offers and hires; the Navigator screens and interviews),
dated from the organization's today. A workspace that has them already is left alone."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from people import services
from people.models import Opening, Person, TrainingCourse
from productions.models import Production

DEMO_ORGANIZATIONS = ("northstar", "bluewave")
CV = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (first name, last name, stage reached, certificate recorded, interview note)
A2_APPLICANTS = [
    ("Jordan", "Park", "applied", None, ""),
    ("Sasha", "Novak", "screened", ("electrical", 700), ""),
    ("Lee", "Adeyemi", "interviewed", None, "Ran a 48-channel monitor mix on the last tour; calm under pressure."),
    ("Mia", "Torres", "offered", ("first_aid", 200), "Strong RF coordination. Offer at the standard day rate."),
    ("Omar", "Haddad", "declined", None, "Not available for the East leg."),
]
FORKLIFT_APPLICANTS = [
    ("Kai", "Brenner", "applied", ("forklift", 500), ""),
    ("Rosa", "Lind", "hired", ("forklift", 900), "Five seasons of festival load-ins; start on the next build."),
]
PIPELINE = ["screened", "interviewed", "offered", "hired"]


class Command(BaseCommand):
    help = "Load demo open positions with applicants, and training courses with sessions and results."

    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).select_related("organization")
        for workspace in workspaces.order_by("pk"):
            manager = member_with_role(workspace, Role.GLADIATOR)
            lead = member_with_role(workspace, Role.NAVIGATOR) or manager
            if manager is None:
                continue
            today = local_today(workspace)
            with transaction.atomic():
                if not Opening.objects.filter(workspace=workspace).exists():
                    made += self.hiring(workspace, manager, lead, today)
                if not TrainingCourse.objects.filter(workspace=workspace).exists():
                    made += self.training(workspace, manager, lead, today)
        self.stdout.write(self.style.SUCCESS(f"{made} demo hiring and training row(s)."))

    def hiring(self, workspace, manager, lead, today):
        production = Production.objects.filter(workspace=workspace).order_by("start_date", "pk").first()
        a2 = services.create_opening(
            workspace,
            actor=manager,
            title="Audio technician (A2)",
            production=production,
            department="Audio",
            description="Monitor world and RF for the tour; two legs, load-in to load-out.",
        )
        forklift = services.create_opening(
            workspace,
            actor=manager,
            title="Forklift driver",
            department="Stage",
            description="Season crew for festival builds; a valid forklift ticket is required.",
        )
        made = 2
        for opening, applicants in ((a2, A2_APPLICANTS), (forklift, FORKLIFT_APPLICANTS)):
            for first, last, stage, cert, note in applicants:
                self.applicant(opening, manager, lead, today, first, last, stage, cert, note)
                made += 1
        return made

    def applicant(self, opening, manager, lead, today, first, last, stage, cert, note):
        email = f"{first}.{last}@applicants.example".lower()
        cv = SimpleUploadedFile(f"{first}-{last}-CV.pdf", CV, content_type="application/pdf")
        application = services.add_applicant(
            opening, actor=lead, first_name=first, last_name=last, email=email, phone="+1 555 0188", cv=cv
        )
        if cert:
            kind, days = cert
            services.add_applicant_certificate(
                application, actor=lead, kind=kind, expires_on=today + datetime.timedelta(days=days)
            )
        if note:
            services.add_interview_note(application, actor=lead, body=note, rating=4)
        if stage == "declined":
            services.move_application(application, actor=lead, to_status="declined", note=note)
            return
        for step in PIPELINE[: PIPELINE.index(stage) + 1] if stage in PIPELINE else []:
            actor = manager if step in ("offered", "hired") else lead
            services.move_application(application, actor=actor, to_status=step)

    def training(self, workspace, manager, lead, today):
        forklift = services.create_course(
            workspace,
            actor=manager,
            name="Forklift operator (RTITB)",
            description="Counterbalance truck, theory and practical test.",
            certification_kind="forklift",
            validity_months=36,
        )
        first_aid = services.create_course(
            workspace,
            actor=manager,
            name="First aid at work",
            description="One-day refresher: CPR, bleeding, burns, incident reports.",
            certification_kind="first_aid",
            validity_months=12,
        )
        crew = list(Person.objects.filter(workspace=workspace, active=True).order_by("pk")[:6])
        if not crew:
            return 2
        past = services.schedule_session(
            forklift, actor=manager, date=today - datetime.timedelta(days=30), trainer="Kim Vo", capacity=6
        )
        coming = services.schedule_session(
            forklift, actor=manager, date=today + datetime.timedelta(days=14), trainer="Kim Vo", capacity=6
        )
        # Eleven months and ten days ago: its certificates expire within the month.
        refresher = services.schedule_session(
            first_aid,
            actor=manager,
            date=today - datetime.timedelta(days=345),
            trainer="Red Cross instructor",
            capacity=8,
            location="Rehearsal hall",
        )
        for n, person in enumerate(crew[:3]):
            record = services.enroll(past, actor=lead, person=person)
            services.record_result(record, actor=lead, result="failed" if n == 2 else "passed")
        for person in crew[3:5]:
            services.enroll(coming, actor=lead, person=person)
        riley = Person.objects.filter(workspace=workspace, user__username__endswith="-raider").first()
        for person in dict.fromkeys([*crew[:2], *([riley] if riley else [])]):
            record = services.enroll(refresher, actor=lead, person=person)
            services.record_result(record, actor=lead, result="passed")
        return 5
