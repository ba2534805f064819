"""What the people services share: the permission check (the core's) and the organization's clock."""

from dragonfly.tenancy.access import (
    local_time,
    org_timezone,
    require,  # noqa: F401 (re-exported for the services)
)


def local_date(moment, obj):
    """The day `moment` falls on where the object's organization is."""
    return moment.astimezone(org_timezone(obj)).date()


def fmt_local(moment, obj):
    """ "10 Jun 08:00" in the object's organization's time zone."""
    return local_time(moment, obj, "d M H:i")
