"""Demo files: the default categories of every organization, a technical rider with three versions
on a production, a floor plan on a venue, and a share link opened once. Made through the files
services by each workspace's Gladiator; run by seed_demo after the productions and venues; safe to
run twice. The core imports no module: the production and the venue are found by content type."""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from dragonfly.files import services
from dragonfly.files.categories import create_default_categories
from dragonfly.files.models import Document, DocumentCategory
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces

# (organization slug, workspace slug) -> (production code, venue name)
DEMO = {
    ("northstar", "aurora-tour"): ("AUR-MSG", "Madison Square Garden"),
    ("bluewave", "summit-2027"): ("TSB-KEY", ""),
}
RIDER = "Technical rider"
RIDER_VERSIONS = [
    ("aurora-rider-v1.pdf", "First issue for the East leg."),
    ("aurora-rider-v2.pdf", "Added the B-stage and two more follow spots."),
    ("aurora-rider-v3.pdf", "Power: 3 × 400 A three-phase at upstage left."),
]
FLOOR_PLAN = "Floor plan"


def pdf(name, lines):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(name)
    for row, line in enumerate(lines):
        page.drawString(72, 760 - row * 20, line)
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def linked(app_label, model, **lookup):
    model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    return model_class.objects.filter(**lookup).order_by("pk").first()


class Command(BaseCommand):
    help = "Seed demo files: categories, a rider with versions, a floor plan, a share link (idempotent)."

    def handle(self, *args, **options):
        for org_id in Organization.objects.values_list("pk", flat=True):
            create_default_categories(DocumentCategory, org_id)
        for workspace in seeded_workspaces(DEMO):
            actor = member_with_role(workspace, Role.GLADIATOR)
            if actor is None:
                continue
            code, venue_name = DEMO[(workspace.organization.slug, workspace.slug)]
            production = linked("productions", "production", workspace=workspace, code=code)
            if production is not None:
                self._rider(workspace, production, actor)
            venue = linked("locations", "location", workspace=workspace, name=venue_name) if venue_name else None
            if venue is not None:
                self._floor_plan(workspace, venue, actor)

    def _category(self, workspace, name):
        return DocumentCategory.objects.get(organization_id=workspace.organization_id, name=name)

    def _rider(self, workspace, production, actor):
        if Document.objects.filter(workspace=workspace, title=RIDER).exists():
            return
        lines = [f"{production.name} — {RIDER}"]
        (name, note), *later = RIDER_VERSIONS
        document = services.create_document(
            workspace,
            actor=actor,
            upload=pdf(name, [*lines, note]),
            title=RIDER,
            category=self._category(workspace, "Riders"),
            note=note,
            attach_to=production,
        )
        for name, note in later:
            lines.append(note)
            services.add_version(document, actor=actor, upload=pdf(name, [*lines, note]), note=note)
        _link, token = services.share_document(document, actor=actor, days=14)
        # The promoter opened it once (an address of the documentation range).
        services.open_share(token, ip="203.0.113.24", user_agent="Mozilla/5.0 (Macintosh) Safari/605.1.15")
        self.stdout.write(f"Rider with {len(RIDER_VERSIONS)} versions and a share link in {workspace}.")

    def _floor_plan(self, workspace, venue, actor):
        if Document.objects.filter(workspace=workspace, title=FLOOR_PLAN).exists():
            return
        services.create_document(
            workspace,
            actor=actor,
            upload=pdf("msg-floor-plan.pdf", [f"{venue.name} — arena floor", "Stage: 18 × 12 m, FOH at 30 m"]),
            title=FLOOR_PLAN,
            category=self._category(workspace, "Plans"),
            bucket="technical-drawings",
            attach_to=venue,
        )
        self.stdout.write(f"Floor plan of {venue.name}.")
