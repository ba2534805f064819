"""The door: a guest's signed pass (its QR code), finding a guest by name or code, checking them in
(counted once however often), and the live counts (checked in / expected)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dragonfly.core.events import publish
from dragonfly.tenancy.access import require

from .errors import GuestInvalid, NotOnList
from .models import CHECKIN_PERM, DOOR_CODE_LENGTH, CheckIn, GuestRequest, GuestStatus

if TYPE_CHECKING:
    from events.models import Event

DOOR_SIGNING_SALT = "guests.door"  # what signs a guest's QR code (a namespace, not a secret)
SEARCH_LIMIT = 25


# --- the pass ---------------------------------------------------------------------------------------
def pass_token(guest: GuestRequest) -> str:
    """What the guest's QR code holds: their id and door code, signed with the site's secret."""
    return signing.Signer(salt=DOOR_SIGNING_SALT).sign(f"{guest.pk}.{guest.door_code}")


def qr_svg(data: str) -> str:
    """An inline <svg> QR code of `data`, drawn locally (no network, no Pillow)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    code.add_data(data)
    code.make(fit=True)
    markup = code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    start = markup.find("<svg")
    return mark_safe(markup[start:] if start >= 0 else markup)  # noqa: S308  # nosec B308 B703 # qrcode's own SVG paths; the data is encoded as modules


def find_by_code(event: Event, code: str) -> GuestRequest | None:
    """The approved guest of `event` a scanned pass or a typed door code names, else None."""
    code = (code or "").strip()
    if not code or len(code) > 200:
        return None
    guests = GuestRequest.objects.at_door(event).select_related("allotment")
    if ":" in code:  # a scanned pass: "<id>.<door code>:<signature>"
        try:
            value = signing.Signer(salt=DOOR_SIGNING_SALT).unsign(code)
        except signing.BadSignature:
            return None
        pk, _sep, door_code = value.partition(".")
        if not pk.isdigit():
            return None
        return guests.filter(pk=int(pk), door_code=door_code).first()
    typed = code.upper().replace(" ", "").replace("-", "")
    if len(typed) != DOOR_CODE_LENGTH:
        return None
    return guests.filter(door_code=typed).first()


def search(event: Event, query: str) -> list[GuestRequest]:
    """Approved guests of `event` whose name (or party) holds `query`, at most SEARCH_LIMIT, by name."""
    query = (query or "").strip()[:100]
    guests = GuestRequest.objects.at_door(event).select_related("allotment")
    if query:
        guests = guests.filter(Q(name__icontains=query) | Q(allotment__party__icontains=query))
    return list(guests.order_by("name", "id")[:SEARCH_LIMIT])


# --- checking in ------------------------------------------------------------------------------------
@dataclass
class CheckInResult:
    guest: GuestRequest
    first: bool  # this submission checked the guest in (not an earlier one)


def check_in(guest: GuestRequest, *, actor: Any, plus_ones: int = 0) -> CheckInResult:
    """Check an approved guest in with `plus_ones` of their plus-ones. Idempotent: the guest counts
    once however often they are checked in, and the plus-ones in are the most any check-in said. (The
    same submission replayed, an offline phone's queue, is answered by its idempotency key before this
    runs: the views go through dragonfly.core.idempotency.)"""
    require(actor, CHECKIN_PERM, guest.event, _("Your role does not check guests in at this event."))
    if not isinstance(plus_ones, int) or plus_ones < 0:
        raise GuestInvalid(_("Plus-ones must be a whole number, 0 or more."))
    with transaction.atomic():
        locked = GuestRequest.objects.select_for_update().select_related("allotment").get(pk=guest.pk)
        if locked.status != GuestStatus.APPROVED:
            raise NotOnList(_("%(name)s is not on the guest list.") % {"name": locked.name})
        if plus_ones > locked.plus_ones:
            raise GuestInvalid(
                _("%(name)s may bring %(max)s plus-ones, not %(count)s.")
                % {"name": locked.name, "max": locked.plus_ones, "count": plus_ones}
            )
        first = locked.checked_in_at is None
        if first:
            locked.checked_in_at = timezone.now()
            locked.checked_in_by = actor
        locked.plus_ones_in = max(locked.plus_ones_in, plus_ones)
        locked.save(update_fields=["checked_in_at", "checked_in_by", "plus_ones_in", "updated_at"])
        CheckIn.objects.create(request=locked, plus_ones=plus_ones, checked_in_by=actor)
        # About the event, not the guest: every open door page of it refreshes its counts, and door
        # staff may see the event (not the guest list). Nothing about the guest rides along.
        publish("guest.checked_in", guest.event, actor=actor, data={"first": first})
    if locked is not guest:
        guest.checked_in_at, guest.plus_ones_in = locked.checked_in_at, locked.plus_ones_in
    return CheckInResult(locked, first=first)


@dataclass
class DoorCounts:
    checked_in: int  # guests and plus-ones through the door
    expected: int  # approved guests and their plus-ones
    guests_in: int  # guests (without plus-ones) checked in
    guests: int  # approved guests


def counts(event: Event) -> DoorCounts:
    """The door's numbers for `event`, in one query."""
    row = GuestRequest.objects.at_door(event).aggregate(
        expected=Sum(F("plus_ones") + 1),
        guests=Count("id"),
        checked_in=Sum(F("plus_ones_in") + 1, filter=Q(checked_in_at__isnull=False)),
        guests_in=Count("id", filter=Q(checked_in_at__isnull=False)),
    )
    return DoorCounts(
        checked_in=int(row["checked_in"] or 0),
        expected=int(row["expected"] or 0),
        guests_in=int(row["guests_in"] or 0),
        guests=int(row["guests"] or 0),
    )
