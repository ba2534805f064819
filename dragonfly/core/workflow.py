"""The one transition engine: every status model moves through `transition()`.

A status model declares its workflow next to its choices:

    ALLOWED_TRANSITIONS = {S.DRAFT: {S.SUBMITTED, S.CANCELLED}, ...}
    class Advance(models.Model):
        workflow = Workflow("advance", ALLOWED_TRANSITIONS, perms={S.APPROVED: "advancing.approve_advance"})

and a service moves a row with one call:

    result = transition(advance, S.APPROVED, actor=actor, note=note, fields=["reviewed_by"], prepare=decide)

which, in one transaction: re-reads the row under a lock (two reviewers acting at once are
serialised; the second one sees what the first committed) → checks the move against the
table and the actor's permission → applies `prepare` → saves → writes the activity entry
(who, when, from, to, note, field diffs) → publishes the domain event, whose after-commit
subscribers (notifications, webhooks, realtime) hear of it only once it is committed.
A refused move raises `InvalidTransition` before anything is written, and reads the same
for every model: "This advance is already approved; it can't be rejected."
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .errors import InvalidTransition
from .events import publish


class Workflow:
    """A status model's allowed moves, what each state and move is called, and who may make them.

    `states` names a state in the refusal ("a draft", "already approved"; default: its label);
    `moves` names arriving in a state ("rejected", "taken into review"; default: "moved to <label>");
    `perms` maps a target state (or "*") to the permission a move there needs on the object.
    The noun and the phrases may be `gettext_lazy` text: they are read in the reader's language each
    time a refusal is worded (German takes the participles: "bereits freigegeben", "abgelehnt").
    """

    def __init__(
        self,
        noun: str,
        transitions: Mapping[Any, Iterable[Any]],
        *,
        states: Mapping[Any, str] | None = None,
        moves: Mapping[Any, str] | None = None,
        perms: Mapping[Any, str] | None = None,
        event_prefix: str | None = None,
        status_field: str = "status",
    ) -> None:
        self.noun = noun
        self.transitions = {str(k): {str(v) for v in vs} for k, vs in transitions.items()}
        self.states = {str(k): v for k, v in (states or {}).items()}
        self.moves = {str(k): v for k, v in (moves or {}).items()}
        self.perms = {str(k): v for k, v in (perms or {}).items()}
        self.event_prefix = event_prefix or noun.replace(" ", "_")
        self.status_field = status_field
        self.model: type[models.Model] | None = None

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        # Django hands the model over when the class is built (as it does for a manager).
        self.model = cls
        setattr(cls, name, self)

    @cached_property
    def _choices(self) -> dict[str, Any]:
        field = self.model._meta.get_field(self.status_field) if self.model else None
        return {str(value): label for value, label in (getattr(field, "choices", None) or [])}

    @property
    def labels(self) -> dict[str, str]:
        # Read anew each time: the labels are lazy, and the reader's language differs per request.
        return {value: str(label) for value, label in self._choices.items()}

    # --- reading the table ---------------------------------------------------------------
    def allowed(self, from_status: Any) -> set[str]:
        return set(self.transitions.get(str(from_status), set()))

    def can_move(self, from_status: Any, to_status: Any) -> bool:
        return str(to_status) in self.allowed(from_status)

    def perm_for(self, to_status: Any) -> str | None:
        return self.perms.get(str(to_status), self.perms.get("*"))

    def may_move(self, user: Any, obj: models.Model, to_status: Any) -> bool:
        perm = self.perm_for(to_status)
        return perm is None or user.has_perm(perm, obj)

    def moves_for(self, obj: models.Model, user: Any) -> list[str]:
        """The moves `user` may make on `obj` now, in the order of the status choices (buttons)."""
        here = getattr(obj, self.status_field)
        order = list(self._choices) or sorted(self.allowed(here))
        return [s for s in order if self.can_move(here, s) and self.may_move(user, obj, s)]

    # --- words ---------------------------------------------------------------------------
    def label(self, status: Any) -> str:
        label = self.labels.get(str(status), str(status).replace("_", " "))
        # English reads a state mid-sentence in lower case; German keeps its nouns capitalised.
        return label.lower() if _english() else label

    def state_phrase(self, status: Any) -> str:
        if str(status) in self.states:
            return str(self.states[str(status)])
        # Translators: a state without its own phrase, as in "This task is done" (German: "im Status „Erledigt“").
        return pgettext("workflow state", "%(status)s") % {"status": self.label(status)}

    def move_phrase(self, status: Any) -> str:
        if str(status) in self.moves:
            return str(self.moves[str(status)])
        # Translators: a move into a state, as in "it can't be moved to approved".
        return _("moved to %(status)s") % {"status": self.label(status)}

    def refusal(self, obj: models.Model, to_status: Any, *, actor: Any = None) -> str:
        """One sentence for every refused move, naming who moved it last when that was someone else.

        Whole sentences with placeholders, so each language orders them its own way."""
        here = getattr(obj, self.status_field)
        words = {"noun": str(self.noun), "state": self.state_phrase(here)}
        if str(here) == str(to_status):
            # Translators: the word the state phrases start with when the object is there already
            # ("already approved"); the refusal adds it only when the phrase lacks it.
            already = pgettext("workflow state", "already")
            if words["state"].startswith(already + " "):
                message = _("This %(noun)s is %(state)s.") % words
            else:
                message = _("This %(noun)s is already %(state)s.") % words
        else:
            words["move"] = self.move_phrase(to_status)
            message = _("This %(noun)s is %(state)s; it can't be %(move)s.") % words
        return message + _last_changed_by(obj, here, actor)

    def check(self, obj: models.Model, to_status: Any, *, actor: Any = None) -> None:
        if not self.can_move(getattr(obj, self.status_field), to_status):
            raise InvalidTransition(self.refusal(obj, to_status, actor=actor))


class WorkflowModel(models.Model):
    """Abstract base of a status model: `obj.allowed_moves()` and `obj.moves_for(user)` (buttons)."""

    workflow: Workflow

    class Meta:
        abstract = True

    def allowed_moves(self) -> set[str]:
        return self.workflow.allowed(getattr(self, self.workflow.status_field))

    def moves_for(self, user: Any) -> list[str]:
        return self.workflow.moves_for(self, user)


@dataclass
class Transition:
    obj: Any  # the locked, moved row
    from_status: str
    to_status: str
    entry: Any  # the activity entry


def transition(
    obj: WorkflowModel,
    to_status: Any,
    *,
    actor: Any,
    verb: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
    prepare: Callable[[Any], None] | None = None,
    related: Iterable[str] = (),
    lock: bool = True,
    check_perm: bool = True,
    trigger: str = "",
    event: bool = True,
) -> Transition:
    """Move `obj` to `to_status`: lock → check → prepare → save → activity → event on commit.

    `fields` are the other fields `prepare(locked)` sets; their before/after values are
    recorded in the activity entry's `data["changes"]`. `verb` names the activity entry and
    the domain event (default `<prefix>.<to_status>`). Raises InvalidTransition or
    PermissionDenied before writing anything; `prepare` may raise a DomainError to refuse.
    """
    from dragonfly.activity.services import record_activity

    workflow: Workflow = type(obj).workflow
    to_status = str(to_status)
    if check_perm and actor is not None and not workflow.may_move(actor, obj, to_status):
        move = workflow.move_phrase(to_status)
        # English names the action ("approve"); other languages word it with the participle (%(move)s
        # is "approved" there: "Mit Ihrer Rolle kann … nicht freigegeben werden").
        raise PermissionDenied(
            _("Your role may not %(move)s this %(noun)s.")
            % {"move": _bare(move) if _english() else move, "noun": str(workflow.noun)}
        )
    fields = list(fields)
    with transaction.atomic():
        locked = _lock(obj, related) if lock else obj
        workflow.check(locked, to_status, actor=actor)
        from_status = str(getattr(locked, workflow.status_field))
        before = {f: _plain(getattr(locked, f)) for f in fields}
        if prepare is not None:
            prepare(locked)
        setattr(locked, workflow.status_field, to_status)
        saved = [workflow.status_field, *fields, *_stamps(locked)]
        locked.save(update_fields=saved)
        after = {f: _plain(getattr(locked, f)) for f in fields}
        changes = {f: [before[f], after[f]] for f in fields if before[f] != after[f]}
        payload = {**(data or {}), **({"changes": changes} if changes else {})}
        verb = verb or f"{workflow.event_prefix}.{to_status}"
        entry = record_activity(
            locked,
            actor=actor,
            verb=verb,
            trigger=trigger,
            from_state=from_status,
            to_state=to_status,
            note=note,
            data=payload,
            workspace=_workspace(locked),
        )
        if event:
            publish(verb, locked, actor=actor, entry=entry, data={"from": from_status, "to": to_status})
    if locked is not obj:  # the caller's copy reads what was committed
        for f in saved:
            setattr(obj, f, getattr(locked, f))
    return Transition(locked, from_status, to_status, entry)


def transition_edit(
    locked: WorkflowModel, edited: Any, fields: Iterable[str], *, actor: Any, verb: str, data: dict[str, Any]
) -> Transition:
    """An edit that changes the status as well: `locked` (a row the caller holds locked) takes `fields`
    from `edited`, its edited copy, and moves to the copy's status through the engine, so the move is
    checked, saved, recorded (one entry, `verb`) and published like any other."""
    fields = list(fields)

    def take_edit(row: Any) -> None:
        for name in fields:
            setattr(row, name, getattr(edited, name))

    status_field = type(locked).workflow.status_field
    to_status = getattr(edited, status_field)
    return transition(
        locked, to_status, actor=actor, verb=verb, data=data, fields=fields, prepare=take_edit, lock=False
    )


def _lock(obj: models.Model, related: Iterable[str]) -> Any:
    qs = type(obj)._base_manager.select_for_update(of=("self",))
    related = list(related)
    if related:
        qs = qs.select_related(*related)
    return qs.get(pk=obj.pk)


def _stamps(obj: models.Model) -> list[str]:
    names = {f.name for f in obj._meta.concrete_fields}
    stamps = []
    if "status_changed_at" in names:
        setattr(obj, "status_changed_at", timezone.now())  # noqa: B010 (only some models have it)
        stamps.append("status_changed_at")
    if "updated_at" in names:
        stamps.append("updated_at")
    return stamps


def _workspace(obj: models.Model) -> Any:
    from dragonfly.tenancy.access import workspace_of

    return workspace_of(obj)


def _plain(value: Any) -> Any:
    """A field value as the activity log keeps it: a related row by its pk, the rest as is."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _bare(phrase: str) -> str:
    """ "moved to approved" → "move to approved"; "rejected" → "reject": for the 403 message."""
    if phrase.startswith("moved to "):
        return "move to " + phrase[len("moved to ") :]
    return {"approved": "approve", "rejected": "reject", "cancelled": "cancel"}.get(phrase, f"make {phrase}")


def _last_changed_by(obj: models.Model, status: Any, actor: Any) -> str:
    """ " Dana Reyes changed it at 24 Nov 2026 14:02 CET." when someone else made the last move here."""
    from dragonfly.activity.models import ActivityEntry
    from dragonfly.tenancy.access import display_name, user_time

    # A move into the state (not the row's creation in it: nobody "changed" a fresh draft).
    moves = ActivityEntry.objects.for_object(obj).filter(to_state=str(status)).exclude(from_state="")
    last = moves.order_by("-id").first()
    if last is None or not last.actor_id or last.actor_id == getattr(actor, "pk", None):
        return ""
    return " " + _("%(name)s changed it at %(time)s.") % {
        "name": display_name(last.actor),
        "time": user_time(last.created_at, reader=actor),
    }


def _english() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"
