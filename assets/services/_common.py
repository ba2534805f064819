from django.core.exceptions import PermissionDenied


def require(actor, perm, obj, message):
    """Refuse, before anything is read under a lock, when the actor lacks `perm` on `obj`."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)
