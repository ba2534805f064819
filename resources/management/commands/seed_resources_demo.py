"""Demo learning for the demo workspaces: materials (links, videos, a handbook PDF through dragonfly.files),
courses of lessons (one counting as the first-aid training of the people module) and demo logins
part-way through or done; grants with deadlines from the organization's today and applications for them
(a draft with its budget document, one awarded). Made through the resources services, each login acting
for themself. Run by seed_demo (after the training courses); safe to run twice."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from people.models import TrainingCourse
from resources import services
from resources.models import Course, Enrolment, Grant, Material

DEMO_ORGANIZATIONS = ("northstar", "bluewave")
HANDBOOK = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# title, kind, category, url, tags, description
MATERIALS = [
    (
        "Rigging safety handbook",
        "document",
        "safety",
        "",
        "rigging, safety",
        "House rules for points, hoists and chains.",
    ),
    ("Knots every stagehand knows", "video", "technical", "https://example.com/videos/knots", "rigging", ""),
    ("RF coordination primer", "link", "technical", "https://example.com/rf-primer", "audio, rf", "Frequencies, IEMs."),
    ("Show day etiquette", "link", "onboarding", "https://example.com/show-day", "onboarding", "Calls, radios, quiet."),
]
# title, category, public, training course name (people's), lessons (title, body, material title)
COURSES = [
    (
        "First aid refresher (online)",
        "safety",
        False,
        "First aid at work",
        [
            ("Before you help", "Check the scene is safe; call for help early.", ""),
            ("Bleeding and burns", "Pressure, elevation, cool water for twenty minutes.", ""),
            ("Reporting an incident", "Write it down in the incident log the same day.", "Show day etiquette"),
        ],
    ),
    (
        "Rigging basics",
        "technical",
        False,
        "",
        [
            ("The handbook", "Read the house rules first.", "Rigging safety handbook"),
            ("Knots", "Bowline, clove hitch, round turn and two half hitches.", "Knots every stagehand knows"),
        ],
    ),
]


# title, funder, amount, currency, days to the deadline, category, tags, eligibility
GRANTS = [
    (
        "Touring support fund",
        "Arts Council",
        "25000",
        "EUR",
        14,
        "production",
        "touring, arts",
        "Companies touring at least three venues in the season.",
    ),
    (
        "Green stages programme",
        "Creative Climate Trust",
        "10000",
        "EUR",
        40,
        "technical",
        "sustainability, power",
        "Venues and crews cutting diesel on site.",
    ),
    (
        "Crew training bursary",
        "Stagecraft Foundation",
        "3000",
        "EUR",
        7,
        "safety",
        "training",
        "Freelance crew taking a certified safety course.",
    ),
]
BUDGET = b"item,amount\nTransport,12000\nCrew,8000\n"


class Command(BaseCommand):
    help = "Seed demo learning materials, courses and enrolments (idempotent)."

    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).select_related("organization")
        for workspace in workspaces.order_by("pk"):
            author = member_with_role(workspace, Role.GLADIATOR)
            if author is None:
                continue
            if not Material.objects.filter(workspace=workspace).exists():
                with transaction.atomic():
                    made += self.seed(workspace, author)
            if not Grant.objects.filter(workspace=workspace).exists():
                with transaction.atomic():
                    made += self.grants(workspace, author)
        self.stdout.write(self.style.SUCCESS(f"{made} demo learning row(s)."))

    def seed(self, workspace, author):
        materials = {}
        for title, kind, category, url, tags, description in MATERIALS:
            upload = (
                SimpleUploadedFile("rigging-handbook.pdf", HANDBOOK, "application/pdf") if kind == "document" else None
            )
            materials[title] = services.create_material(
                workspace,
                actor=author,
                title=title,
                kind=kind,
                category=category,
                url=url,
                tags=tags,
                description=description,
                upload=upload,
            )
        made = len(materials)
        for title, category, public, training_name, lessons in COURSES:
            training = TrainingCourse.objects.filter(workspace=workspace, name=training_name).first()
            course = services.create_course(
                workspace,
                actor=author,
                title=title,
                category=category,
                is_public=public,
                training_course=training if training_name else None,
            )
            for lesson_title, body, material in lessons:
                services.add_lesson(
                    course, actor=author, title=lesson_title, body=body, material=materials.get(material)
                )
            made += 1 + len(lessons)
        made += self.learners(workspace)
        return made

    def learners(self, workspace):
        """The Raider part-way through the first course; the Deviator done with the second."""
        made = 0
        first, second = Course.objects.filter(workspace=workspace).order_by("pk")[:2]
        for role, course, lessons_done in ((Role.RAIDER, first, 1), (Role.DEVIATOR, second, None)):
            learner = member_with_role(workspace, role)
            if learner is None or Enrolment.objects.filter(course=course, user=learner).exists():
                continue
            enrolment = services.enrol(course, actor=learner)
            lessons = list(course.lessons.order_by("position"))
            for lesson in lessons[:lessons_done] if lessons_done is not None else lessons:
                enrolment = services.complete_lesson(enrolment, actor=learner, lesson=lesson)
            made += 1
        return made

    def grants(self, workspace, author):
        """The grants, from the organization's today; the Navigator (else the author) drafts an application
        for the first with its budget attached, and wins the third (submitted, then awarded by the author)."""
        today = local_today(workspace)
        made = []
        for title, funder, amount, currency, days, category, tags, eligibility in GRANTS:
            made.append(
                services.create_grant(
                    workspace,
                    actor=author,
                    title=title,
                    funder=funder,
                    amount=Decimal(amount),
                    currency=currency,
                    deadline=today + datetime.timedelta(days=days),
                    category=category,
                    tags=tags,
                    eligibility=eligibility,
                    url="https://example.com/grants",
                )
            )
        applicant = member_with_role(workspace, Role.NAVIGATOR) or author
        draft = services.apply_for_grant(
            made[0], actor=applicant, requested_amount=Decimal("20000"), notes="Spring tour: eight venues."
        )
        budget = SimpleUploadedFile("tour-budget.csv", BUDGET, "text/csv")
        services.attach_application_document(draft, actor=applicant, upload=budget)
        won = services.apply_for_grant(made[2], actor=applicant, requested_amount=Decimal("1500"))
        services.move_application(won, actor=applicant, to_status="submitted")
        services.move_application(won, actor=author, to_status="awarded", note="Paid in two parts.")
        return len(made) + 2
