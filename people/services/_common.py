from django.core.exceptions import PermissionDenied

from dragonfly.tenancy.access import local_time, org_timezone


def require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def local_date(moment, obj):
    """The day `moment` falls on where the object's organization is."""
    return moment.astimezone(org_timezone(obj)).date()


def fmt_local(moment, obj):
    """ "10 Jun 08:00" in the object's organization's time zone."""
    return local_time(moment, obj, "d M H:i")
