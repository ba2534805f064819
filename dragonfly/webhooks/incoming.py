"""Incoming webhooks: `/hooks/in/<source>/`, verified per Standard Webhooks, each handled once.

A module registers a handler for what a source sends:

    from dragonfly.webhooks.incoming import register_handler

    @register_handler("shipping.tracking", _("Shipment tracking updates"))
    def tracking(delivery):  # an accepted IncomingDelivery, payload parsed
        ...
        return "3 shipments updated"  # kept on the delivery row

The core ships `generic`: it stores the payload and publishes `webhook.received` (a domain event
the modules, automations and realtime can subscribe to).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from dragonfly.core.events import publish

from .models import IncomingDelivery, IncomingSource, IncomingStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handler:
    key: str
    label: Any
    run: Callable[[IncomingDelivery], str]


HANDLERS: dict[str, Handler] = {}


def register_handler(key: str, label: Any) -> Callable[[Callable[[IncomingDelivery], str]], Callable[..., str]]:
    def register(run: Callable[[IncomingDelivery], str]) -> Callable[..., str]:
        HANDLERS[key] = Handler(key, label, run)
        return run

    return register


def handler_choices() -> list[tuple[str, Any]]:
    return [(h.key, h.label) for h in HANDLERS.values()]


@register_handler("generic", _("Store and publish a domain event"))
def store_and_publish(delivery: IncomingDelivery) -> str:
    publish(
        "webhook.received",
        delivery,
        workspace=None,
        data={"source": delivery.source.slug, "type": delivery.event_type, "delivery_id": delivery.delivery_id},
    )
    return "published webhook.received"


def create_source(organization: Any, *, actor: Any, slug: str, name: str, handler: str = "generic") -> IncomingSource:
    """A sender for /hooks/in/<slug>/ with a fresh signing secret (org admins; also in the admin)."""
    from django.utils.translation import gettext

    from dragonfly.core.errors import DomainError

    from .services import require_manager

    require_manager(actor, organization)
    if handler not in HANDLERS:
        raise DomainError(gettext("Unknown handler: %(name)s.") % {"name": handler})
    if IncomingSource.objects.filter(slug=slug).exists():
        raise DomainError(gettext("The source name %(slug)s is taken.") % {"slug": slug})
    return IncomingSource.objects.create(organization=organization, slug=slug, name=name, handler=handler)


def set_active(source: IncomingSource, *, actor: Any, active: bool) -> IncomingSource:
    """Pause a source (its posts answer 404 and are not logged) or let it post again."""
    from dragonfly.activity.services import record_activity

    from .services import require_manager

    require_manager(actor, source.organization)
    with transaction.atomic():
        source.active = active
        source.save(update_fields=["active"])
        verb = "webhook_source.resumed" if active else "webhook_source.paused"
        record_activity(source, actor=actor, verb=verb, workspace=None, data={"source": source.slug})
    return source


@dataclass(frozen=True)
class Outcome:
    delivery: IncomingDelivery
    accepted: bool


def _refuse(source: IncomingSource, delivery_id: str, reason: str) -> Outcome:
    row = IncomingDelivery.objects.create(
        organization_id=source.organization_id,
        source=source,
        delivery_id=delivery_id[:200],
        status=IncomingStatus.REFUSED,
        reason=reason[:200],
    )
    log.warning("Incoming webhook from %s refused: %s", source.slug, reason)
    return Outcome(row, False)


def receive(source: IncomingSource, body: bytes, headers: dict[str, str]) -> Outcome:
    """Verify and handle one posted delivery; a refusal is logged and changes nothing else."""
    lowered = {k.lower(): v for k, v in headers.items()}
    delivery_id = lowered.get("webhook-id", "")
    if not (delivery_id and lowered.get("webhook-signature") and lowered.get("webhook-timestamp")):
        return _refuse(source, delivery_id, "unsigned")
    try:
        payload = Webhook(source.secret).verify(body, lowered, json_parse=False)
    except WebhookVerificationError as exc:
        return _refuse(source, delivery_id, f"signature: {exc}")
    del payload
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    event_type = str(data.get("type", ""))[:100] if isinstance(data, dict) else ""
    handler = HANDLERS.get(source.handler) or HANDLERS["generic"]
    with transaction.atomic():  # stored and handled together: a failing handler leaves it unhandled
        try:
            with transaction.atomic():
                row: IncomingDelivery | None = IncomingDelivery.objects.create(
                    organization_id=source.organization_id,
                    source=source,
                    delivery_id=delivery_id[:200],
                    status=IncomingStatus.ACCEPTED,
                    event_type=event_type,
                    payload=data,
                )
        except IntegrityError:
            row = None
        if row is not None:
            row.result = str(handler.run(row) or "")[:300]
            row.save(update_fields=["result"])
    if row is None:
        return _refuse(source, delivery_id, "replayed: this delivery id was already handled")
    return Outcome(row, True)
