"""Demo advances in every status, each walked there through the advancing services like a real
crew's (the Raider asks, the Gladiator reviews, approves, rejects and records what arrived), so
every one has its history. Run by seed_demo after the budgets (an approved advance commits to
them); a workspace that has advances is left alone."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from advancing import services, templating
from advancing.models import Advance, AdvanceStatus, AdvanceTemplate, CatalogItem, ProductionType
from advancing.suggestions import refresh_pairings
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from events.models import Event

S = AdvanceStatus
DEMO_WORKSPACES = [
    ("northstar", "aurora-tour"),
    ("northstar", "harbor-fest"),
    ("bluewave", "summit-2027"),
    ("bluewave", "open-air"),
]
PARTLY_APPROVED = "approved, fewer than asked"  # an approved advance with a line cut down
# How each status is reached from a draft, step by step
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.CANCELLED: ["submit", "cancel"],
    S.UNDER_REVIEW: ["submit", "review"],
    S.REJECTED: ["submit", "review", "reject"],
    S.APPROVED: ["submit", "review", "approve"],
    PARTLY_APPROVED: ["submit", "review", "approve fewer"],
    S.IN_PROGRESS: ["submit", "review", "approve", "fulfil one"],
    S.FULFILLED: ["submit", "review", "approve", "fulfil all"],
}
# (team, activation, [(catalog item, quantity, unit cost)], where it ends up)
ADVANCES = [
    ("Hospitality", "Crew catering, load-in day", [("HOSP-1000", "20", "35"), ("ACCOM-1000", "8", "180")], S.DRAFT),
    ("Audio", "Main stage PA and crew", [("TECH-1000", "1", "4500"), ("STAFF-1000", "12", "320")], S.SUBMITTED),
    ("Backline", "Backline for the support act", [("TECH-1000", "1", "1200")], S.UNDER_REVIEW),
    ("Site", "Stage power and barriers", [("INFRA-1000", "2", "650"), ("SAFE-1000", "40", "12")], S.APPROVED),
    ("Travel", "Crew hotel rooms, show nights", [("ACCOM-1000", "10", "160")], PARTLY_APPROVED),
    ("Site", "Forklift for the load-in", [("SAFE-1000", "30", "12"), ("INFRA-1000", "1", "650")], S.IN_PROGRESS),
    ("Production", "Radios and hi-vis for the crew", [("SAFE-1000", "25", "12")], S.FULFILLED),
    ("Hospitality", "VIP lounge furniture", [("HOSP-1000", "60", "45")], S.REJECTED),
    ("Lighting", "Two extra follow spots", [("TECH-1000", "2", "800")], S.CANCELLED),
]
# activation -> which of the production's next show days it is for (the day sheets list its lines there);
# the others are for the whole production.
SHOW_DAYS = {
    "Crew catering, load-in day": 0,
    "Main stage PA and crew": 0,
    "Stage power and barriers": 0,
    "Forklift for the load-in": 1,
    "Radios and hi-vis for the crew": 1,
}


class Command(BaseCommand):
    help = "Load demo advances in every status, with their history, into the demo workspaces."

    def handle(self, *args, **options):
        catalog = {c.item_id: c for c in CatalogItem.objects.filter(item_id__in=self.codes())}
        made = 0
        for workspace in seeded_workspaces(DEMO_WORKSPACES):
            crew, office = member_with_role(workspace, Role.RAIDER), member_with_role(workspace, Role.GLADIATOR)
            if crew is None or office is None or Advance.objects.filter(workspace=workspace).exists():
                continue
            production = workspace.productions.order_by("start_date", "pk").first()
            days = upcoming_events(crew, production)
            with transaction.atomic():
                for team, activation, lines, status in ADVANCES:
                    day = SHOW_DAYS.get(activation)
                    advance = services.create_advance(
                        actor=crew,
                        workspace=workspace,
                        production=production,
                        event=days[day] if day is not None and day < len(days) else None,
                        team_workspace=team,
                        activation_name=activation,
                        items=[
                            {"catalog_item": catalog[code], "quantity": Decimal(qty), "unit_cost": Decimal(cost)}
                            for code, qty, cost in lines
                            if code in catalog
                        ],
                    )
                    self.walk(advance, status, crew, office)
                    made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} demo advance(s) in every status."))
        # What the advance form suggests (the nightly job's work, done now so the demo shows it).
        self.stdout.write(f"{refresh_pairings()} item pairing(s) for the advance form's suggestions.")
        self.stdout.write(f"{seed_templates()} advance template(s).")
        self.stdout.write(f"{share_demo_advance()} demo share link(s) for an outside collaborator.")

    def codes(self):
        return {code for _, _, lines, _ in ADVANCES for code, _, _ in lines}

    def walk(self, advance, status, crew, office):
        """Move a new draft to `status` the way people would: each status is the steps before it plus its own."""
        lines = list(advance.items.order_by("pk"))
        steps = {
            "submit": lambda: services.submit_advance(advance, actor=crew),
            "cancel": lambda: services.cancel_advance(advance, actor=crew, note="The LD found two spots in the rig."),
            "review": lambda: services.start_review(advance, actor=office),
            "reject": lambda: services.reject_advance(advance, actor=office, note="Not in budget; use the venue's."),
            "approve": lambda: services.approve_advance(advance, actor=office, note="Approved as requested."),
            "approve fewer": lambda: services.approve_advance(
                advance, actor=office, note="Two crew share a room.", approved_quantities={lines[0].pk: 8}
            ),
            "fulfil one": lambda: fulfil(lines[:1]),
            "fulfil all": lambda: fulfil(lines),
        }

        def fulfil(done):
            for line in done:
                services.record_fulfilment(advance, actor=office, item_id=line.pk, quantity_fulfilled=line.quantity)

        for step in PATHS[status] if lines else ():
            steps[step]()


def upcoming_events(crew, production):
    """The production's next two events the crew sees (their day sheets show the advances for them)."""
    if production is None:
        return []
    events = Event.objects.visible_to(crew).active().filter(production=production, starts_at__gte=timezone.now())
    return list(events.order_by("starts_at", "id")[:2])


# --- advance templates (issue 22) -----------------------------------------------------------------
# (name, production type, limited to the organization's first demo workspace, [(catalog item, quantity, notes)])
TEMPLATES = [
    (
        "Arena show",
        ProductionType.ARENA_SHOW,
        False,
        [
            ("TECH-1000", "2", "Left and right hangs, delay towers"),
            ("STAFF-1000", "24", "Load-in and out"),
            ("SAFE-1000", "40", ""),
        ],
    ),
    (
        "Festival stage",
        ProductionType.FESTIVAL_STAGE,
        False,
        [
            ("INFRA-1000", "2", "Stage power"),
            ("TECH-1000", "1", ""),
            ("SAFE-1000", "60", "Barriers"),
            ("HOSP-1000", "30", ""),
        ],
    ),
    (
        "Corporate gala",
        ProductionType.CORPORATE_GALA,
        True,
        [("HOSP-1000", "120", "Seated dinner"), ("ACCOM-1000", "12", "Speakers and crew"), ("TECH-1000", "1", "")],
    ),
]


def seed_templates():
    """Three templates per demo organization, saved through templating.save_template by a manager
    (organization-wide ones by the org admin); an organization that has templates is left alone."""
    codes = {code for *_, lines in TEMPLATES for code, _, _ in lines}
    catalog = {c.item_id: c for c in CatalogItem.objects.filter(item_id__in=codes, enabled=True)}
    made, seen = 0, set()
    for workspace in seeded_workspaces(DEMO_WORKSPACES):
        org = workspace.organization
        if org.pk in seen or AdvanceTemplate.objects.filter(organization=org).exists():
            continue
        seen.add(org.pk)
        admin, manager = member_with_role(workspace, Role.PHANTOM), member_with_role(workspace, Role.GLADIATOR)
        for name, kind, here, lines in TEMPLATES:
            actor = manager if here else admin
            items = [{"catalog_item": catalog[c], "quantity": q, "notes": n} for c, q, n in lines if c in catalog]
            if actor is None or not items:
                continue
            templating.save_template(
                actor=actor,
                organization=org,
                workspace=workspace if here else None,
                name=name,
                production_type=kind,
                lines=items,
            )
            made += 1
    return made


# --- one advance shared with an outside collaborator (advancing/sharing.py) ----------------------------
SHARED = ("Crew catering, load-in day", "Caterer, Fresh Plates Co.")
SHARED_ANSWER = ("Sam Fresh", "sam@freshplates.example", "We bring our own chafing dishes and staff for service.")


def share_demo_advance():
    """The catering draft of the first demo workspace shared with its caterer, who answered its first
    line. The token is not kept or printed: whoever wants the link resets it on the advance's Share page."""
    from advancing import sharing

    workspace = seeded_workspaces(DEMO_WORKSPACES[:1]).first()
    crew = member_with_role(workspace, Role.RAIDER) if workspace else None
    activation, label = SHARED
    advance = Advance.objects.filter(workspace=workspace, activation_name=activation, submitter=crew).first()
    if crew is None or advance is None or advance.share_links.exists():
        return 0
    with transaction.atomic():
        link, _token = sharing.share_advance(advance, actor=crew, label=label, shared_fields=["notes"])
        line = advance.items.order_by("position", "pk").first()
        if line is not None:
            name, email, answer = SHARED_ANSWER
            guest = sharing.guest_from(name, email)
            sharing.answer_line(link, guest=guest, item_id=line.pk, answer=answer)
    return 1
