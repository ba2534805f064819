"""Advance templates, and starting a new advance from a template or from an earlier advance.

A template holds catalog lines only (catalog item, quantity, notes: no dates, no status, no
fulfilment). Keeping templates (save, rename, delete) needs `add/change/delete_advancetemplate` on its
scope (its workspace, or its organization when it is organization-wide); using one needs what creating
an advance needs, and every new advance is made by `services.create_advance`, the one way to create
one. A catalog item no longer offered is left out of the new advance, and the caller is told which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.tenancy.access import require
from productions.models import Production

from . import services
from .errors import AdvanceInvalid
from .models import Advance, AdvanceTemplate, AdvanceTemplateLine, CatalogItem, ProductionType

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Organization, Workspace

MAX_NAME = 120
_KEEP: Any = object()


# --- keeping templates ------------------------------------------------------------------------------
def save_template(
    *,
    actor: User,
    organization: Organization,
    name: str,
    production_type: str = ProductionType.OTHER,
    workspace: Workspace | None = None,
    lines: Iterable[Mapping[str, Any]] = (),
    from_advance: Advance | None = None,
) -> AdvanceTemplate:
    """A template of `organization` (limited to `workspace` when given) holding `lines` ({catalog_item,
    quantity, notes}) or the catalog lines of `from_advance` (an advance the actor may see)."""
    if workspace is not None and workspace.organization_id != organization.pk:
        raise AdvanceInvalid(_("Pick a workspace of this organization."))
    scope = workspace if workspace is not None else organization
    require(actor, "advancing.add_advancetemplate", scope, _("Your role does not save advance templates here."))
    if from_advance is not None:
        if from_advance.organization_id != organization.pk:
            raise AdvanceInvalid(_("The advance belongs to another organization."))
        lines = [
            {"catalog_item": item.catalog_item, "quantity": item.quantity, "notes": item.notes}
            for item in from_advance.items.select_related("catalog_item")
            if item.catalog_item is not None
        ]
    template = AdvanceTemplate(
        organization=organization,
        workspace=workspace,
        name=_name(organization, name),
        production_type=_production_type(production_type),
        created_by=actor,
    )
    built = _template_lines(lines)
    with transaction.atomic():
        template.save()
        for line in built:
            line.template = template
        AdvanceTemplateLine.objects.bulk_create(built)
        record_activity(
            template,
            actor=actor,
            verb="advance_template.saved",
            workspace=workspace,
            data={"lines": len(built), "from_advance": from_advance.pk if from_advance else None},
        )
    return template


def update_template(
    template: AdvanceTemplate, *, actor: User, name: str = _KEEP, production_type: str = _KEEP
) -> AdvanceTemplate:
    """Rename a template (or change its production type); its lines stay as they are."""
    require(actor, "advancing.change_advancetemplate", template.scope, _("Your role does not edit this template."))
    changed = []
    if name is not _KEEP:
        name = _name(template.organization, name, exclude=template.pk)
        if name != template.name:
            template.name = name
            changed.append("name")
    if production_type is not _KEEP:
        production_type = _production_type(production_type)
        if production_type != template.production_type:
            template.production_type = production_type
            changed.append("production_type")
    if changed:
        with transaction.atomic():
            template.save(update_fields=[*changed, "updated_at"])
            record_activity(
                template,
                actor=actor,
                verb="advance_template.edited",
                workspace=template.workspace,
                data={"changed": changed},
            )
    return template


def delete_template(template: AdvanceTemplate, *, actor: User) -> None:
    require(actor, "advancing.delete_advancetemplate", template.scope, _("Your role does not delete this template."))
    with transaction.atomic():
        record_activity(
            template,
            actor=actor,
            verb="advance_template.deleted",
            workspace=template.workspace,
            data={"name": template.name},
        )
        template.delete()


def may_keep_templates(user, scope, action: str = "add") -> bool:
    return user.has_perm(f"advancing.{action}_advancetemplate", scope)


# --- starting an advance from a template or an earlier advance ------------------------------------
@dataclass(frozen=True)
class StartLine:
    """One line a new advance may take over: `key` names it in the quantities a person adjusts."""

    key: int
    catalog_item: CatalogItem | None
    name: str
    unit: str
    quantity: Decimal
    unit_cost: Decimal = Decimal("0")
    notes: str = ""
    description: str = ""
    procurement: str = ""

    @property
    def available(self) -> bool:
        """A custom line always is; a catalog line while the catalog still offers its item."""
        return self.catalog_item is None or self.catalog_item.enabled


@dataclass
class Started:
    advance: Advance
    dropped: list[str] = field(default_factory=list)  # lines left out: no longer in the catalog


def start_lines(source: AdvanceTemplate | Advance) -> list[StartLine]:
    """The lines of a template or of an earlier advance, in their order (reads its prefetched lines)."""
    if isinstance(source, AdvanceTemplate):
        return [
            StartLine(
                key=line.pk,
                catalog_item=line.catalog_item,
                name=line.catalog_item.name,
                unit=line.catalog_item.standard_unit,
                quantity=line.quantity,
                notes=line.notes,
            )
            for line in source.lines.all()
        ]
    return [
        StartLine(
            key=item.pk,
            catalog_item=item.catalog_item,
            name=item.name,
            unit=item.unit,
            quantity=item.quantity,
            unit_cost=item.unit_cost,
            notes=item.notes,
            description=item.description,
            procurement=item.procurement,
        )
        for item in source.items.all()
    ]


def with_lines(queryset):
    """Templates or advances with what start_lines reads, in two more queries."""
    if queryset.model is AdvanceTemplate:
        return queryset.prefetch_related("lines__catalog_item")
    return queryset.prefetch_related("items__catalog_item")


def start_advance(
    source: AdvanceTemplate | Advance,
    *,
    actor: User,
    workspace: Workspace,
    quantities: Mapping[Any, Any] | None = None,
    production: Production | None = None,
    team_workspace: str = "",
    activation_name: str = "",
) -> Started:
    """A new draft in `workspace` holding the source's lines, each at the quantity in `quantities`
    (keyed by the line's key; missing: as in the source; 0 leaves the line out). Made by
    services.create_advance, which checks the actor may create advances there."""
    _check_source(source, actor, workspace)
    wanted = _quantities(quantities or {})
    lines = start_lines(source)
    unknown = sorted(set(wanted) - {line.key for line in lines})
    if unknown:
        raise AdvanceInvalid(_("Line %(key)s is not a line of this source.") % {"key": unknown[0]})
    items, dropped = [], []
    for line in lines:
        quantity = wanted.get(line.key, line.quantity)
        if quantity == 0:
            continue
        if not line.available:
            dropped.append(line.name)
            continue
        items.append(
            {
                "catalog_item": line.catalog_item,
                "name": line.name,
                "unit": line.unit,
                "quantity": quantity,
                "unit_cost": line.unit_cost,
                "notes": line.notes,
                "description": line.description,
                "procurement": line.procurement,
            }
        )
    if not items:
        raise AdvanceInvalid(_("Keep at least one line (a quantity above 0) that the catalog still offers."))
    # The copy names no show day (an earlier advance's is another day's, maybe another workspace's).
    origin = {"template": source.pk} if isinstance(source, AdvanceTemplate) else {"advance": source.pk}
    with transaction.atomic():
        advance = services.create_advance(
            actor=actor,
            workspace=workspace,
            production=production,
            team_workspace=team_workspace,
            activation_name=activation_name,
            items=items,
        )
        advance.metadata = {**advance.metadata, "started_from": origin}
        advance.save(update_fields=["metadata", "updated_at"])
    return Started(advance, dropped)


def _check_source(source, actor, workspace):
    if isinstance(source, AdvanceTemplate):
        if not AdvanceTemplate.objects.visible_to(actor).filter(pk=source.pk).exists():
            raise PermissionDenied(_("You may not use this template."))
        if source.organization_id != workspace.organization_id or source.workspace_id not in (None, workspace.pk):
            raise AdvanceInvalid(_("This template is not for that workspace."))
        return
    if not Advance.objects.visible_to(actor).filter(pk=source.pk).exists():
        raise PermissionDenied(_("You may not copy this advance."))
    if source.organization_id != workspace.organization_id:
        raise AdvanceInvalid(_("Pick a workspace of the advance's organization."))


def _quantities(raw):
    clean = {}
    for key, value in raw.items():
        if not str(key).isdigit():
            raise AdvanceInvalid(_("Line %(key)s is not a line of this source.") % {"key": key})
        if value is None or value == "":
            continue
        clean[int(key)] = services._amount(
            value, _("The quantity of line %(key)s") % {"key": key}, services.MAX_QUANTITY
        )
    return clean


# --- input checks -------------------------------------------------------------------------------------
def _name(organization, name, exclude=None):
    name = (name or "").strip()
    if not name:
        raise AdvanceInvalid(_("Give the template a name."))
    if len(name) > MAX_NAME:
        raise AdvanceInvalid(_("A template's name takes at most %(max)s characters.") % {"max": MAX_NAME})
    taken = AdvanceTemplate.objects.filter(organization=organization, name__iexact=name).exclude(pk=exclude)
    if taken.exists():
        raise AdvanceInvalid(_("This organization already has a template named “%(name)s”.") % {"name": name})
    return name


def _production_type(value):
    if value not in ProductionType.values:
        raise AdvanceInvalid(_("Pick one of the production types."))
    return value


def _template_lines(lines):
    lines = list(lines)
    if not lines:
        raise AdvanceInvalid(_("A template needs at least one catalog line."))
    if len(lines) > services.MAX_ITEMS:
        raise AdvanceInvalid(_("A template holds at most %(max)s lines.") % {"max": services.MAX_ITEMS})
    built = []
    for position, raw in enumerate(lines, start=1):
        item = raw.get("catalog_item")
        if item is None:
            raise AdvanceInvalid(_("Line %(n)s: pick an item of the catalog.") % {"n": position})
        label = _("Line %(n)s (%(name)s)") % {"n": position, "name": item.name}
        quantity = services._amount(
            raw.get("quantity"), _("%(line)s: the quantity") % {"line": label}, services.MAX_QUANTITY
        )
        if quantity <= 0:
            raise AdvanceInvalid(_("%(line)s: the quantity must be more than 0.") % {"line": label})
        notes = (raw.get("notes") or "").strip()
        if len(notes) > 2000:
            raise AdvanceInvalid(_("%(line)s: the notes take at most 2000 characters.") % {"line": label})
        built.append(AdvanceTemplateLine(catalog_item=item, quantity=quantity, notes=notes, position=position))
    return built
