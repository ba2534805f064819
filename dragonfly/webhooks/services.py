"""Outgoing webhooks: endpoints an org admin keeps, and the deliveries domain events become.

A domain event (after commit) becomes one delivery row per active endpoint of the event's own
organization that wants it; the row is queued on Celery and, should the broker be away, the sweep
(`send_due_deliveries`, every minute) sends it. A delivery is sent by claim → send → mark:
the claim moves `next_attempt_at` a lease ahead in one UPDATE, so two workers never send the same
attempt. A failure is retried on RETRY_DELAYS (about a day in all); an endpoint failing
WEBHOOKS_DISABLE_AFTER_FAILURES attempts in a row is disabled and its organization's admins told.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from standardwebhooks.webhooks import Webhook

from dragonfly.core.errors import DomainError
from dragonfly.core.events import DomainEvent
from dragonfly.tenancy.access import is_org_admin

from . import sender
from .catalog import AUTOMATION_EVENT, PAYLOAD_VERSION, TEST_EVENT, is_sent_out, valid_pattern
from .models import MANAGE_PERM, OPEN_STATUSES, DeliveryStatus, WebhookDelivery, WebhookEndpoint, new_secret
from .ssrf import UnsafeURL, check_url

log = logging.getLogger(__name__)

# After the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over ~27 h.
RETRY_DELAYS = (
    datetime.timedelta(seconds=5),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=5),
    datetime.timedelta(hours=10),
    datetime.timedelta(hours=10),
)
CLAIM_LEASE = datetime.timedelta(minutes=10)  # longer than any task's time limit


def may_manage(user: Any, organization: Any) -> bool:
    return bool(user and user.has_perm(MANAGE_PERM, organization))


def require_manager(user: Any, organization: Any) -> None:
    if not may_manage(user, organization):
        raise PermissionDenied(_("Only organization admins manage webhooks."))


def clean_event_types(event_types: Any) -> list[str]:
    if not isinstance(event_types, list | tuple) or not event_types:
        raise DomainError(_("Choose at least one event type."))
    cleaned = []
    for name in event_types:
        if not isinstance(name, str) or not valid_pattern(name):
            raise DomainError(_("Unknown event type: %(name)s.") % {"name": str(name)[:100]})
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


# --- endpoints -------------------------------------------------------------------------------
def create_endpoint(
    organization: Any, *, actor: Any, url: str, event_types: list[str], description: str = "", active: bool = True
) -> WebhookEndpoint:
    require_manager(actor, organization)
    check_url(url)
    return WebhookEndpoint.objects.create(
        organization=organization,
        url=url,
        description=description,
        event_types=clean_event_types(event_types),
        active=active,
        created_by=actor,
    )


def update_endpoint(endpoint: WebhookEndpoint, *, actor: Any, **fields: Any) -> WebhookEndpoint:
    """Change the URL, description, event types or active flag; turning an endpoint back on clears its failures."""
    require_manager(actor, endpoint.organization)
    if "url" in fields:
        check_url(fields["url"])
    if "event_types" in fields:
        fields["event_types"] = clean_event_types(fields["event_types"])
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        for name in ("url", "description", "event_types", "active"):
            if name in fields:
                setattr(locked, name, fields[name])
        if fields.get("active") and not endpoint.active:
            locked.consecutive_failures, locked.disabled_at, locked.disabled_reason = 0, None, ""
        locked.save()
    return locked


def rotate_secret(endpoint: WebhookEndpoint, *, actor: Any) -> WebhookEndpoint:
    require_manager(actor, endpoint.organization)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint, *, actor: Any) -> None:
    require_manager(actor, endpoint.organization)
    endpoint.delete()


# --- payloads and signatures ----------------------------------------------------------------
def payload_for(event: DomainEvent, organization_id: int) -> dict[str, Any]:
    """The versioned payload of an event (see README, "Webhooks"): no personal data, ids only."""
    return {
        "type": event.name,
        "timestamp": timezone.now().isoformat(),
        "data": {
            "version": PAYLOAD_VERSION,
            "organization": organization_id,
            "workspace": event.workspace_id,
            "object": {"type": event.model_label, "id": str(event.object_id)},
            "actor": getattr(event.actor, "pk", None),
            "activity_entry": event.entry_id,
            "details": _json_safe(event.data),
        },
    }


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return result


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def signed_headers(secret: str, message_id: str, body: bytes, moment: datetime.datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=moment, data=body)
    return {
        "content-type": "application/json",
        "user-agent": "Dragonfly-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
    }


# --- from domain events to deliveries --------------------------------------------------------
def deliveries_for_event(event: DomainEvent) -> list[WebhookDelivery]:
    """One delivery per active endpoint of the event's own organization that subscribed to it (after
    commit). One query when nobody listens: the endpoints are found through the event's workspace."""
    if not is_sent_out(event.name):
        return []
    if event.workspace_id is not None:
        rows = WebhookEndpoint.objects.filter(active=True, organization__workspaces=event.workspace_id)
    else:
        organization_id = getattr(event.obj, "organization_id", None)
        if organization_id is None:
            return []
        rows = WebhookEndpoint.objects.filter(active=True, organization_id=organization_id)
    endpoints = [e for e in rows.order_by("pk") if e.wants(event.name)]
    if not endpoints:
        return []
    payload = payload_for(event, endpoints[0].organization_id)
    message_id = f"msg_{uuid.uuid4().hex}"
    return [_new_delivery(endpoint, event.name, payload, message_id=message_id) for endpoint in endpoints]


def _new_delivery(endpoint, event_type, payload, *, message_id, replay_of=None):
    from .tasks import deliver_webhook

    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            organization_id=endpoint.organization_id,
            endpoint=endpoint,
            message_id=message_id,
            event_type=event_type,
            payload=payload,
            next_attempt_at=timezone.now(),
            replay_of=replay_of,
        )
        transaction.on_commit(lambda: _queue(deliver_webhook, delivery.pk))
    return delivery


def _queue(task, delivery_id):
    try:
        task.delay(delivery_id)
    except Exception:  # the broker is away: the sweep sends it (the row is the intent)
        log.warning("Webhook delivery %s not queued; the sweep will send it", delivery_id, exc_info=True)


def send_test(endpoint: WebhookEndpoint, *, actor: Any) -> WebhookDelivery:
    """A `webhook.test` message to the endpoint, as the real ones are signed and logged."""
    require_manager(actor, endpoint.organization)
    payload = {
        "type": TEST_EVENT,
        "timestamp": timezone.now().isoformat(),
        "data": {"version": PAYLOAD_VERSION, "organization": endpoint.organization_id, "endpoint": endpoint.pk},
    }
    return _new_delivery(endpoint, TEST_EVENT, payload, message_id=f"msg_{uuid.uuid4().hex}")


def send_for_rule(endpoint: WebhookEndpoint, *, rule: str, event: DomainEvent) -> WebhookDelivery:
    """An automation rule's `webhook.send` action: the event's payload, typed `automation.run` and naming
    the rule, to one endpoint of the rule's organization (signed, logged and retried like any message)."""
    if not endpoint.active:
        raise DomainError(_("This webhook endpoint is disabled."))
    payload = payload_for(event, endpoint.organization_id)
    payload["type"] = AUTOMATION_EVENT
    payload["data"]["rule"] = rule
    payload["data"]["event"] = event.name
    return _new_delivery(endpoint, AUTOMATION_EVENT, payload, message_id=f"msg_{uuid.uuid4().hex}")


def replay_delivery(delivery: WebhookDelivery, *, actor: Any) -> WebhookDelivery:
    """Send a logged message again (same webhook-id, so the receiver can tell it is the same message)."""
    require_manager(actor, delivery.endpoint.organization)
    if not delivery.endpoint.active:
        raise DomainError(_("This endpoint is disabled; turn it on before replaying to it."))
    return _new_delivery(
        delivery.endpoint, delivery.event_type, delivery.payload, message_id=delivery.message_id, replay_of=delivery
    )


# --- sending --------------------------------------------------------------------------------
def claim(delivery_id: int, now: datetime.datetime) -> bool:
    """Take the attempt that is due: one UPDATE moves it a lease ahead; False when it is not ours."""
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_id, status__in=OPEN_STATUSES, next_attempt_at__lte=now).update(
            next_attempt_at=now + CLAIM_LEASE
        )
    )


def attempt_delivery(delivery_id: int, *, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """Send one due attempt of a delivery and record it; None when there was nothing to send."""
    now = now or timezone.now()
    if not claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        return _finish(delivery, now, ok=False, error=_("The endpoint is disabled."), final=True)
    body = body_of(delivery)
    try:
        answer = sender.post(endpoint.url, body, signed_headers(endpoint.secret, delivery.message_id, body, now))
    except UnsafeURL as exc:
        return _finish(delivery, now, ok=False, error=str(exc))
    except Exception as exc:  # no answer: refused connection, timeout, TLS error
        return _finish(delivery, now, ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
    return _finish(
        delivery,
        now,
        ok=200 <= answer.status < 300,
        code=answer.status,
        excerpt=answer.body,
        latency=answer.latency_ms,
        error="" if 200 <= answer.status < 300 else _("The endpoint answered %(code)s.") % {"code": answer.status},
    )


def _finish(delivery, now, *, ok, code=None, excerpt="", latency=None, error="", final=False):
    attempts = delivery.attempts + 1
    delivery.attempts, delivery.last_attempt_at = attempts, now
    delivery.response_code, delivery.response_excerpt, delivery.latency_ms = code, excerpt, latency
    delivery.error = error
    if ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    elif final or attempts > len(RETRY_DELAYS):
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + RETRY_DELAYS[attempts - 1]
    fields = ["attempts", "last_attempt_at", "response_code", "response_excerpt", "latency_ms", "error", "status"]
    delivery.save(update_fields=[*fields, "next_attempt_at"])
    if not final:
        _count(delivery.endpoint, ok=ok)
    return delivery


def _count(endpoint: WebhookEndpoint, *, ok: bool) -> None:
    if ok:
        WebhookEndpoint.objects.filter(pk=endpoint.pk, consecutive_failures__gt=0).update(consecutive_failures=0)
        return
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    limit = getattr(settings, "WEBHOOKS_DISABLE_AFTER_FAILURES", 15)
    endpoint.refresh_from_db(fields=["consecutive_failures", "active"])
    if endpoint.active and endpoint.consecutive_failures >= limit:
        disable_endpoint(endpoint, reason=_("%(count)s failed attempts in a row.") % {"count": limit})


def disable_endpoint(endpoint: WebhookEndpoint, *, reason: str) -> bool:
    """Turn a failing endpoint off (once) and tell its organization's admins."""
    from django.urls import reverse

    from dragonfly.notifications.services import notify

    with transaction.atomic():
        changed = WebhookEndpoint.objects.filter(pk=endpoint.pk, active=True).update(
            active=False, disabled_at=timezone.now(), disabled_reason=reason[:300]
        )
        if not changed:
            return False
        admins = organization_admins(endpoint.organization)
        url = endpoint.url
        notify(
            admins,
            kind="webhook.disabled",
            title=gettext_lazy("A webhook endpoint was disabled"),
            body=lambda: (
                _("Deliveries to %(url)s kept failing (%(reason)s). Fix the receiver, then turn the endpoint on again.")
                % {"url": url, "reason": reason}
            ),
            url=reverse("webhooks:endpoint", args=[endpoint.pk]),
            dedupe_key=f"webhook:{endpoint.pk}:disabled:{timezone.now():%Y%m%d%H%M%S}",
        )
    return True


def organization_admins(organization: Any) -> list[Any]:
    """The active org-wide admins (Phantom, Legend) of `organization` who may manage its webhooks."""
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Membership
    from dragonfly.tenancy.roles import ORG_ADMIN_ROLES

    ids = (
        Membership.objects.active()
        .filter(organization=organization, workspace__isnull=True, role__in=[r.value for r in ORG_ADMIN_ROLES])
        .values("user_id")
    )
    users = get_user_model().objects.filter(is_active=True, pk__in=ids).order_by("pk")
    return [u for u in users if is_org_admin(u, organization) and may_manage(u, organization)]


def send_due_deliveries(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Queue every delivery whose attempt is due (retries, and rows the broker never got)."""
    from .tasks import deliver_webhook

    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _queue(deliver_webhook, pk)
    return len(due)


def purge_old_deliveries(*, days: int = 30) -> int:
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = WebhookDelivery.objects.filter(created_at__lt=cutoff).exclude(status__in=OPEN_STATUSES).delete()
    return deleted
