"""Product events of an organization that opted in (its analytics connection is on), written as
rows that integrations/analytics/tasks.py sends in Celery: recording one never calls a provider.

No personal data leaves: the user is a keyed hash (HMAC of the organization and the user's id, with
a server key), which can neither be reversed nor joined across organizations; properties keep only
the names in ALLOWED (ids, statuses, module and page names), never names, emails or free text."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes

# Who opted in lives in the cache only, so a page asks no database query: set on connect, deleted
# on switching off, and re-set by each minute's flush (a flushed cache loses a minute at most).
OPTED_IN_SECONDS = 300
ALLOWED = {
    "organization_id",
    "workspace_id",
    "module",
    "page",
    "advance_id",
    "production_id",
    "status",
    "from_status",
    "to_status",
}


def _id_key() -> bytes:
    secret = settings.ANALYTICS_ID_KEY or f"analytics-id:{settings.INTEGRATIONS_KEY or settings.SECRET_KEY}"
    return force_bytes(secret)


def distinct_id(organization_id: int, user_id: int) -> str:
    """The user as the provider sees them: the same within an organization, unrelated across them."""
    return hmac.new(_id_key(), f"{organization_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def _cache_key(organization_id: int) -> str:
    return f"integrations:analytics-on:{organization_id}"


def opted_in_connection(organization_id: int) -> int | None:
    """The organization's connected analytics connection's id, from the cache (asked on each page)."""
    return cache.get(_cache_key(organization_id)) or None


def mark_opt_in(organization_id: int, connection_id: int) -> None:
    cache.set(_cache_key(organization_id), connection_id, OPTED_IN_SECONDS)


def refresh_opt_ins() -> int:
    """Re-set the mark of every connected analytics connection (the flush task, each minute)."""
    from ..models import Connection, Kind

    rows = Connection.objects.filter(kind=Kind.ANALYTICS, enabled=True).exclude(secrets="")
    marks = {_cache_key(org): pk for pk, org in rows.values_list("pk", "organization_id")}
    cache.set_many(marks, OPTED_IN_SECONDS)
    return len(marks)


def forget_opt_in(organization_id: int) -> None:
    cache.delete(_cache_key(organization_id))


def record(organization_id: int | None, user: Any, name: str, properties: dict[str, Any] | None = None) -> bool:
    """Note `name` for a signed-in `user` when the organization opted in; False when it did not."""
    from ..models import AnalyticsEvent

    if organization_id is None or not getattr(user, "is_authenticated", False):
        return False
    connection_id = opted_in_connection(organization_id)
    if connection_id is None:
        return False
    clean = {k: v for k, v in (properties or {}).items() if k in ALLOWED and isinstance(v, (int, str))}
    clean = {k: (v[:60] if isinstance(v, str) else v) for k, v in clean.items()}
    clean["organization_id"] = organization_id
    try:
        with transaction.atomic():
            AnalyticsEvent.objects.create(
                connection_id=connection_id,
                name=name,
                distinct_id=distinct_id(organization_id, user.pk),
                properties=clean,
            )
    except IntegrityError:  # a mark outliving its connection (deleted with its organization)
        forget_opt_in(organization_id)
        return False
    return True


def on_advance_event(event: Any) -> None:
    """After the commit of an advance's submit, approval or rejection."""
    from dragonfly.tenancy.models import Workspace

    if event.actor is None or event.workspace_id is None:
        return
    organization_id = Workspace.objects.filter(pk=event.workspace_id).values_list("organization_id", flat=True).first()
    advance = event.obj
    record(
        organization_id,
        event.actor,
        {"advance.submitted": "advance submitted", "advance.approved": "advance approved"}.get(
            event.name, "advance rejected"
        ),
        {
            "module": "advancing",
            "workspace_id": event.workspace_id,
            "advance_id": advance.pk,
            "production_id": getattr(advance, "production_id", None),
            "status": getattr(advance, "status", ""),
        },
    )
