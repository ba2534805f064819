"""Guest lists: allotments, guest requests and their approval within the allotment (GUEST_WORKFLOW).

Approving locks the allotment row first, so two managers approving the last place at once are
serialised: one wins, the other is told the allotment is full and nothing changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import require

from .errors import GuestInvalid, OverAllotment
from .models import (
    MANAGE_PERM,
    MAX_PLUS_ONES,
    Allotment,
    GuestRequest,
    GuestStatus,
    PartyKind,
)

if TYPE_CHECKING:
    from events.models import Event

ALLOTMENT_FIELDS = ["party", "kind", "places", "user", "notes"]
REQUEST_FIELDS = ["name", "plus_ones", "note"]


def may_manage(user: Any, event: Event) -> bool:
    return bool(user.has_perm(MANAGE_PERM, event))


def _require_manager(actor: Any, event: Event) -> None:
    require(actor, MANAGE_PERM, event, _("Your role does not manage this event's guest list."))


def _check_user(user: Any, event: Event) -> None:
    """A requester must be a member of the event's organization (never someone of another one)."""
    if user is None:
        return
    from dragonfly.tenancy.models import Membership

    if not Membership.objects.filter(user=user, organization_id=event.workspace.organization_id).exists():
        raise GuestInvalid(_("The requester must be a member of this organization."))


def _clean_allotment(event: Event, *, party: str, kind: str, places: Any, exclude: int | None = None) -> None:
    if not (party or "").strip():
        raise GuestInvalid(_("Name the party the places are for."))
    if kind not in PartyKind.values:
        raise GuestInvalid(_("Choose a kind of party."))
    if not isinstance(places, int) or places < 0:
        raise GuestInvalid(_("The places must be a whole number, 0 or more."))
    clash = Allotment.objects.filter(event=event, party__iexact=party.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise GuestInvalid(_("This event already has an allotment for “%(party)s”.") % {"party": party.strip()})


def create_allotment(
    *,
    actor: Any,
    event: Event,
    party: str,
    places: int,
    kind: str = PartyKind.ARTIST,
    user: Any = None,
    notes: str = "",
) -> Allotment:
    _require_manager(actor, event)
    _clean_allotment(event, party=party, kind=kind, places=places)
    _check_user(user, event)
    with transaction.atomic():
        allotment = Allotment.objects.create(
            event=event, party=party.strip(), kind=kind, places=places, user=user, notes=notes or ""
        )
        record_activity(allotment, actor=actor, verb="guest_allotment.created", workspace=event.workspace)
    return allotment


def update_allotment(allotment: Allotment, *, actor: Any, **fields: Any) -> Allotment:
    """Change an allotment; its places may not drop below what is already approved on it."""
    event = allotment.event
    _require_manager(actor, event)
    fields = {k: v for k, v in fields.items() if k in ALLOTMENT_FIELDS}
    with transaction.atomic():
        locked = Allotment.objects.select_for_update().get(pk=allotment.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        _clean_allotment(event, party=locked.party, kind=locked.kind, places=locked.places, exclude=locked.pk)
        if "user" in fields:
            _check_user(locked.user, event)
        used = approved_places(locked)
        if locked.places < used:
            raise OverAllotment(
                _("%(used)s places are already approved on this allotment; it can't have fewer.") % {"used": used}
            )
        locked.party = locked.party.strip()
        locked.save()
        # The fields it names are what an edit made on an older version is told changed (versioning).
        record_activity(
            locked,
            actor=actor,
            verb="guest_allotment.updated",
            workspace=event.workspace,
            data={"fields": sorted(fields)},
        )
    return locked


def approved_places(allotment: Allotment) -> int:
    """The places taken on `allotment`: approved guests and their plus-ones."""
    total = GuestRequest.objects.filter(allotment=allotment, status=GuestStatus.APPROVED).aggregate(
        n=Sum(F("plus_ones") + 1)
    )["n"]
    return int(total or 0)


def may_request(user: Any, allotment: Allotment) -> bool:
    return bool(allotment.user_id and allotment.user_id == user.pk) or may_manage(user, allotment.event)


def _clean_request(name: str, plus_ones: Any) -> None:
    if not (name or "").strip():
        raise GuestInvalid(_("Give the guest's name."))
    if not isinstance(plus_ones, int) or not 0 <= plus_ones <= MAX_PLUS_ONES:
        raise GuestInvalid(_("Plus-ones must be between 0 and %(max)s.") % {"max": MAX_PLUS_ONES})


def request_guest(*, actor: Any, allotment: Allotment, name: str, plus_ones: int = 0, note: str = "") -> GuestRequest:
    """The allotment's requester (or a manager) asks for a guest; the event's managers decide."""
    from django.core.exceptions import PermissionDenied

    if not may_request(actor, allotment):
        raise PermissionDenied(_("You may not ask for guests on this allotment."))
    _clean_request(name, plus_ones)
    with transaction.atomic():
        guest = GuestRequest.objects.create(
            event_id=allotment.event_id,
            allotment=allotment,
            name=name.strip(),
            plus_ones=plus_ones,
            note=note or "",
            requested_by=actor,
        )
        record_activity(guest, actor=actor, verb="guest.requested", workspace=allotment.event.workspace)
    return guest


def approve_request(guest: GuestRequest, *, actor: Any, note: str = "") -> GuestRequest:
    """Put the guest on the list, if the allotment has places left for them and their plus-ones."""
    with transaction.atomic():
        # The allotment row is the lock every approval on it takes: the last place goes to one only.
        allotment = Allotment.objects.select_for_update().get(pk=guest.allotment_id)

        def within_allotment(locked: GuestRequest) -> None:
            used = approved_places(allotment)
            if used + locked.party_size > allotment.places:
                raise OverAllotment(
                    _(
                        "“%(party)s” has %(left)s of %(places)s places left; %(name)s needs %(size)s. "
                        "Nothing was approved."
                    )
                    % {
                        "party": allotment.party,
                        "left": max(allotment.places - used, 0),
                        "places": allotment.places,
                        "name": locked.name,
                        "size": locked.party_size,
                    }
                )
            locked.decided_by = actor
            locked.decided_at = timezone.now()

        result = transition(
            guest,
            GuestStatus.APPROVED,
            actor=actor,
            note=note,
            fields=["decided_by", "decided_at"],
            prepare=within_allotment,
        )
    return result.obj


def decline_request(guest: GuestRequest, *, actor: Any, note: str = "") -> GuestRequest:
    """Take the guest off (or never put them on) the list; a checked-in guest stays on it."""

    def decide(locked: GuestRequest) -> None:
        if locked.checked_in_at is not None:
            raise GuestInvalid(_("%(name)s is already checked in; they can't be declined.") % {"name": locked.name})
        locked.decided_by = actor
        locked.decided_at = timezone.now()

    return transition(
        guest, GuestStatus.DECLINED, actor=actor, note=note, fields=["decided_by", "decided_at"], prepare=decide
    ).obj
