"""Advancing workflows: every change to an advance goes through one of these functions.

Each status move is one `transition()` of the core engine (dragonfly/core/workflow.py): it
re-reads the advance under a row lock, checks the move against ALLOWED_TRANSITIONS, saves,
writes the activity entry and publishes the `advance.*` domain event, all in one
transaction. Who else cares subscribes to those events: finance commits, actualises or
releases budget money inside the transaction (and may refuse, undoing the move);
notifications go out after the commit. A refusal raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.versioning import StaleEdit, collect_changes, current_version, expecting
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import display_name
from events.models import Event
from productions.models import Production
from productions.wording import in_sentence

from .errors import AdvanceInvalid, DomainError, InvalidTransition
from .inputs import CENT, MAX_QUANTITY, MAX_TOTAL, Amount, fmt
from .inputs import amount as _amount
from .inputs import build_line as _build_line
from .inputs import check_event as _check_event
from .inputs import check_production as _check_production
from .inputs import currency as _currency
from .inputs import header as _header
from .models import Advance, AdvanceItem, AdvanceStatus, FulfilmentStatus, line_totals
from .selectors import advance_history, may_cancel

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

# A line as create_advance/update_draft take it: name, unit, quantity, unit_cost, catalog_item, …
LineInput = Mapping[str, Any]

S = AdvanceStatus
MAX_ITEMS = 200
ZERO = Decimal("0.00")

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

# update_draft leaves a field as it is unless the caller passes it (Any: it stands in for any type).
_KEEP: Any = object()


# --- creating and editing drafts ------------------------------------------------------------
def create_advance(
    *,
    actor: User,
    workspace: Workspace,
    production: Production | None = None,
    event: Event | None = None,
    team_workspace: str = "",
    activation_name: str = "",
    items: Iterable[LineInput] = (),
    currency: str | None = None,
) -> Advance:
    """A crew member starts an advance: a draft in `workspace`, lines priced on the server."""
    if not actor.has_perm("advancing.add_advance", workspace):
        raise PermissionDenied(_("Your role does not let you create advances in this workspace."))
    if workspace.archived:
        raise AdvanceInvalid(_("This workspace is archived; it takes no new advances."))
    _check_production(actor, workspace, production)
    _check_event(actor, workspace, production, event)
    header = _header(team_workspace=team_workspace, activation_name=activation_name)
    currency = _currency(currency or workspace.organization.currency)
    lines = build_lines(items)
    with transaction.atomic():
        advance = Advance.objects.create(
            organization_id=workspace.organization_id,
            workspace=workspace,
            production=production,
            event=event,
            submitter=actor,
            currency=currency,
            **header,
        )
        _replace_lines(advance, lines)
        _record(advance, actor=actor, verb="advance.created", to_state=S.DRAFT, data={"lines": len(lines)})
    return advance


def update_draft(
    advance: Advance,
    *,
    actor: User,
    production: Production | None = _KEEP,
    event: Event | None = _KEEP,
    team_workspace: str = _KEEP,
    activation_name: str = _KEEP,
    items: Iterable[LineInput] | None = None,
) -> Advance:
    """Edit a draft. Header fields not passed stay as they are; `items` (a list) replaces every line."""
    with transaction.atomic():
        # An edit, not a status move: it locks the row itself so a submit cannot slip in between.
        advance = Advance.objects.select_for_update(of=("self",)).get(pk=advance.pk)
        _require(actor, "change_advance", advance, _("You may not edit this advance."))
        if advance.status != S.DRAFT:
            raise InvalidTransition(
                _("Only drafts can be edited; this advance is %(status)s.")
                % {"status": in_sentence(advance.get_status_display())}
            )
        changed = _apply_header(actor, advance, production, event, team_workspace, activation_name)
        if items is not None:
            _replace_lines(advance, build_lines(items))
            changed.append("items")
        advance.save()
        entry = _record(advance, actor=actor, verb="advance.edited", data={"changed": changed})
        # Pages open on the advance refresh (dragonfly/realtime); a collaborator's edit publishes it too.
        publish("advance.edited", advance, actor=actor, entry=entry, data={"changed": changed})
    return advance


def recompute_totals(advance: Advance) -> Advance:
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
        raise AdvanceInvalid(_("The lines add up to more than this system can record; split the advance."))
    advance.estimated_cost = estimate
    advance.save(update_fields=["estimated_cost", "updated_at"])
    return advance


def build_lines(items: Iterable[LineInput]) -> list[AdvanceItem]:
    """Validate line dicts into unsaved AdvanceItems (raises AdvanceInvalid naming the line)."""
    items = list(items)
    if len(items) > MAX_ITEMS:
        raise AdvanceInvalid(
            _("An advance holds at most %(max)s lines; this one has %(n)s.") % {"max": MAX_ITEMS, "n": len(items)}
        )
    return [_build_line(raw, position) for position, raw in enumerate(items, start=1)]


# --- the workflow -------------------------------------------------------------------------------
def submit_advance(advance: Advance, *, actor: User) -> Advance:
    """Crew send a draft to the production office; its reviewers are told after the commit."""
    _require_move(actor, advance, S.SUBMITTED, _("Your role does not let you submit this advance."))

    def prepare(locked: Advance) -> None:
        if not locked.items.exists():
            raise AdvanceInvalid(_("Add at least one item before submitting."))
        locked.submitted_at = timezone.now()

    return _move(advance, S.SUBMITTED, actor=actor, verb="advance.submitted", fields=["submitted_at"], prepare=prepare)


def cancel_advance(advance: Advance, *, actor: User, note: str = "") -> Advance:
    """The submitter (or an approver) withdraws an advance before it is approved."""
    if not may_cancel(actor, advance):
        raise PermissionDenied(_("Only the submitter or an approver can cancel this advance."))
    return _move(advance, S.CANCELLED, actor=actor, verb="advance.cancelled", note=note.strip())


def start_review(advance: Advance, *, actor: User) -> Advance:
    """A reviewer takes a submitted advance; the queue shows who has it."""
    _require_move(actor, advance, S.UNDER_REVIEW, _("Your role does not let you review this advance."))

    def prepare(locked: Advance) -> None:
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()

    fields = ["reviewed_by", "reviewed_at"]
    return _move(advance, S.UNDER_REVIEW, actor=actor, verb="advance.review_started", fields=fields, prepare=prepare)


def approve_advance(
    advance: Advance,
    *,
    actor: User,
    note: str = "",
    approved_cost: Amount | None = None,
    approved_quantities: Mapping[Any, Amount] | None = None,
) -> Advance:
    """Approve, optionally fewer than requested on some lines (a partial approval the crew sees)."""
    _require_move(actor, advance, S.APPROVED, _("Your role does not let you approve this advance."))
    data: dict[str, Any] = {}  # filled by prepare(), which runs before the engine writes the activity entry

    def prepare(locked: Advance) -> None:
        items = list(locked.items.all())
        partial = _set_approved_quantities(items, approved_quantities or {})
        AdvanceItem.objects.bulk_update(items, ["approved_quantity"])
        # The header's approved cost is the sum of the lines' (each line shows its own).
        lines_cost = line_totals(items)["approved"] or ZERO
        cost = lines_cost if approved_cost is None else _amount(approved_cost, _("The approved cost"), MAX_TOTAL)
        locked.approved_cost = cost
        _decide(locked, actor, note)
        data.update(approved_cost=str(cost), partial_lines=partial)

    return _move(
        advance,
        S.APPROVED,
        actor=actor,
        verb="advance.approved",
        note=note.strip(),
        data=data,
        fields=_DECIDED,
        prepare=prepare,
    )


def reject_advance(advance: Advance, *, actor: User, note: str | None) -> Advance:
    """Turn an advance down; the submitter reads the reason."""
    _require_move(actor, advance, S.REJECTED, _("Your role does not let you reject this advance."))
    note = (note or "").strip()

    def prepare(locked: Advance) -> None:
        if not note:
            raise AdvanceInvalid(_("Say why the advance is rejected."))
        _decide(locked, actor, note)

    return _move(advance, S.REJECTED, actor=actor, verb="advance.rejected", note=note, fields=_DECIDED, prepare=prepare)


def process_advance(advance: Advance, *, actor: User) -> Advance:
    """Procurement starts on an approved advance (approved → in_progress)."""
    _require_move(actor, advance, S.IN_PROGRESS, _("Your role does not let you process this advance."))
    return _move(advance, S.IN_PROGRESS, actor=actor, verb="advance.processed")


def record_fulfilment(
    advance: Advance,
    *,
    actor: User,
    item_id: int | str,
    quantity_fulfilled: Amount,
    notes: str | None = "",
    actual_cost: Amount | None = None,
    line_version: int | None = None,
) -> Advance:
    """Record what arrived for one line. `quantity_fulfilled` is the line's new running total, so a
    phone that retries the same request changes nothing the second time.

    `line_version` is the line's version the figures were read at (the form's, a phone's queue's): when
    someone else has changed the line since, it is refused (StaleFulfilment, nothing recorded) rather
    than overwrite their newer total. None: recorded on the line as it is."""
    notes = (notes or "").strip()
    _require(actor, "fulfil_advance", advance, _("Your role does not let you record fulfilment here."))
    with transaction.atomic():
        # Not a move by itself (a partial line leaves the status as it is), so it holds the row
        # lock for the whole recording; the moves it makes re-lock the same row in this transaction.
        advance = Advance.objects.select_for_update(of=("self",)).get(pk=advance.pk)
        if advance.status not in (S.APPROVED, S.IN_PROGRESS):
            raise InvalidTransition(Advance.workflow.refusal(advance, S.FULFILLED, actor=actor))
        item = _line_of(advance, item_id)
        with expecting(item, _line_read(advance, item, line_version, actor)):
            quantity, cost = _fulfilment_amounts(item, quantity_fulfilled, actual_cost)
            if _is_repeat(item, quantity, cost, notes):
                return advance
            previous = item.quantity_fulfilled
            _fulfil_line(item, quantity, cost, notes)
        if advance.status == S.APPROVED:
            # Fulfilment may start before anyone pressed "process"; fulfil_advance was checked above.
            _move(advance, S.IN_PROGRESS, actor=actor, verb="advance.fulfilment_started", check_perm=False)
        data = {
            "item_id": item.pk,
            "item_name": item.name,
            "previous": str(previous),
            "quantity_fulfilled": str(quantity),
            "quantity_to_fulfil": str(item.quantity_to_fulfil),
            "actual_cost": str(cost),
            "line_version": current_version(item),  # what a stale fulfilment of the line looks after
        }
        _after_fulfilment(advance, actor, notes, data)
    return advance


def bulk_decide(
    advances_ids: Iterable[int | str], *, actor: User, decision: str, note: str = ""
) -> tuple[list[Advance], list[tuple[int | str, str]]]:
    """Approve or reject many advances from the queue: each in its own transaction, so one
    refusal (already moved, no permission) does not undo the others. Returns (done, refused)."""
    services: dict[str, Callable[..., Advance]] = {"approve": approve_advance, "reject": reject_advance}
    if decision not in services:
        raise ValueError(f"decision must be 'approve' or 'reject', not {decision!r}")
    visible = Advance.objects.visible_to(actor)
    done, refused = [], []
    for raw_id in dict.fromkeys(advances_ids):
        advance = visible.filter(pk=raw_id).first() if str(raw_id).isdigit() else None
        if advance is None:
            refused.append((raw_id, _("This advance does not exist or you cannot see it.")))
            continue
        try:
            done.append(services[decision](advance, actor=actor, note=note))
        except (DomainError, PermissionDenied) as exc:
            refused.append((advance.pk, str(exc)))
    return done, refused


# --- moving and recording ------------------------------------------------------------------
_DECIDED = ["reviewed_by", "reviewed_at", "reviewer_notes", "approved_cost"]


def _require(actor, codename, advance, message):
    if not actor.has_perm(f"advancing.{codename}", advance):
        raise PermissionDenied(message)


def _require_move(actor, advance, to_status, message):
    """The workflow's permission for the move, refused in words a person reads (a whole sentence)."""
    if not Advance.workflow.may_move(actor, advance, to_status):
        raise PermissionDenied(message)


def _move(advance, to_status, *, actor, verb, check_perm=True, **kwargs):
    """One status move through the engine; returns the locked, moved advance. The caller has
    already refused a missing permission in its own words; the engine checks it again."""
    return transition(
        advance, to_status, actor=actor, verb=verb, trigger=TRIGGERS[verb], check_perm=check_perm, **kwargs
    ).obj


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
            raise AdvanceInvalid(_("Item %(item)s is not a line of this advance.") % {"item": key})
        wanted[item.pk] = value
    partial = []
    for item in items:
        label = _("Line “%(name)s”") % {"name": item.name}
        quantity = item.quantity if item.pk not in wanted else _amount(wanted[item.pk], label, MAX_QUANTITY)
        if not Decimal("0") < quantity <= item.quantity:
            raise AdvanceInvalid(
                _("%(line)s: approve more than 0 and at most the %(requested)s requested.")
                % {"line": label, "requested": fmt(item.quantity)}
            )
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
        raise AdvanceInvalid(_("This line is not part of the advance."))
    return item


FULFILMENT_VERBS = ("advance.fulfilment_recorded", "advance.fulfilled")
_FULFILMENT_FIELDS = ["quantity_fulfilled", "actual_cost"]


class StaleFulfilment(StaleEdit):
    """A fulfilment made on figures of a line someone else has changed since; nothing was recorded."""

    def sentence(self) -> str:
        line = self.obj
        assert isinstance(line, AdvanceItem)  # noqa: S101  # nosec B101 — raised for a line only
        words = {"line": line.name, "done": fmt(line.quantity_fulfilled), "total": fmt(line.quantity_to_fulfil)}
        who = self.changes.last_by
        if who is None:
            return (
                _(
                    "Someone changed “%(line)s” after you read its figures: %(done)s of %(total)s are now recorded "
                    "as arrived. Yours was not recorded; check the new total and record it again."
                )
                % words
            )
        words |= {"person": display_name(who), "ago": self.changes.entries[0].ago}
        return (
            _(
                "%(person)s recorded “%(line)s” after you read its figures (%(ago)s): %(done)s of %(total)s are "
                "now recorded as arrived. Yours was not recorded; check the new total and record it again."
            )
            % words
        )


def _line_read(advance, item, read, actor):
    """The line version a fulfilment may be recorded on: the one its figures were read at (None: any).
    Changes since that were all the actor's own fulfilments are no conflict (a phone's queue sending 2,
    then 4, of one line, both read at the same version); anyone else's (or an unlogged change) is."""
    if read is None or read == item.version:
        return read
    since = list(
        advance_history(advance)
        .filter(verb__in=FULFILMENT_VERBS, data__item_id=item.pk, data__line_version__gt=read)
        .order_by("-created_at", "-id")[:50]
    )
    # Every version since accounted for by a logged fulfilment, each of them the actor's own.
    versions = sorted(entry.data["line_version"] for entry in since)
    own = all(entry.actor_id == actor.pk for entry in since)
    if own and read < item.version and versions == list(range(read + 1, item.version + 1)):
        return item.version
    others = [entry for entry in since if entry.actor_id != actor.pk]
    changes = collect_changes(AdvanceItem, others, lambda entry: _FULFILMENT_FIELDS)
    raise StaleFulfilment(item, read=read, current=item.version, changes=changes)


def _fulfilment_amounts(item, quantity_fulfilled, actual_cost):
    label = _("Line “%(name)s”") % {"name": item.name}
    quantity = _amount(quantity_fulfilled, label, MAX_QUANTITY)
    target = item.quantity_to_fulfil
    if quantity > target:
        if item.approved_quantity is not None:
            too_many = _("Only %(target)s were approved; %(quantity)s is more than that.")
        else:
            too_many = _("Only %(target)s were requested; %(quantity)s is more than that.")
        raise AdvanceInvalid(too_many % {"target": fmt(target), "quantity": fmt(quantity)})
    if quantity < item.quantity_fulfilled:
        raise AdvanceInvalid(
            _("%(line)s: %(done)s are already recorded as fulfilled; send the new total, not less.")
            % {"line": label, "done": fmt(item.quantity_fulfilled)}
        )
    if actual_cost is None:
        return quantity, (quantity * item.unit_cost).quantize(CENT)
    return quantity, _amount(actual_cost, _("%(line)s: the actual cost") % {"line": label}, MAX_TOTAL)


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
    """Total the actual cost, and close the advance when this fulfilment completed every line.
    Either way one event says so (`advance.fulfilled` or `advance.fulfilment_recorded`): finance
    moves the fulfilled share to actual cost on it, inside this transaction."""
    lines = list(advance.items.all())
    actual = sum((line.actual_cost or ZERO for line in lines), ZERO)
    if all(line.fulfilment_status == FulfilmentStatus.COMPLETE for line in lines):

        def close(locked: Advance) -> None:
            locked.actual_cost = actual
            locked.fulfilled_by, locked.fulfilled_at, locked.fulfillment_notes = actor, timezone.now(), notes

        fields = ["actual_cost", "fulfilled_by", "fulfilled_at", "fulfillment_notes"]
        _move(
            advance,
            S.FULFILLED,
            actor=actor,
            verb="advance.fulfilled",
            note=notes,
            data=data,
            fields=fields,
            prepare=close,
        )
        return
    advance.actual_cost = actual
    advance.save(update_fields=["actual_cost", "updated_at"])
    entry = _record(advance, actor=actor, verb="advance.fulfilment_recorded", note=notes, data=data)
    publish("advance.fulfilment_recorded", advance, actor=actor, entry=entry, data={"item_id": data["item_id"]})


# --- input checks -----------------------------------------------------------------------------


def _replace_lines(advance, lines):
    # An outside collaborator's answer to a line (advancing/sharing.py) stays with it when the crew edits the
    # draft: the new line of the same catalog item and name takes the old line's answer.
    answers = {
        (item_id, name): metadata["external_answer"]
        for item_id, name, metadata in advance.items.values_list("catalog_item_id", "name", "metadata")
        if isinstance(metadata, dict) and metadata.get("external_answer")
    }
    advance.items.all().delete()
    for line in lines:
        line.advance = advance
        answer = answers.get((line.catalog_item_id, line.name))
        if answer and not (line.metadata or {}).get("external_answer"):
            line.metadata = {**(line.metadata or {}), "external_answer": answer}
    AdvanceItem.objects.bulk_create(lines)
    recompute_totals(advance)


def _apply_header(actor, advance, production, event, team_workspace, activation_name):
    changed = []
    if production is not _KEEP and production != advance.production:
        _check_production(actor, advance.workspace, production)
        advance.production = production
        changed.append("production")
    if event is not _KEEP and event != advance.event:
        advance.event = event
        changed.append("event")
    if {"production", "event"} & set(changed):
        # A show day kept while the production changes must still be one of its days.
        _check_event(actor, advance.workspace, advance.production, advance.event)
    given = {"team_workspace": team_workspace, "activation_name": activation_name}
    header = _header(**{k: ("" if v is _KEEP else v) for k, v in given.items()})
    for field, value in header.items():
        if given[field] is not _KEEP and getattr(advance, field) != value:
            setattr(advance, field, value)
            changed.append(field)
    return changed
