"""Reservations: book an asset or a kit, check it out and in, cancel (Reservation.workflow)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition
from productions.models import Production

from ..errors import AssetInvalid, DoubleBooking, InvalidMove, NotReservable
from ..models import (
    UNRESERVABLE_STATUSES,
    Asset,
    AssetStatus,
    Reservation,
    ReservationItem,
    ReservationStatus,
)
from ._common import require
from .inventory import settle_status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from events.models import Event

    from ..models import Kit

MAX_RESERVATION_DAYS = 366  # assets.selectors relies on it to bound its range scans
R = ReservationStatus


def reserve(
    *,
    actor: User,
    asset: Asset | None = None,
    kit: Kit | None = None,
    start_date: datetime.date,
    end_date: datetime.date,
    production: Production | None = None,
    event: Event | None = None,
    notes: str | None = "",
) -> Reservation:
    """Book one asset, or every asset of a kit, from `start_date` to `end_date` (both days included).

    Refused, with nothing written, when an asset is in maintenance, lost or retired, or is
    already booked for any of those days (DoubleBooking names which)."""
    if (asset is None) == (kit is None):
        raise AssetInvalid(_("Reserve either one asset or one kit."))
    owner = cast("Asset | Kit", asset or kit)  # exactly one of them: checked just above
    workspace = owner.workspace
    require(actor, "assets.add_reservation", owner, _("Your role does not reserve assets here."))
    _check_dates(start_date, end_date)
    production = _check_where(actor, workspace, production, event)
    with transaction.atomic():
        if kit is not None:
            ids = list(kit.assets.values_list("pk", flat=True))
            if not ids:
                raise AssetInvalid(_("Kit “%(name)s” has no assets.") % {"name": kit.name})
        else:
            ids = [owner.pk]  # the asset (no kit)
        # Lock the asset rows in one order, so two bookings of overlapping kits wait for each
        # other instead of deadlocking, and the second sees what the first committed.
        locked = list(Asset.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        out_of_service = [a for a in locked if a.status in UNRESERVABLE_STATUSES]
        if out_of_service:
            names = ", ".join(f"{a.tag} ({a.get_status_display().lower()})" for a in out_of_service)
            raise NotReservable(_("Cannot reserve: %(names)s.") % {"names": names})
        clashes = _clashes(ids, start_date, end_date)
        if clashes:
            raise DoubleBooking(_clash_message(clashes))
        reservation = write_booking(
            actor,
            locked,
            start_date=start_date,
            end_date=end_date,
            notes=notes,
            workspace=workspace,
            kit=kit,
            production=production,
            event=event,
        )
    return reservation


def write_booking(actor, assets, *, start_date, end_date, notes, **where):
    """Write the reservation of `assets` (their rows locked by the caller) with its items, the assets'
    derived status and the activity entry; `where` names its workspace (or workspace_id), and kit,
    production or event. PostgreSQL's exclusion constraint is the last word on a clash (DoubleBooking).
    One way for a booking of one asset or kit (`reserve`) and of a pool (stock.reserve_from_pool)."""
    reservation = Reservation.objects.create(
        **where, start_date=start_date, end_date=end_date, notes=(notes or "").strip(), reserved_by=actor
    )
    try:
        with transaction.atomic():
            ReservationItem.objects.bulk_create(
                ReservationItem(reservation=reservation, asset=a, start_date=start_date, end_date=end_date)
                for a in assets
            )
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: someone else got there first
        raise DoubleBooking(_("These assets were just booked by someone else for some of these days.")) from exc
    if end_date >= timezone.localdate():  # the assets' derived status (see settle_status)
        Asset.objects.filter(pk__in=[a.pk for a in assets], status=AssetStatus.AVAILABLE).update(
            status=AssetStatus.RESERVED, updated_at=timezone.now()
        )
    record_activity(
        reservation,
        actor=actor,
        verb="reservation.created",
        to_state=R.RESERVED,
        data={"assets": [a.tag for a in assets], "start": start_date, "end": end_date},
    )
    return reservation


def _clashes(asset_ids, start, end):
    return list(
        ReservationItem.objects.filter(asset_id__in=asset_ids, active=True, start_date__lte=end, end_date__gte=start)
        .select_related("asset")
        .order_by("asset__tag")[:10]
    )


def _clash_message(clashes):
    # date_format: the month names read in the reader's language.
    parts = [f"{c.asset.tag} ({date_format(c.start_date, 'd M')}–{date_format(c.end_date, 'd M')})" for c in clashes]
    return _("Already booked for some of these days: %(assets)s.") % {"assets": ", ".join(parts)}


def cancel_reservation(reservation: Reservation, *, actor: User, note: str = "") -> Reservation:
    require(actor, "assets.change_reservation", reservation, _("You may not cancel this reservation."))
    with transaction.atomic():
        moved = transition(
            reservation, R.CANCELLED, actor=actor, verb="reservation.cancelled", note=note, related=_RELATED
        )
        _release(moved.obj, counted=False)
    return moved.obj


def check_out(reservation: Reservation, *, actor: User, condition: str | None = "") -> Reservation:
    """Hand the gear over: every asset of the reservation goes out, with its condition noted."""
    require(actor, "assets.checkout_reservation", reservation, _("Your role does not check assets out."))
    condition = (condition or "").strip()

    def hand_over(locked: Reservation) -> None:
        item_assets = locked.items.values_list("asset_id", flat=True)
        assets = list(Asset.objects.select_for_update().filter(pk__in=list(item_assets)).order_by("pk"))
        blocked = [a for a in assets if a.status in UNRESERVABLE_STATUSES]
        if blocked:
            names = ", ".join(f"{a.tag} ({a.get_status_display().lower()})" for a in blocked)
            raise NotReservable(_("Cannot check out: %(names)s.") % {"names": names})
        still_out = (
            ReservationItem.objects.filter(asset__in=assets, active=True, reservation__status=R.CHECKED_OUT)
            .exclude(reservation=locked)
            .select_related("asset")
        )
        if still_out:
            raise InvalidMove(
                _("Still out on another booking: %(tags)s.") % {"tags": ", ".join(i.asset.tag for i in still_out)}
            )
        locked.checked_out_at, locked.checked_out_by, locked.checkout_condition = timezone.now(), actor, condition
        Asset.objects.filter(pk__in=[a.pk for a in assets]).update(
            status=AssetStatus.CHECKED_OUT, use_count=F("use_count") + 1, updated_at=timezone.now()
        )

    return transition(
        reservation,
        R.CHECKED_OUT,
        actor=actor,
        verb="reservation.checked_out",
        note=condition,
        fields=["checked_out_at", "checked_out_by", "checkout_condition"],
        prepare=hand_over,
        related=_RELATED,
    ).obj


def check_in(reservation: Reservation, *, actor: User, condition: str | None = "") -> Reservation:
    """Take the gear back, with its condition noted; each asset goes back to what it is next."""
    require(actor, "assets.checkout_reservation", reservation, _("Your role does not check assets in."))
    condition = (condition or "").strip()

    def take_back(locked: Reservation) -> None:
        locked.checked_in_at, locked.checked_in_by, locked.checkin_condition = timezone.now(), actor, condition

    with transaction.atomic():
        moved = transition(
            reservation,
            R.RETURNED,
            actor=actor,
            verb="reservation.checked_in",
            note=condition,
            fields=["checked_in_at", "checked_in_by", "checkin_condition"],
            prepare=take_back,
            related=_RELATED,
        )
        _release(moved.obj)
    return moved.obj


_RELATED = ("workspace", "kit")


def _release(reservation, counted=True):
    asset_ids = list(reservation.items.values_list("asset_id", flat=True))
    ReservationItem.objects.filter(reservation=reservation).update(active=False, counted=counted)
    for asset in Asset.objects.select_for_update().filter(pk__in=asset_ids).order_by("pk"):
        settle_status(asset)


def _check_dates(start, end):
    if start is None or end is None:
        raise AssetInvalid(_("Give the first and the last day."))
    if end < start:
        raise AssetInvalid(_("The last day cannot be before the first day."))
    if (end - start).days + 1 > MAX_RESERVATION_DAYS:
        raise AssetInvalid(_("A reservation lasts at most %(days)s days.") % {"days": MAX_RESERVATION_DAYS})


def _check_where(actor, workspace, production, event):
    if event is not None:
        from events.models import Event

        if (
            not Event.objects.visible_to(actor)
            .filter(pk=event.pk, workspace__organization_id=workspace.organization_id)
            .exists()
        ):
            raise AssetInvalid(_("That event does not exist or you cannot see it."))
        production = production or event.production
    visible = Production.objects.visible_to(actor).filter(workspace__organization_id=workspace.organization_id)
    if production is not None and not visible.filter(pk=production.pk).exists():
        raise AssetInvalid(_("That production does not exist or you cannot see it."))
    return production
