"""The analytics connection: connect (opting the organization in; the key stored encrypted) and
the flush of buffered events, run by integrations/analytics/tasks.py in Celery."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from ..crypto import seal
from ..models import AnalyticsEvent, Connection, Kind, Provider
from ..services import IntegrationInvalid, _queue_check, _require_admin
from . import events
from .base import Event, adapter_for

PROVIDERS = (Provider.POSTHOG, Provider.MIXPANEL)
BATCH = 500
# Events older than this are dropped unsent (a provider refusing for days): the buffer stays small.
KEEP = timedelta(days=2)


def connect_analytics(organization: Any, *, actor: Any, provider: str, values: dict[str, str]) -> Connection:
    """Store the provider's key (encrypted) and switch the connection on: from then on the
    organization's product events are recorded and sent. A test event is queued."""
    _require_admin(actor, organization)
    if provider not in PROVIDERS:
        raise IntegrationInvalid(_("Pick a provider this kind of integration supports."))
    try:
        cleaned = adapter_for(provider).clean(values)
    except ValueError as exc:
        raise IntegrationInvalid(str(exc)) from None
    with transaction.atomic():
        connection, _created = Connection.objects.select_for_update().get_or_create(
            organization=organization, kind=Kind.ANALYTICS, defaults={"provider": provider}
        )
        if connection.provider != provider:  # the old provider's key never sends what is waiting
            connection.analytics_events.all().delete()
        connection.provider = provider
        connection.secrets = seal(cleaned)
        connection.key_hint = next(iter(cleaned.values()))[-4:]
        connection.enabled = True
        connection.connected_by = actor
        connection.last_error = ""
        connection.last_success_at = None
        connection.save()
        record_activity(connection, actor=actor, verb="integration.connected", data={"provider": provider})
        transaction.on_commit(lambda: events.mark_opt_in(connection.organization_id, connection.pk))
        _queue_check(connection)
    return connection


def test_event(connection: Connection) -> Event:
    """What "Test connection" sends: an event of nobody (the hash of user 0)."""
    return Event(
        name="integration tested",
        distinct_id=events.distinct_id(connection.organization_id, 0),
        timestamp=timezone.now(),
        properties={"organization_id": connection.organization_id},
    )


def pending(connection: Connection) -> list[AnalyticsEvent]:
    return list(AnalyticsEvent.objects.filter(connection=connection).order_by("pk")[:BATCH])


def as_events(rows: list[AnalyticsEvent]) -> list[Event]:
    return [
        Event(
            name=row.name,
            distinct_id=row.distinct_id,
            timestamp=row.created_at,
            properties=row.properties,
            uuid=f"dragonfly-{row.connection_id}-{row.pk}",
        )
        for row in rows
    ]


def sent(rows: list[AnalyticsEvent]) -> None:
    AnalyticsEvent.objects.filter(pk__in=[row.pk for row in rows]).delete()


def drop_stale() -> int:
    """Rows of a switched-off connection, or waiting too long, are deleted unsent."""
    old = Q(created_at__lt=timezone.now() - KEEP)
    return AnalyticsEvent.objects.filter(old | Q(connection__enabled=False) | Q(connection__secrets="")).delete()[0]
