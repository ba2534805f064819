"""Advances shared with outside collaborators: an artist's tour manager or a supplier answers the lines
of one advance through a link, without an account.

The crew who may edit an advance make a link (`share_advance`): an unguessable token (only its hash is
kept), a window it opens in (default 14 days), an optional passcode (hashed; five wrong tries in 15
minutes shut the link's door for 15 minutes), and a label saying who it is for. They reset it (a new
token: the old link stops at once) or revoke it; each is an activity entry on the advance.

The collaborator gives a name and an email, then answers lines ("we bring our own mic package"),
confirms or adjusts a quantity while the advance is a draft, and adds a catalog line to a draft. Each
change is written here, in one transaction with its activity entry ("external: name, email", the link)
and the `advance.edited` domain event the crew's own draft edits publish, so the advance's page
refreshes live (dragonfly/realtime).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.inputs import text_cleaner

from .errors import AdvanceInvalid, Conflict, DomainError, InvalidTransition
from .models import (
    EDITABLE_STATUSES,
    Advance,
    AdvanceItem,
    AdvanceShareLink,
    AdvanceStatus,
    CatalogItem,
    ShareField,
)
from .services import MAX_ITEMS, MAX_QUANTITY, TRIGGERS, _amount, build_lines, fmt, recompute_totals

if TYPE_CHECKING:
    from django.contrib.auth.models import User

S = AdvanceStatus
DEFAULT_DAYS = 14
MAX_DAYS = 180
MAX_ANSWER = 2000
PASSCODE_TRIES = 5  # wrong passcodes …
PASSCODE_WINDOW = 15 * 60  # … within this many seconds shut the link's door …
PASSCODE_LOCK = 15 * 60  # … for this many seconds
# Answers are taken while the advance may still change; quantities and new lines only on a draft.
ANSWERABLE_STATUSES = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.IN_PROGRESS)
clean_text = text_cleaner(AdvanceInvalid)


class ShareUnavailable(DomainError):
    """A share link that is not open now: `state` says why ("not_open", "expired")."""

    code = "share_unavailable"

    def __init__(self, message: str, state: str):
        super().__init__(message)
        self.state = state


class PasscodeRefused(DomainError):
    """A wrong passcode, or too many of them (`locked`)."""

    code = "passcode_refused"

    def __init__(self, message: str, *, locked: bool = False):
        super().__init__(message)
        self.locked = locked


@dataclass(frozen=True)
class Guest:
    """The outside collaborator behind a link: who they said they are (kept in their session)."""

    name: str
    email: str

    @property
    def signature(self) -> str:
        return _("external: %(name)s, %(email)s") % {"name": self.name, "email": self.email}

    def as_data(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the crew's side --------------------------------------------------------------------------------
def may_share(user: Any, advance: Advance) -> bool:
    """Who may edit the advance may share it (and reset or revoke its links)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("advancing.change_advance", advance)


def share_advance(
    advance: Advance,
    *,
    actor: User,
    label: str,
    valid_from: datetime.datetime | None = None,
    valid_until: datetime.datetime | None = None,
    passcode: str = "",
    shared_fields: Iterable[str] = (),
) -> tuple[AdvanceShareLink, str]:
    """A link for `label` (who it is for). The token is returned once, for the sharer to pass on."""
    _require_share(actor, advance)
    label = clean_text(label, _("who the link is for"), max_length=200, required=True)
    valid_from, valid_until = _window(valid_from, valid_until)
    fields = _shared_fields(shared_fields)
    passcode = (passcode or "").strip()
    if passcode and not 4 <= len(passcode) <= 64:
        raise AdvanceInvalid(_("A passcode has 4 to 64 characters."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = AdvanceShareLink.objects.create(
            advance=advance,
            label=label,
            token_hash=token_hash(token),
            passcode_hash=make_password(passcode) if passcode else "",
            valid_from=valid_from,
            valid_until=valid_until,
            shared_fields=fields,
            created_by=actor,
        )
        _audit(link, actor, "advance.share_created", valid_until=valid_until.isoformat(), passcode=bool(passcode))
    return link, token


def reset_share_link(link: AdvanceShareLink, *, actor: User) -> tuple[AdvanceShareLink, str]:
    """A new token for the same link: the old URL stops working at once (and who opened it must
    open the new one)."""
    _require_share(actor, link.advance)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = AdvanceShareLink.objects.select_for_update().select_related("advance").get(pk=link.pk)
        if link.revoked_at is not None:
            raise Conflict(_("This link was revoked; make a new one instead."))
        link.token_hash, link.reset_at = token_hash(token), timezone.now()
        link.save(update_fields=["token_hash", "reset_at"])
        _audit(link, actor, "advance.share_reset")
    cache.delete_many([_fails_key(link), _lock_key(link)])
    return link, token


def revoke_share_link(link: AdvanceShareLink, *, actor: User) -> AdvanceShareLink:
    _require_share(actor, link.advance)
    with transaction.atomic():
        link = AdvanceShareLink.objects.select_for_update().select_related("advance").get(pk=link.pk)
        if link.revoked_at is not None:
            raise Conflict(_("This link was already revoked."))
        link.revoked_at, link.revoked_by = timezone.now(), actor
        link.save(update_fields=["revoked_at", "revoked_by"])
        _audit(link, actor, "advance.share_revoked")
    return link


def links_of(advance: Advance):
    """The advance's links, newest first, for its share page and the API (one query)."""
    return AdvanceShareLink.objects.filter(advance=advance).select_related("created_by", "revoked_by")


# --- the collaborator's side ------------------------------------------------------------------------
def link_for_token(token: str) -> AdvanceShareLink | None:
    """The link of `token`, or None: no such token, an old token of a reset link, or a revoked link
    (all look the same to whoever holds them)."""
    if not token or len(token) > 100:
        return None
    link = (
        AdvanceShareLink.objects.select_related("advance", "advance__workspace__organization", "advance__production")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    return link


def require_open(link: AdvanceShareLink) -> AdvanceShareLink:
    """The link if it is inside its window now; ShareUnavailable saying why otherwise."""
    state = link.state()
    if state == "not_open":
        raise ShareUnavailable(_("This link is not open yet."), state)
    if state == "expired":
        raise ShareUnavailable(_("This link has expired."), state)
    if state != "open":
        raise ShareUnavailable(_("This link no longer works."), state)
    return link


def check_passcode(link: AdvanceShareLink, passcode: str) -> None:
    """Raises PasscodeRefused unless `passcode` opens the link. Five wrong ones within 15 minutes
    lock the link for 15 minutes, for everyone (the cache counts them)."""
    if not link.has_passcode:
        return
    if cache.get(_lock_key(link)):
        raise _locked_out()
    if passcode and check_password(passcode, link.passcode_hash):
        cache.delete(_fails_key(link))
        return
    key = _fails_key(link)
    cache.add(key, 0, PASSCODE_WINDOW)
    try:
        fails = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, PASSCODE_WINDOW)
        fails = 1
    if fails >= PASSCODE_TRIES:
        cache.set(_lock_key(link), True, PASSCODE_LOCK)
        cache.delete(key)
        raise _locked_out()
    raise PasscodeRefused(_("That passcode is not right."))


def _locked_out() -> PasscodeRefused:
    return PasscodeRefused(
        _("Too many wrong passcodes: this link is locked for a while. Try again later."), locked=True
    )


def guest_from(name: str, email: str) -> Guest:
    """Who the collaborator says they are: a name and a valid email, or AdvanceInvalid."""
    name = clean_text(name, _("your name"), max_length=100, required=True)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AdvanceInvalid(_("Give an email address we can reach you at.")) from None
    if len(email) > 254:
        raise AdvanceInvalid(_("Give an email address we can reach you at."))
    return Guest(name=name, email=email.lower())


def note_visit(link: AdvanceShareLink, guest: Guest) -> None:
    """The link's "last used" (its list on the crew's side shows it)."""
    AdvanceShareLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now(), last_used_by=_who(guest))


def answer_line(
    link: AdvanceShareLink,
    *,
    guest: Guest,
    item_id: int | str,
    answer: str = "",
    quantity: Any = None,
) -> AdvanceItem:
    """The collaborator's answer to one line, and (on a draft) its confirmed or adjusted quantity."""
    require_open(link)
    answer = clean_text(answer, _("your answer"), max_length=MAX_ANSWER, required=False)
    with transaction.atomic():
        advance = _locked(link)
        if advance.status not in ANSWERABLE_STATUSES:
            raise InvalidTransition(_("This advance is closed; it takes no more answers."))
        item = advance.items.filter(pk=item_id).first() if str(item_id).isdigit() else None
        if item is None:
            raise AdvanceInvalid(_("This line is not part of the advance."))
        changed: list[str] = []
        previous = item.quantity
        if quantity not in (None, ""):
            label = _("Line “%(name)s”: the quantity") % {"name": item.name}
            new = _amount(quantity, label, MAX_QUANTITY)
            if new != item.quantity:
                if advance.status not in EDITABLE_STATUSES:
                    raise InvalidTransition(
                        _("The quantities can change only while the advance is a draft; answer in words instead.")
                    )
                if new <= 0:
                    raise AdvanceInvalid(_("%(what)s must be more than 0.") % {"what": label})
                item.quantity = new
                changed.append("quantity")
        old_answer = (item.metadata or {}).get("external_answer", {}).get("text", "")
        if answer and answer != old_answer:
            item.metadata = {**(item.metadata or {}), "external_answer": _answer(answer, guest, link)}
            changed.append("answer")
        if not changed:
            return item
        item.save(update_fields=["quantity", "metadata"])
        recompute_totals(advance)  # the totals follow a new quantity; the save counts a version either way
        data = {"item_id": item.pk, "item_name": item.name, "changed": changed}
        if "quantity" in changed:
            data.update(previous=str(previous), quantity=str(item.quantity))
        verb = "advance.edited" if "quantity" in changed else "advance.line_answered"
        _external(advance, link, guest, verb=verb, note=answer if "answer" in changed else "", data=data)
    note_visit(link, guest)
    return item


def add_catalog_line(
    link: AdvanceShareLink,
    *,
    guest: Guest,
    catalog_item: CatalogItem | None,
    quantity: Any,
    answer: str = "",
) -> AdvanceItem:
    """A line from the catalog, added by the collaborator to a draft (priced by the crew later)."""
    require_open(link)
    if catalog_item is None or not catalog_item.enabled:
        raise AdvanceInvalid(_("Pick an item of the catalog."))
    answer = clean_text(answer, _("your answer"), max_length=MAX_ANSWER, required=False)
    with transaction.atomic():
        advance = _locked(link)
        if advance.status not in EDITABLE_STATUSES:
            raise InvalidTransition(_("Lines can be added only while the advance is a draft."))
        if advance.items.count() >= MAX_ITEMS:
            raise AdvanceInvalid(_("An advance holds at most %(max)s lines.") % {"max": MAX_ITEMS})
        (item,) = build_lines([{"catalog_item": catalog_item, "quantity": quantity}])
        item.advance = advance
        item.position = (advance.items.aggregate(last=Max("position"))["last"] or 0) + 1
        if answer:
            item.metadata = {"external_answer": _answer(answer, guest, link)}
        item.save()
        recompute_totals(advance)
        data = {"item_id": item.pk, "item_name": item.name, "quantity": str(item.quantity), "changed": ["items"]}
        _external(advance, link, guest, verb="advance.line_added", note=answer, data=data)
    note_visit(link, guest)
    return item


def shown_fields(link: AdvanceShareLink) -> set[str]:
    return {f for f in link.shared_fields or () if f in ShareField.values}


def quantity_text(value: Decimal) -> str:
    return fmt(value)


# --- inside --------------------------------------------------------------------------------------
def _require_share(actor: Any, advance: Advance) -> None:
    if not may_share(actor, advance):
        raise PermissionDenied(_("Only who may edit this advance shares it outside the organization."))


def _window(valid_from, valid_until):
    now = timezone.now()
    valid_from = valid_from or now
    valid_until = valid_until or valid_from + datetime.timedelta(days=DEFAULT_DAYS)
    if valid_until <= valid_from:
        raise AdvanceInvalid(_("The link must close after it opens."))
    if valid_until <= now:
        raise AdvanceInvalid(_("The link would already be closed: pick a later end."))
    if valid_until - valid_from > datetime.timedelta(days=MAX_DAYS):
        raise AdvanceInvalid(_("A link stays open at most %(days)s days.") % {"days": MAX_DAYS})
    return valid_from, valid_until


def _shared_fields(fields: Iterable[str]) -> list[str]:
    fields = list(dict.fromkeys(fields or ()))
    unknown = [f for f in fields if f not in ShareField.values]
    if unknown:
        raise AdvanceInvalid(_("These cannot be shared: %(fields)s.") % {"fields": ", ".join(map(str, unknown))})
    return fields


def _audit(link: AdvanceShareLink, actor: Any, verb: str, **extra: Any) -> None:
    data = {"share_link": link.pk, "label": link.label, **extra}
    record_activity(link.advance, actor=actor, verb=verb, workspace=link.advance.workspace, data=data)


def _locked(link: AdvanceShareLink) -> Advance:
    """The link's advance, row-locked for the change (a crew edit or a status move waits its turn)."""
    return Advance.objects.select_for_update(of=("self",)).select_related("workspace").get(pk=link.advance_id)


def _answer(text: str, guest: Guest, link: AdvanceShareLink) -> dict[str, Any]:
    return {**guest.as_data(), "text": text, "at": timezone.now().isoformat(), "link": link.pk}


def _who(guest: Guest) -> str:
    return f"{guest.name} <{guest.email}>"[:400]


def _external(advance: Advance, link: AdvanceShareLink, guest: Guest, *, verb: str, note: str, data: dict) -> None:
    """The activity entry of a collaborator's change ("external: name, email", which link) and the
    domain event the crew's own draft edits publish, so their open pages refresh."""
    data = {**data, "external": guest.as_data(), "share_link": link.pk, "label": link.label}
    entry = record_activity(
        advance,
        actor=None,
        verb=verb,
        trigger=TRIGGERS.get(verb, ""),
        workspace=advance.workspace,
        note=note,
        data=data,
    )
    publish("advance.edited", advance, entry=entry, data={"via": "share", "item_id": data["item_id"]})


def _fails_key(link: AdvanceShareLink) -> str:
    return f"advancing:share:{link.pk}:fails"


def _lock_key(link: AdvanceShareLink) -> str:
    return f"advancing:share:{link.pk}:locked"
