"""Asset workflows: every change to assets, kits, reservations and maintenance goes through here.

Each function takes the object first (or the workspace it creates in) and the acting user
as `actor=`, checks `actor.has_perm(...)`, runs in one transaction and writes the activity
entry inside it. Status moves go through `dragonfly.core.workflow.transition()` (lock →
check the table → save → activity → domain event); subscribers (assets.notifications)
act on the events after the commit. Reserving locks the asset rows (`select_for_update`,
in pk order) before it looks for overlapping bookings; on PostgreSQL the exclusion
constraint `asset_never_double_booked` is the last word.

Split by subject: `inventory` (assets, kits, the derived asset status), `reservations`,
`maintenance`. `from assets import services; services.reserve(...)` keeps working.
"""

from .inventory import ASSET_FIELDS, create_asset, create_kit, settle_status, update_asset, update_kit
from .maintenance import (
    add_maintenance_record,
    add_maintenance_schedule,
    complete_maintenance,
    open_due_maintenance,
)
from .reservations import MAX_RESERVATION_DAYS, cancel_reservation, check_in, check_out, reserve
from .stock import PoolBooking, PoolRequest, reserve_from_pool

__all__ = [
    "ASSET_FIELDS",
    "MAX_RESERVATION_DAYS",
    "add_maintenance_record",
    "add_maintenance_schedule",
    "cancel_reservation",
    "check_in",
    "check_out",
    "complete_maintenance",
    "create_asset",
    "create_kit",
    "PoolBooking",
    "PoolRequest",
    "open_due_maintenance",
    "reserve",
    "reserve_from_pool",
    "settle_status",
    "update_asset",
    "update_kit",
]
