"""Demo data: two organizations, two workspaces each, one login per role. Safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from dragonfly.tenancy.models import Membership, Organization, Workspace
from dragonfly.tenancy.roles import Role
from productions.models import Production
from productions.tasks import refresh_all_production_health

DEMO_PASSWORD = "dragonfly-demo"  # nosec B105 # the demo data's published password (README)

ORGS = [
    {
        "slug": "northstar",
        "name": "Northstar Live",
        "currency": "USD",
        "timezone": "America/New_York",
        "workspaces": [
            (
                "aurora-tour",
                "Aurora World Tour 2027",
                Workspace.Kind.TOUR,
                [("Aurora — Madison Square Garden", "AUR-MSG"), ("Aurora — The Forum LA", "AUR-LAX")],
            ),
            (
                "harbor-fest",
                "Harbor Lights Festival",
                Workspace.Kind.FESTIVAL,
                [("Harbor Lights — Main Stage", "HLF-MAIN"), ("Harbor Lights — Riverside Stage", "HLF-RIV")],
            ),
        ],
    },
    {
        "slug": "bluewave",
        "name": "Bluewave Events",
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "workspaces": [
            (
                "summit-2027",
                "Tech Summit Berlin 2027",
                Workspace.Kind.OTHER,
                [("Summit keynote", "TSB-KEY"), ("Summit expo hall", "TSB-EXPO")],
            ),
            (
                "open-air",
                "Open Air Weekend",
                Workspace.Kind.FESTIVAL,
                [("Open Air — Friday", "OAW-FRI"), ("Open Air — Saturday", "OAW-SAT")],
            ),
        ],
    },
]

# production code -> the venue (seed_locations_demo) it plays at
PRODUCTION_VENUES = {
    "AUR-MSG": "Madison Square Garden",
    "AUR-LAX": "The Forum",
    "HLF-MAIN": "Harbor Field",
    "HLF-RIV": "Harbor Field",
    "TSB-KEY": "Estrel Congress Center",
    "TSB-EXPO": "Estrel Congress Center",
    "OAW-FRI": "Tempelhofer Feld",
    "OAW-SAT": "Tempelhofer Feld",
}

PEOPLE = {
    Role.PHANTOM: ("Morgan", "Hale"),
    Role.AVIATOR: ("Ava", "Lindqvist"),
    Role.GLADIATOR: ("Dana", "Reyes"),
    Role.NAVIGATOR: ("Nico", "Baptiste"),
    Role.DEVIATOR: ("Devi", "Okafor"),
    Role.RAIDER: ("Riley", "Chen"),
    Role.MERCHANT: ("Marco", "Vidal"),
    Role.VISITOR: ("Vera", "Novak"),
    Role.PASSENGER: ("Pat", "Quinn"),
    Role.AMBASSADOR: ("Amber", "Stone"),
}


class Command(BaseCommand):
    help = "Load demo organizations, workspaces, productions and one user per role (idempotent)."

    def handle(self, *args, **options):
        # The demo's notifications stay in-app: their emails (sent on commit) would bury the logins.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            self._seed()

    def _seed(self):
        User = get_user_model()
        logins = []
        legend, created = User.objects.get_or_create(
            username="legend", defaults={"first_name": "Lee", "last_name": "Gendry", "email": "legend@example.com"}
        )
        if created:
            legend.set_password(DEMO_PASSWORD)
        legend.is_staff = legend.is_superuser = True
        legend.save()
        logins.append(("legend", "Legend (platform admin)", "all organizations"))

        for spec in ORGS:
            org, _ = Organization.objects.update_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "currency": spec["currency"], "timezone": spec["timezone"]},
            )
            workspaces = []
            for slug, name, kind, productions in spec["workspaces"]:
                ws, _ = Workspace.objects.update_or_create(
                    organization=org, slug=slug, defaults={"name": name, "kind": kind}
                )
                workspaces.append(ws)
                for i, (pname, code) in enumerate(productions):
                    start = datetime.date(2027, 3, 1) + datetime.timedelta(days=30 * i)
                    Production.objects.update_or_create(
                        workspace=ws,
                        code=code,
                        defaults={
                            "name": pname,
                            "status": Production.Status.PLANNING,
                            "start_date": start,
                            "end_date": start + datetime.timedelta(days=2),
                        },
                    )
            for role, (first, last) in PEOPLE.items():
                username = f"{spec['slug']}-{role.label.lower()}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                user.is_staff = role == Role.PHANTOM
                user.save()
                # Phantom and Aviator reach the whole organization; the others one workspace.
                workspace = None if role in (Role.PHANTOM, Role.AVIATOR) else workspaces[0]
                Membership.objects.update_or_create(
                    user=user, organization=org, workspace=workspace, defaults={"role": role}
                )
                if role in (Role.GLADIATOR, Role.RAIDER):
                    # so the workspace switcher has somewhere to go
                    Membership.objects.update_or_create(
                        user=user, organization=org, workspace=workspaces[1], defaults={"role": role}
                    )
                where = spec["name"] if workspace is None else f"{spec['name']} / {workspaces[0].name}"
                logins.append((username, role.label, where))

        call_command("seed_locations_demo", stdout=self.stdout)  # venues, made through the locations services
        self._place_productions()
        # Budgets first, so the demo advances approved below commit to them as a real crew's would.
        call_command("seed_finance_demo", stdout=self.stdout)
        self._seed_advances()
        call_command("seed_people_assets", stdout=self.stdout)
        self._seed_run_of_show()
        refresh_all_production_health()  # beat does this hourly; the demo should not wait for it
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, where in logins:
            self.stdout.write(f"  {username:<24} {role:<24} {where}")

    def _place_productions(self):
        """Each demo production at its venue (left alone once it has one)."""
        from locations.models import Location

        for code, venue in PRODUCTION_VENUES.items():
            location = Location.objects.filter(
                workspace__organization__slug__in=[spec["slug"] for spec in ORGS], name=venue, parent__isnull=True
            ).first()
            if location is not None:
                Production.objects.filter(workspace=location.workspace, code=code, venue__isnull=True).update(
                    venue=location
                )

    def _seed_advances(self):
        """A few advances in different states, made through the services like a real crew's."""
        from decimal import Decimal

        from advancing import services
        from advancing.models import Advance, CatalogItem

        User = get_user_model()
        for spec in ORGS:
            org = Organization.objects.get(slug=spec["slug"])
            workspace = org.workspaces.get(slug=spec["workspaces"][0][0])
            if Advance.objects.filter(workspace=workspace).exists():
                continue  # already seeded
            raider = User.objects.get(username=f"{spec['slug']}-raider")
            gladiator = User.objects.get(username=f"{spec['slug']}-gladiator")
            production = workspace.productions.order_by("start_date").first()

            def lines(*wanted):
                items = {c.item_id: c for c in CatalogItem.objects.filter(item_id__in=[w[0] for w in wanted])}
                return [
                    {"catalog_item": items[code], "quantity": Decimal(qty), "unit_cost": Decimal(cost)}
                    for code, qty, cost in wanted
                    if code in items
                ]

            draft = [("HOSP-1000", "20", "35"), ("ACCOM-1000", "8", "180")]
            sound = [("TECH-1000", "1", "4500"), ("STAFF-1000", "12", "320")]
            power = [("INFRA-1000", "2", "650"), ("SAFE-1000", "40", "12")]

            def advance(team, activation, items, *, actor=raider, workspace=workspace, production=production):
                return services.create_advance(
                    actor=actor,
                    workspace=workspace,
                    production=production,
                    team_workspace=team,
                    activation_name=activation,
                    items=lines(*items),
                )

            advance("Hospitality", "Crew catering, load-in day", draft)
            submitted = advance("Audio", "Main stage PA and crew", sound)
            services.submit_advance(submitted, actor=raider)
            approved = advance("Site", "Stage power and barriers", power)
            services.submit_advance(approved, actor=raider)
            services.approve_advance(approved, actor=gladiator, note="Approved as requested.")

    def _seed_run_of_show(self):
        """A show being called now (running 2 min late) and this afternoon's matinee, called to the end
        and so kept as its record: built and called through the events services, as a stage manager would."""
        from django.utils import timezone

        from events import services
        from events.models import Event

        User = get_user_model()
        cues = [("Doors", 30), ("Support act", 35), ("Changeover", 20), ("Headliner", 90), ("Encore", 10)]
        now = timezone.now().replace(second=0, microsecond=0)
        for spec in ORGS:
            workspace = Organization.objects.get(slug=spec["slug"]).workspaces.get(slug=spec["workspaces"][0][0])
            manager = User.objects.get(username=f"{spec['slug']}-gladiator")
            production = workspace.productions.order_by("start_date").first()
            # (title, start, calls: per cue, minutes after the start of its standby, go and done)
            shows = [
                ("Tonight — live run of show", now - datetime.timedelta(minutes=50), [(-2, 2, 32), (30, 32, None)]),
                (
                    "Matinee — the record",
                    now - datetime.timedelta(hours=5),
                    [(-2, 0, 30), (28, 31, 68), (66, 68, 86), (85, 90, 185), (183, 186, 197)],
                ),
            ]
            for title, start, calls in shows:
                if Event.objects.filter(workspace=workspace, title=title).exists():
                    continue  # already seeded
                event = services.create_event(
                    actor=manager,
                    workspace=workspace,
                    title=title,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=3, minutes=30),
                    location=production.venue if production else None,
                    production=production,
                    confirm_conflicts=True,
                ).event
                for item, minutes in cues:
                    services.add_cue(event, actor=manager, item=item, duration=str(minutes), department="stage")
                for cue, moments in zip(event.cues.all(), calls, strict=False):
                    for to_status, minute in zip(("standby", "go", "done"), moments, strict=True):
                        if minute is not None:
                            at = start + datetime.timedelta(minutes=minute)
                            services.call_cue(cue, actor=manager, to_status=to_status, at=at)
