"""Demo learning for the demo workspaces: materials (links, videos, a handbook PDF through dragonfly.files),
courses of lessons (one counting as the first-aid training of the people module) and demo logins
part-way through or done. Made through the resources services, each login acting for themself. Run by
seed_demo (after the training courses); safe to run twice."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from people.models import TrainingCourse
from resources import services
from resources.models import Course, Enrolment, Material

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


class Command(BaseCommand):
    help = "Seed demo learning materials, courses and enrolments (idempotent)."

    def handle(self, *args, **options):
        made = 0
        workspaces = Workspace.objects.filter(organization__slug__in=DEMO_ORGANIZATIONS).select_related("organization")
        for workspace in workspaces.order_by("pk"):
            author = member_with_role(workspace, Role.GLADIATOR)
            if author is None or Material.objects.filter(workspace=workspace).exists():
                continue
            with transaction.atomic():
                made += self.seed(workspace, author)
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
