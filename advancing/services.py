"""Advancing workflows: every change to an advance goes through one of these functions.

Each one runs in one transaction, re-reads the advance with a row lock, checks the actor's
permission on it (`has_perm`, so roles and guardian grants both count) and the move against
ALLOWED_TRANSITIONS, writes the activity entry in that same transaction and queues the
notifications for after the commit. A refusal raises before anything is written.
"""

import re
import zoneinfo
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import dateformat, timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.activity.services import record_activity
from productions.models import Production

from .errors import AdvanceInvalid, DomainError, InvalidTransition
from .models import Advance, AdvanceItem, AdvanceStatus, FulfilmentStatus, Procurement, can_move
from .notifications import notify_on_commit

S = AdvanceStatus
MAX_ITEMS = 200
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Largest values the columns hold: numeric(10,2) quantities, (12,2) unit costs, (14,2) totals.
MAX_QUANTITY = Decimal("99999999.99")
MAX_UNIT_COST = Decimal("9999999999.99")
MAX_TOTAL = Decimal("999999999999.99")

# The platform spec's automation keys, recorded on each activity entry.
TRIGGERS = {
    "advance.created": "compvss.advance.created",
    "advance.edited": "compvss.advance.edited",
    "advance.submitted": "compvss.advance.submitted",
    "advance.cancelled": "compvss.advance.cancelled",
    "advance.review_started": "atlvs.advance.review_started",
    "advance.approved": "atlvs.advance.approved",
    "advance.rejected": "atlvs.advance.rejected",
    "advance.processed": "atlvs.advance.processed",
    "advance.fulfilment_started": "compvss.advance.fulfilment_started",
    "advance.fulfilment_recorded": "compvss.advance.fulfilment_recorded",
    "advance.fulfilled": "compvss.advance.fulfilled",
}

# How a status reads in a refusal: "This advance was already approved by …", "A cancelled advance …".
_DONE = {
    S.DRAFT: "saved as a draft",
    S.SUBMITTED: "submitted",
    S.UNDER_REVIEW: "taken into review",
    S.APPROVED: "approved",
    S.IN_PROGRESS: "put in progress",
    S.FULFILLED: "fulfilled",
    S.REJECTED: "rejected",
    S.CANCELLED: "cancelled",
}
_TO_DO = {**_DONE, S.IN_PROGRESS: "processed"}
_AN_ADVANCE = {
    S.DRAFT: "A draft advance",
    S.SUBMITTED: "A submitted advance",
    S.UNDER_REVIEW: "An advance under review",
    S.APPROVED: "An approved advance",
    S.IN_PROGRESS: "An advance in progress",
    S.FULFILLED: "A fulfilled advance",
    S.REJECTED: "A rejected advance",
    S.CANCELLED: "A cancelled advance",
}

# update_draft leaves a field as it is unless the caller passes it.
_KEEP = object()


# --- creating and editing drafts ------------------------------------------------------------
def create_advance(
    *, actor, workspace, production=None, team_workspace="", activation_name="", items=(), currency=None
):
    """A crew member starts an advance: a draft in `workspace`, lines priced on the server."""
    if not actor.has_perm("advancing.add_advance", workspace):
        raise PermissionDenied("Your role does not let you create advances in this workspace.")
    if workspace.archived:
        raise AdvanceInvalid("This workspace is archived; it takes no new advances.")
    _check_production(actor, workspace, production)
    header = _header(team_workspace=team_workspace, activation_name=activation_name)
    currency = _currency(currency or workspace.organization.currency)
    lines = build_lines(items)
    with transaction.atomic():
        advance = Advance.objects.create(
            organization_id=workspace.organization_id,
            workspace=workspace,
            production=production,
            submitter=actor,
            currency=currency,
            **header,
        )
        _replace_lines(advance, lines)
        _record(advance, actor=actor, verb="advance.created", to_state=S.DRAFT, data={"lines": len(lines)})
    return advance


def update_draft(advance, *, actor, production=_KEEP, team_workspace=_KEEP, activation_name=_KEEP, items=None):
    """Edit a draft. Header fields not passed stay as they are; `items` (a list) replaces every line."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "change_advance", advance, "You may not edit this advance.")
        if advance.status != S.DRAFT:
            raise InvalidTransition(
                f"Only drafts can be edited; this advance is {advance.get_status_display().lower()}."
            )
        changed = _apply_header(actor, advance, production, team_workspace, activation_name)
        if items is not None:
            _replace_lines(advance, build_lines(items))
            changed.append("items")
        advance.save()
        _record(advance, actor=actor, verb="advance.edited", data={"changed": changed})
    return advance


def recompute_totals(advance):
    """Line totals (quantity × unit cost) and the advance's estimate: always computed here."""
    items = list(advance.items.all())
    stale = []
    for item in items:
        total = (item.quantity * item.unit_cost).quantize(CENT)
        if item.total_cost != total:
            item.total_cost = total
            stale.append(item)
    if stale:
        AdvanceItem.objects.bulk_update(stale, ["total_cost"])
    estimate = sum((item.total_cost for item in items), ZERO)
    if estimate > MAX_TOTAL:
        raise AdvanceInvalid("The lines add up to more than this system can record; split the advance.")
    advance.estimated_cost = estimate
    advance.save(update_fields=["estimated_cost", "updated_at"])
    return advance


def build_lines(items):
    """Validate line dicts into unsaved AdvanceItems (raises AdvanceInvalid naming the line)."""
    items = list(items)
    if len(items) > MAX_ITEMS:
        raise AdvanceInvalid(f"An advance holds at most {MAX_ITEMS} lines; this one has {len(items)}.")
    return [_build_line(raw, position) for position, raw in enumerate(items, start=1)]


# --- the workflow -------------------------------------------------------------------------------
def submit_advance(advance, *, actor):
    """Crew send a draft to the production office; its reviewers are told after the commit."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "submit_advance", advance, "Your role does not let you submit this advance.")
        _check_move(advance, S.SUBMITTED, actor=actor)
        if not advance.items.exists():
            raise AdvanceInvalid("Add at least one item before submitting.")
        advance.submitted_at = timezone.now()
        _move(advance, S.SUBMITTED, actor=actor, verb="advance.submitted", fields=["submitted_at"])
    return advance


def cancel_advance(advance, *, actor, note=""):
    """The submitter (or an approver) withdraws an advance before it is approved."""
    with transaction.atomic():
        advance = _lock(advance)
        own = advance.submitter_id == actor.pk and actor.has_perm("advancing.change_advance", advance)
        if not (own or actor.has_perm("advancing.approve_advance", advance)):
            raise PermissionDenied("Only the submitter or an approver can cancel this advance.")
        _check_move(advance, S.CANCELLED, actor=actor)
        _move(advance, S.CANCELLED, actor=actor, verb="advance.cancelled", note=note.strip())
        _finance().release_advance(advance, actor=actor)
    return advance


def start_review(advance, *, actor):
    """A reviewer takes a submitted advance; the queue shows who has it."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "review_advance", advance, "Your role does not let you review this advance.")
        _check_move(advance, S.UNDER_REVIEW, actor=actor)
        advance.reviewed_by, advance.reviewed_at = actor, timezone.now()
        _move(
            advance, S.UNDER_REVIEW, actor=actor, verb="advance.review_started", fields=["reviewed_by", "reviewed_at"]
        )
    return advance


def approve_advance(advance, *, actor, note="", approved_cost=None, approved_quantities=None):
    """Approve, optionally fewer than requested on some lines (a partial approval the crew sees)."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "approve_advance", advance, "Your role does not let you approve this advance.")
        _check_move(advance, S.APPROVED, actor=actor)
        items = list(advance.items.all())
        partial = _set_approved_quantities(items, approved_quantities or {})
        AdvanceItem.objects.bulk_update(items, ["approved_quantity"])
        lines_cost = sum(((i.approved_quantity * i.unit_cost).quantize(CENT) for i in items), ZERO)
        cost = lines_cost if approved_cost is None else _amount(approved_cost, "The approved cost", MAX_TOTAL)
        advance.approved_cost = cost
        _decide(advance, actor, note)
        data = {"approved_cost": str(cost), "partial_lines": partial}
        _move(advance, S.APPROVED, actor=actor, verb="advance.approved", note=note.strip(), data=data, fields=_DECIDED)
        _finance().commit_approved_advance(advance, actor=actor)
    return advance


def reject_advance(advance, *, actor, note):
    """Turn an advance down; the submitter reads the reason."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "approve_advance", advance, "Your role does not let you reject this advance.")
        _check_move(advance, S.REJECTED, actor=actor)
        note = (note or "").strip()
        if not note:
            raise AdvanceInvalid("Say why the advance is rejected.")
        _decide(advance, actor, note)
        _move(advance, S.REJECTED, actor=actor, verb="advance.rejected", note=note, fields=_DECIDED)
        _finance().release_advance(advance, actor=actor)
    return advance


def process_advance(advance, *, actor):
    """Procurement starts on an approved advance (approved → in_progress)."""
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "approve_advance", advance, "Your role does not let you process this advance.")
        _check_move(advance, S.IN_PROGRESS, actor=actor)
        _move(advance, S.IN_PROGRESS, actor=actor, verb="advance.processed")
    return advance


def record_fulfilment(advance, *, actor, item_id, quantity_fulfilled, notes="", actual_cost=None):
    """Record what arrived for one line. `quantity_fulfilled` is the line's new running total, so a
    phone that retries the same request changes nothing the second time."""
    notes = (notes or "").strip()
    with transaction.atomic():
        advance = _lock(advance)
        _require(actor, "fulfil_advance", advance, "Your role does not let you record fulfilment here.")
        if advance.status not in (S.APPROVED, S.IN_PROGRESS):
            raise InvalidTransition(refusal_message(advance, S.FULFILLED, actor=actor))
        item = _line_of(advance, item_id)
        quantity, cost = _fulfilment_amounts(item, quantity_fulfilled, actual_cost)
        if _is_repeat(item, quantity, cost, notes):
            return advance
        previous = item.quantity_fulfilled
        _fulfil_line(item, quantity, cost, notes)
        if advance.status == S.APPROVED:
            _move(advance, S.IN_PROGRESS, actor=actor, verb="advance.fulfilment_started", notify=False)
        data = {
            "item_id": item.pk,
            "item_name": item.name,
            "previous": str(previous),
            "quantity_fulfilled": str(quantity),
            "quantity_to_fulfil": str(item.quantity_to_fulfil),
            "actual_cost": str(cost),
        }
        _after_fulfilment(advance, actor, notes, data)
        _finance().sync_advance_fulfilment(advance, actor=actor)
    return advance


def bulk_decide(advances_ids, *, actor, decision, note=""):
    """Approve or reject many advances from the queue: each in its own transaction, so one
    refusal (already moved, no permission) does not undo the others. Returns (done, refused)."""
    services = {"approve": approve_advance, "reject": reject_advance}
    if decision not in services:
        raise ValueError(f"decision must be 'approve' or 'reject', not {decision!r}")
    visible = Advance.objects.visible_to(actor)
    done, refused = [], []
    for raw_id in dict.fromkeys(advances_ids):
        advance = visible.filter(pk=raw_id).first() if str(raw_id).isdigit() else None
        if advance is None:
            refused.append((raw_id, "This advance does not exist or you cannot see it."))
            continue
        try:
            done.append(services[decision](advance, actor=actor, note=note))
        except (DomainError, PermissionDenied) as exc:
            refused.append((advance.pk, str(exc)))
    return done, refused


# --- refusals ------------------------------------------------------------------------------------
def refusal_message(advance, to_status, *, actor):
    """Why `advance` cannot move to `to_status`, naming who moved it last when that was someone else."""
    status = S(advance.status)
    last = _last_move_to(advance, status) if status != S.DRAFT else None
    if last is not None and last.actor_id and last.actor_id != getattr(actor, "pk", None):
        when = local_time(last.created_at, advance)
        return f"This advance was already {_DONE[status]} by {display_name(last.actor)} at {when}."
    if status == S(to_status):
        return f"This advance is already {_DONE[status]}."
    return f"{_AN_ADVANCE[status]} cannot be {_TO_DO[S(to_status)]}."


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


def _last_move_to(advance, status):
    return ActivityEntry.objects.for_object(advance).filter(to_state=status).order_by("-id").first()


def local_time(moment, advance):
    """A time as the organization reads it: "24 Nov 2026 14:02"."""
    try:
        zone = zoneinfo.ZoneInfo(advance.organization.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    return dateformat.format(moment.astimezone(zone), "j M Y H:i")


def _finance():
    """Advance to money in one flow: approving commits the lines' cost to the production budget,
    fulfilment makes it actual, rejecting or cancelling releases it (finance/services/advances.py).
    Called inside each service's transaction, so a refusal there (an organization that blocks
    going over budget) undoes the whole move."""
    from finance.services import advances

    return advances


def _require(actor, codename, advance, message):
    if not actor.has_perm(f"advancing.{codename}", advance):
        raise PermissionDenied(message)


def _check_move(advance, to_status, *, actor):
    if not can_move(advance.status, to_status):
        raise InvalidTransition(refusal_message(advance, to_status, actor=actor))


# --- moving and recording ------------------------------------------------------------------
_DECIDED = ["reviewed_by", "reviewed_at", "reviewer_notes", "approved_cost"]


def _lock(advance):
    # Re-read under a row lock: two reviewers acting at once are serialised here, and the
    # second one sees the status the first one committed.
    return Advance.objects.select_for_update().get(pk=advance.pk)


def _move(advance, to_status, *, actor, verb, note="", data=None, fields=(), notify=True):
    from_status = advance.status
    advance.status = to_status
    advance.save(update_fields=["status", "updated_at", *fields])
    entry = _record(advance, actor=actor, verb=verb, from_state=from_status, to_state=to_status, note=note, data=data)
    if notify:
        notify_on_commit(entry)
    return entry


def _record(advance, *, actor, verb, from_state="", to_state="", note="", data=None):
    return record_activity(
        advance,
        actor=actor,
        verb=verb,
        trigger=TRIGGERS[verb],
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
    )


def _decide(advance, actor, note):
    advance.reviewed_by, advance.reviewed_at = actor, timezone.now()
    advance.reviewer_notes = (note or "").strip()


def _set_approved_quantities(items, approved_quantities):
    """Set every line's approved quantity (missing = as requested); returns the partial lines."""
    by_id = {item.pk: item for item in items}
    wanted = {}
    for key, value in approved_quantities.items():
        item = by_id.get(int(key)) if str(key).isdigit() else None
        if item is None:
            raise AdvanceInvalid(f"Item {key} is not a line of this advance.")
        wanted[item.pk] = value
    partial = []
    for item in items:
        label = f"Line “{item.name}”"
        quantity = item.quantity if item.pk not in wanted else _amount(wanted[item.pk], label, MAX_QUANTITY)
        if not Decimal("0") < quantity <= item.quantity:
            raise AdvanceInvalid(f"{label}: approve more than 0 and at most the {fmt(item.quantity)} requested.")
        item.approved_quantity = quantity
        if quantity < item.quantity:
            partial.append(
                {"item_id": item.pk, "name": item.name, "requested": str(item.quantity), "approved": str(quantity)}
            )
    return partial


# --- fulfilment -----------------------------------------------------------------------------
def _line_of(advance, item_id):
    item = advance.items.filter(pk=item_id).first() if str(item_id).isdigit() else None
    if item is None:
        raise AdvanceInvalid("This line is not part of the advance.")
    return item


def _fulfilment_amounts(item, quantity_fulfilled, actual_cost):
    label = f"Line “{item.name}”"
    quantity = _amount(quantity_fulfilled, label, MAX_QUANTITY)
    target = item.quantity_to_fulfil
    if quantity > target:
        asked = "approved" if item.approved_quantity is not None else "requested"
        raise AdvanceInvalid(f"Only {fmt(target)} were {asked}; {fmt(quantity)} is more than that.")
    if quantity < item.quantity_fulfilled:
        raise AdvanceInvalid(
            f"{label}: {fmt(item.quantity_fulfilled)} are already recorded as fulfilled; send the new total, not less."
        )
    if actual_cost is None:
        return quantity, (quantity * item.unit_cost).quantize(CENT)
    return quantity, _amount(actual_cost, f"{label}: the actual cost", MAX_TOTAL)


def _is_repeat(item, quantity, cost, notes):
    """A retried request (same total, cost and note) changes nothing and records nothing."""
    same_cost = item.actual_cost == cost or (item.actual_cost is None and quantity == 0)
    same_note = not notes or item.metadata.get("fulfilment_note", "") == notes
    return quantity == item.quantity_fulfilled and same_cost and same_note


def _fulfil_line(item, quantity, cost, notes):
    target = item.quantity_to_fulfil
    item.quantity_fulfilled = quantity
    item.actual_cost = cost
    if quantity == 0:
        item.fulfilment_status = FulfilmentStatus.PENDING
    elif quantity < target:
        item.fulfilment_status = FulfilmentStatus.PARTIAL
    else:
        item.fulfilment_status = FulfilmentStatus.COMPLETE
    if notes:
        item.metadata = {**item.metadata, "fulfilment_note": notes}
    item.save(update_fields=["quantity_fulfilled", "actual_cost", "fulfilment_status", "metadata"])


def _after_fulfilment(advance, actor, notes, data):
    """Total the actual cost, and close the advance when this fulfilment completed every line."""
    lines = list(advance.items.all())
    advance.actual_cost = sum((line.actual_cost or ZERO for line in lines), ZERO)
    if all(line.fulfilment_status == FulfilmentStatus.COMPLETE for line in lines):
        advance.fulfilled_by, advance.fulfilled_at, advance.fulfillment_notes = actor, timezone.now(), notes
        fields = ["actual_cost", "fulfilled_by", "fulfilled_at", "fulfillment_notes"]
        _move(advance, S.FULFILLED, actor=actor, verb="advance.fulfilled", note=notes, data=data, fields=fields)
        return
    advance.save(update_fields=["actual_cost", "updated_at"])
    notify_on_commit(_record(advance, actor=actor, verb="advance.fulfilment_recorded", note=notes, data=data))


# --- input checks -----------------------------------------------------------------------------
def _build_line(raw, position):
    catalog = raw.get("catalog_item")
    if catalog is not None and not catalog.enabled:
        raise AdvanceInvalid(f"Line {position}: {catalog.name} is no longer offered in the catalog.")
    name = (raw.get("name") or (catalog.name if catalog else "")).strip()
    label = f"Line {position} ({name})" if name else f"Line {position}"
    unit = (raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()
    if not name or not unit:
        raise AdvanceInvalid(f"{label}: give the item a name and a unit, or pick it from the catalog.")
    if len(name) > 200 or len(unit) > 40:
        raise AdvanceInvalid(f"{label}: the name (200) or unit (40 characters) is too long.")
    quantity = _amount(raw.get("quantity"), f"{label}: the quantity", MAX_QUANTITY)
    if quantity <= 0:
        raise AdvanceInvalid(f"{label}: the quantity must be more than 0.")
    unit_cost = _amount(raw.get("unit_cost") or 0, f"{label}: the unit cost", MAX_UNIT_COST)
    total = (quantity * unit_cost).quantize(CENT)
    if total > MAX_TOTAL:
        raise AdvanceInvalid(f"{label}: the line total is more than this system can record.")
    return AdvanceItem(
        catalog_item=catalog,
        name=name,
        description=(raw.get("description") or "").strip(),
        quantity=quantity,
        unit=unit,
        unit_cost=unit_cost,
        total_cost=total,
        notes=(raw.get("notes") or "").strip(),
        procurement=_procurement(raw.get("procurement"), label),
        position=position,
    )


def _procurement(value, label):
    """ "buy" / "hire" marks a line finance drafts a purchase order for; empty means from stock."""
    value = (value or "").strip().lower()
    if value not in Procurement.values:
        raise AdvanceInvalid(f"{label}: say whether it is to buy, to hire, or from stock.")
    return value


def _replace_lines(advance, lines):
    advance.items.all().delete()
    for line in lines:
        line.advance = advance
    AdvanceItem.objects.bulk_create(lines)
    recompute_totals(advance)


def _amount(value, label, maximum):
    """A non-negative Decimal with at most two decimals, or AdvanceInvalid naming what was wrong."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise AdvanceInvalid(f"{label} must be a number.") from None
    if not amount.is_finite():
        raise AdvanceInvalid(f"{label} must be a number.")
    if amount < 0:
        raise AdvanceInvalid(f"{label} cannot be negative.")
    if amount > maximum:
        raise AdvanceInvalid(f"{label} is larger than this system can record ({fmt(maximum)}).")
    if amount != amount.quantize(CENT):
        raise AdvanceInvalid(f"{label} takes at most two decimals.")
    return amount.quantize(CENT)


def _header(*, team_workspace, activation_name):
    header = {"team_workspace": (team_workspace or "").strip(), "activation_name": (activation_name or "").strip()}
    for field, value in header.items():
        if len(value) > 200:
            raise AdvanceInvalid(f"The {Advance._meta.get_field(field).verbose_name} takes at most 200 characters.")
    return header


def _apply_header(actor, advance, production, team_workspace, activation_name):
    changed = []
    if production is not _KEEP and production != advance.production:
        _check_production(actor, advance.workspace, production)
        advance.production = production
        changed.append("production")
    given = {"team_workspace": team_workspace, "activation_name": activation_name}
    header = _header(**{k: ("" if v is _KEEP else v) for k, v in given.items()})
    for field, value in header.items():
        if given[field] is not _KEEP and getattr(advance, field) != value:
            setattr(advance, field, value)
            changed.append(field)
    return changed


def _check_production(actor, workspace, production):
    if production is None:
        return
    visible = Production.objects.visible_to(actor).filter(pk=production.pk).exists()
    if production.workspace_id != workspace.pk or not visible:
        raise AdvanceInvalid("Pick a production of this workspace that you can see.")


def _currency(code):
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise AdvanceInvalid("Use a three-letter currency code, such as USD or EUR.")
    return code


def fmt(amount):
    """8.00 → "8", 2.50 → "2.5": quantities as a person writes them."""
    return format(Decimal(amount).normalize(), "f")
