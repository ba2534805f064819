"""Productions: creating, editing, moving through the lifecycle, the team, phase milestone templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import display_name

from ..errors import ProductionInvalid
from ..models import (
    DEFAULT_PHASE_MILESTONES,
    NOTE_REQUIRED,
    PHASES,
    Milestone,
    MilestoneAnchor,
    MilestoneTemplate,
    Production,
    ProductionStatus,
    ProductionType,
    TeamMember,
    normalize_tags,
)
from ..selectors import local_today
from ._common import check_person, clean_text, refresh_health_on_commit, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Organization, Workspace

S = ProductionStatus
# Fields a person may set on a production (status moves go through move_production).
EDITABLE_FIELDS = (
    "name",
    "code",
    "type",
    "start_date",
    "end_date",
    "venue",
    "production_manager",
    "description",
    "tags",
)


def create_production(*, actor: User, workspace: Workspace, name: str, **fields: Any) -> Production:
    """A production manager starts a production in `workspace`; it begins as a concept."""
    require(actor, "productions.add_production", workspace, _("Your role does not create productions here."))
    if workspace.archived:
        raise ProductionInvalid(_("This workspace is archived; it takes no new productions."))
    production = Production(workspace=workspace, created_by=actor, status=S.CONCEPT)
    _apply(production, {"name": name, **fields}, actor=actor)
    with transaction.atomic():
        production.save()
        record_activity(production, actor=actor, verb="production.created", to_state=production.status)
    refresh_health_on_commit(production)
    return production


def update_production(production: Production, *, actor: User, **changes: Any) -> Production:
    require(actor, "productions.change_production", production, _("You may not edit this production."))
    only_fields(changes, EDITABLE_FIELDS, ProductionInvalid)
    with transaction.atomic():
        production = Production.objects.select_for_update().get(pk=production.pk)
        before = {f: getattr(production, f) for f in changes}
        _apply(production, changes, actor=actor)
        changed = [f for f in changes if getattr(production, f) != before[f]]
        if not changed:
            return production
        production.save()
        record_activity(production, actor=actor, verb="production.edited", data={"fields": changed})
    refresh_health_on_commit(production)
    return production


def delete_production(production: Production, *, actor: User) -> None:
    """Delete a production with its milestones, tasks, compliance items and team (events and
    advances stay, without a production)."""
    require(actor, "productions.delete_production", production, _("You may not delete this production."))
    with transaction.atomic():
        record_activity(production, actor=actor, verb="production.deleted", data={"name": production.name})
        production.delete()


def move_production(production: Production, *, actor: User, to_status: str, note: str = "") -> Production:
    """Move a production to another phase (or on hold, or cancelled), as ALLOWED_TRANSITIONS says.

    One `transition()` of the core engine: lock, check the table, enter the phase (its milestones
    from the organization's template, once per production), save, activity, `production.moved`
    event (the team hears of it after the commit, productions.notifications). A refused move
    raises before anything is written."""
    require(actor, "productions.move_production", production, _("Your role does not move productions."))
    try:
        to_status = ProductionStatus(to_status)
    except ValueError:
        raise ProductionInvalid(_("“%(status)s” is not a production status.") % {"status": to_status}) from None
    note = clean_text(note, _("note"), max_length=4000)
    data: dict[str, Any] = {}  # filled by enter(), which runs before the engine writes the activity entry

    def enter(locked: Production) -> None:
        if to_status in NOTE_REQUIRED and not note:
            why = (
                _("Say why the production is on hold: the team reads this note.")
                if to_status == ProductionStatus.ON_HOLD
                else _("Say why the production is cancelled: the team reads this note.")
            )
            raise ProductionInvalid(why)
        created = create_phase_milestones(locked, to_status) if to_status in PHASES else []
        data["milestones_created"] = [m.title for m in created]

    moved = transition(
        production,
        to_status,
        actor=actor,
        verb="production.moved",
        note=note,
        data=data,
        prepare=enter,
        related=("workspace__organization",),
    ).obj
    refresh_health_on_commit(moved)
    return moved


# --- phase milestones --------------------------------------------------------------------------
def milestone_templates(organization: Organization, phase: str | None = None) -> list[MilestoneTemplate]:
    """The organization's templates; the built-in defaults (unsaved) when it has none yet."""
    rows = list(MilestoneTemplate.objects.filter(organization=organization))
    if not rows:
        rows = default_templates(organization)
    return [t for t in rows if phase is None or t.phase == phase]


def _template(
    organization: Organization, phase: str, title: str, anchor: str, offset: int, position: int
) -> MilestoneTemplate:
    return MilestoneTemplate(
        organization=organization, phase=phase, title=title, anchor=anchor, offset_days=offset, position=position
    )


def default_templates(organization: Organization) -> list[MilestoneTemplate]:
    rows = []
    for phase, items in DEFAULT_PHASE_MILESTONES.items():
        for position, (title, anchor, offset) in enumerate(items):
            rows.append(_template(organization, phase, str(title), anchor, offset, position))  # lazy: read now
    return rows


def ensure_milestone_templates(organization: Organization) -> list[MilestoneTemplate]:
    """Write the defaults as the organization's own rows the first time they are needed."""
    if not MilestoneTemplate.objects.filter(organization=organization).exists():
        MilestoneTemplate.objects.bulk_create(default_templates(organization))
    return list(MilestoneTemplate.objects.filter(organization=organization))


def create_phase_milestones(production: Production, phase: str) -> list[Milestone]:
    """Milestones for `phase` from the template, skipping any this production already got."""
    templates = [t for t in ensure_milestone_templates(production.workspace.organization) if t.phase == phase]
    if not templates:
        return []
    have = set(production.milestones.filter(template__in=templates).values_list("template_id", flat=True))
    today = local_today(production.workspace)
    new = [
        Milestone(
            production=production,
            template=t,
            phase=phase,
            title=t.title,
            due_date=t.due_date_for(production, today),
            owner=production.production_manager,
        )
        for t in templates
        if t.pk not in have
    ]
    return Milestone.objects.bulk_create(new)


def save_milestone_templates(
    organization: Organization, *, actor: User, rows: Iterable[Mapping[str, Any]]
) -> list[MilestoneTemplate]:
    """Replace the organization's phase templates with `rows` (dicts: phase, title, anchor, offset_days)."""
    if not actor.has_perm("productions.change_milestonetemplate", organization):
        raise PermissionDenied(_("Only the organization's administrators edit its phase milestones."))
    templates = []
    positions: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        title = clean_text(row.get("title"), _("title of row %(n)s") % {"n": i}, max_length=200, required=True)
        phase, anchor = row.get("phase"), row.get("anchor") or MilestoneAnchor.PHASE_START
        if phase not in {p.value for p in PHASES} or anchor not in MilestoneAnchor.values:
            raise ProductionInvalid(_("Row %(n)s needs a phase and an anchor from the lists.") % {"n": i})
        offset = int(row.get("offset_days") or 0)
        if abs(offset) > 730:
            raise ProductionInvalid(_("Row %(n)s: keep the offset within two years.") % {"n": i})
        positions[phase] = positions.get(phase, -1) + 1
        templates.append(_template(organization, phase, title, anchor, offset, positions[phase]))
    with transaction.atomic():
        MilestoneTemplate.objects.filter(organization=organization).delete()
        MilestoneTemplate.objects.bulk_create(templates)
    return templates


# --- the team ------------------------------------------------------------------------------------
def add_team_member(
    production: Production, *, actor: User, user: User | None, title: str = "", department: str = ""
) -> TeamMember:
    require(actor, "productions.change_production", production, _("You may not change this production's team."))
    if user is None:
        raise ProductionInvalid(_("Pick a person."))
    check_person(production.workspace, user, _("team member"))
    title = clean_text(title, _("job"), max_length=120)
    department = clean_text(department, _("department"), max_length=80)
    with transaction.atomic():
        member, created = TeamMember.objects.get_or_create(
            production=production, user=user, defaults={"title": title, "department": department}
        )
        if not created:
            raise ProductionInvalid(_("%(person)s is already on the team.") % {"person": display_name(user)})
        record_activity(production, actor=actor, verb="production.team_added", data={"user": user.pk, "job": title})
    return member


def remove_team_member(member: TeamMember, *, actor: User) -> None:
    production = member.production
    require(actor, "productions.change_production", production, _("You may not change this production's team."))
    with transaction.atomic():
        record_activity(production, actor=actor, verb="production.team_removed", data={"user": member.user_id})
        member.delete()


# --- input -------------------------------------------------------------------------------------
def _apply(production: Production, fields: Mapping[str, Any], *, actor: User) -> None:
    workspace = production.workspace
    if "name" in fields:
        production.name = clean_text(fields["name"], _("production's name"), max_length=200, required=True)
    if "code" in fields:
        production.code = clean_text(fields["code"], _("code"), max_length=40).upper()
        if production.code and (
            Production.objects.filter(workspace=workspace, code=production.code).exclude(pk=production.pk).exists()
        ):
            raise ProductionInvalid(
                _("Another production in %(workspace)s already uses the code %(code)s.")
                % {"workspace": workspace.name, "code": production.code}
            )
    if "type" in fields:
        if fields["type"] not in ProductionType.values:
            raise ProductionInvalid(_("Pick a production type from the list."))
        production.type = fields["type"]
    for field in ("start_date", "end_date"):
        if field in fields:
            setattr(production, field, fields[field])
    if production.start_date and production.end_date and production.end_date < production.start_date:
        raise ProductionInvalid(_("The production cannot end before it starts."))
    if "venue" in fields:
        venue = fields["venue"]
        if venue is not None:
            from locations.models import Location

            visible = Location.objects.visible_to(actor).filter(pk=venue.pk, workspace=workspace).exists()
            if not visible:
                raise ProductionInvalid(_("Pick a venue of this workspace."))
        production.venue = venue
    if "production_manager" in fields:
        check_person(workspace, fields["production_manager"], _("production manager"))
        production.production_manager = fields["production_manager"]
    if "description" in fields:
        production.description = clean_text(fields["description"], _("description"), max_length=20000)
    if "tags" in fields:
        tags = normalize_tags(fields["tags"])
        if len(tags) > 300:
            raise ProductionInvalid(_("Keep the tags under 300 characters."))
        production.tags = tags
