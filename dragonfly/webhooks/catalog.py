"""The event types an endpoint may subscribe to: every domain event the modules publish.

The status moves come from the models' workflows (`<prefix>.<state>`, dragonfly/core/workflow.py);
the events published outside the engine are named below. An endpoint may also take a pattern
(`advance.*`, `*`). Events about webhooks themselves are never sent out (no loops)."""

from __future__ import annotations

import fnmatch
from functools import lru_cache

from django.apps import apps

# Named by the services themselves (a `publish(...)`, or a `verb=`/`event=` given to the transition
# engine); the plain status moves (`<prefix>.<state>`) are read from the workflows below.
OTHER_EVENTS = (
    "advance.approved",
    "advance.cancelled",
    "advance.edited",
    "advance.fulfilled",
    "advance.fulfilment_recorded",
    "advance.fulfilment_started",
    "advance.processed",
    "advance.rejected",
    "advance.review_started",
    "advance.submitted",
    "asset.edited",
    "bid.awarded",
    "bid.declined",
    "bid.withdrawn",
    "budget.line_saved",
    "budget.spending_changed",
    "company.saved",
    "compliance.edited",
    "compliance.expiry_warning",
    "compliance.status_updated",
    "event.edited",
    "guest.checked_in",
    "incident.escalated",
    "incident.moved",
    "incident.reported",
    "invoice.overdue",
    "invoice.payment_recorded",
    "invoice.sent",
    "invoice.voided",
    "maintenance.completed",
    "maintenance.logged",
    "maintenance.opened",
    "po.approved",
    "po.cancelled",
    "po.closed",
    "po.received",
    "po.returned",
    "po.sent",
    "po.submitted",
    "production.moved",
    "reservation.cancelled",
    "reservation.checked_in",
    "reservation.checked_out",
    "rfq.awarded",
    "rfq.closed",
    "rfq.opened",
    "task.assigned",
    "task.moved",
    "time.approved",
    "time.clocked_out",
    "time.edited",
    "time.rejected",
    "utility.outage_reported",
)
TEST_EVENT = "webhook.test"
AUTOMATION_EVENT = "automation.run"  # sent by an automation rule's action to the endpoint it names
NEVER_SENT = ("webhook.*",)
PAYLOAD_VERSION = 1


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    from dragonfly.core.workflow import Workflow

    names = set(OTHER_EVENTS)
    for model in apps.get_models():
        workflow = getattr(model, "workflow", None)
        if isinstance(workflow, Workflow):
            names.update(
                f"{workflow.event_prefix}.{state}" for targets in workflow.transitions.values() for state in targets
            )
    return tuple(sorted(names))


def is_sent_out(name: str) -> bool:
    return not any(fnmatch.fnmatchcase(name, pattern) for pattern in NEVER_SENT)


def valid_pattern(pattern: str) -> bool:
    """A known event type, `*`, or a pattern that matches at least one known type."""
    if pattern == "*" or pattern in event_types():
        return True
    return "*" in pattern and any(fnmatch.fnmatchcase(name, pattern) for name in event_types())
