from .bookings import (
    cancel_view,
    check_in_view,
    check_out_view,
    kit_detail,
    kits,
    reservation_detail,
    reservations,
    reserve,
)
from .inventory import (
    asset_detail,
    asset_edit,
    asset_export,
    asset_label,
    asset_new,
    import_view,
    labels,
    photo_add,
    record_add,
    schedule_add,
    workspace_home,
)
from .maintenance import complete_view, maintenance
from .planning import availability, utilization

__all__ = [
    "asset_detail", "asset_edit", "asset_export", "asset_label", "asset_new", "availability", "cancel_view",
    "check_in_view", "check_out_view", "complete_view", "import_view", "kit_detail", "kits", "labels",
    "maintenance", "photo_add", "record_add", "reservation_detail", "reservations", "reserve", "schedule_add",
    "utilization", "workspace_home",
]
