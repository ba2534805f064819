"""Builders for the assets tests."""

import itertools

from assets.models import Asset, Kit, Reservation, ReservationItem

_seq = itertools.count(1)


def make_asset(workspace, tag=None, name="Moving head", category="Lighting", **kwargs):
    return Asset.objects.create(
        organization_id=workspace.organization_id,
        workspace=workspace,
        tag=tag or f"T-{next(_seq):05d}",
        name=name,
        category=category,
        **kwargs,
    )


def make_kit(workspace, name=None, assets=()):
    kit = Kit.objects.create(workspace=workspace, name=name or f"Kit {next(_seq)}")
    kit.assets.set(assets)
    return kit


def book(asset, start, end, status="reserved", **kwargs):
    """A reservation row straight in the database (no service checks): for fixtures and benches."""
    reservation = Reservation.objects.create(
        workspace=asset.workspace, start_date=start, end_date=end, status=status, **kwargs
    )
    ReservationItem.objects.create(
        reservation=reservation,
        asset=asset,
        start_date=start,
        end_date=end,
        active=status in ("reserved", "checked_out"),
        counted=status != "cancelled",
    )
    return reservation
