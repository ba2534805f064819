"""What the trigger and action catalogs hold: the platform spec's advancing keys, one trigger per
domain event of every module, and the actions `actions.py` runs. The data migration (and
`sync_catalogs()`, for a later addition) writes these rows; the catalogs are read-only to users.

Labels stay in English in the rows (like the spec's SQL); the pages show them translated through
`trigger_label()` / `action_label()`, which read the marked strings below.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TriggerSpec:
    key: str
    event_name: str
    model_label: str
    module: str
    label: object
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSpec:
    key: str
    label: object
    description: object
    scope: tuple[str, ...] = ()


T = TriggerSpec
TRIGGERS = [
    # advancing: the platform spec's keys (advancing/services.py TRIGGERS names them on activity rows)
    T(
        "compvss.advance.submitted",
        "advance.submitted",
        "advancing.advance",
        "advancing",
        _("Advance submitted"),
        ("COMPVSS", "ATLVS"),
    ),
    T(
        "atlvs.advance.approved",
        "advance.approved",
        "advancing.advance",
        "advancing",
        _("Advance approved"),
        ("ATLVS", "COMPVSS"),
    ),
    T(
        "atlvs.advance.rejected",
        "advance.rejected",
        "advancing.advance",
        "advancing",
        _("Advance rejected"),
        ("ATLVS", "COMPVSS"),
    ),
    T(
        "atlvs.advance.review_started",
        "advance.review_started",
        "advancing.advance",
        "advancing",
        _("Advance review started"),
        ("ATLVS",),
    ),
    T(
        "atlvs.advance.processed",
        "advance.processed",
        "advancing.advance",
        "advancing",
        _("Advance being processed"),
        ("ATLVS",),
    ),
    T(
        "compvss.advance.cancelled",
        "advance.cancelled",
        "advancing.advance",
        "advancing",
        _("Advance cancelled"),
        ("COMPVSS",),
    ),
    T(
        "compvss.advance.fulfilment_recorded",
        "advance.fulfilment_recorded",
        "advancing.advance",
        "advancing",
        _("Advance fulfilment recorded"),
        ("COMPVSS",),
    ),
    T(
        "compvss.advance.fulfilled",
        "advance.fulfilled",
        "advancing.advance",
        "advancing",
        _("Advance fulfilled"),
        ("COMPVSS",),
    ),
    # productions
    T("production.moved", "production.moved", "productions.production", "productions", _("Production status changed")),
    T("task.moved", "task.moved", "productions.task", "productions", _("Task status changed")),
    T("task.assigned", "task.assigned", "productions.task", "productions", _("Task assigned")),
    T(
        "compliance.expiry_warning",
        "compliance.expiry_warning",
        "productions.complianceitem",
        "productions",
        _("Permit or certificate expiring"),
    ),
    T(
        "compliance.status_updated",
        "compliance.status_updated",
        "productions.complianceitem",
        "productions",
        _("Compliance item status changed"),
    ),
    # events
    T("event.confirmed", "event.confirmed", "events.event", "events", _("Event confirmed")),
    T("event.cancelled", "event.cancelled", "events.event", "events", _("Event cancelled")),
    T("incident.reported", "incident.reported", "events.incident", "events", _("Incident reported")),
    T("incident.escalated", "incident.escalated", "events.incident", "events", _("Incident escalated")),
    T("incident.resolved", "incident.resolved", "events.incident", "events", _("Incident resolved")),
    T("cue.go", "cue.go", "events.cue", "events", _("Cue given its go")),
    # locations
    T(
        "utility.outage_reported",
        "utility.outage_reported",
        "locations.outage",
        "locations",
        _("Utility outage reported"),
    ),
    # people
    T("time.approved", "time.approved", "people.timeentry", "people", _("Time entry approved")),
    T("time.rejected", "time.rejected", "people.timeentry", "people", _("Time entry rejected")),
    T("application.hired", "application.hired", "people.application", "people", _("Applicant hired")),
    T("application.offered", "application.offered", "people.application", "people", _("Offer made to an applicant")),
    # assets
    T("maintenance.opened", "maintenance.opened", "assets.maintenancerecord", "assets", _("Maintenance opened")),
    T(
        "maintenance.completed",
        "maintenance.completed",
        "assets.maintenancerecord",
        "assets",
        _("Maintenance completed"),
    ),
    T(
        "reservation.checked_out",
        "reservation.checked_out",
        "assets.reservation",
        "assets",
        _("Reservation checked out"),
    ),
    T("reservation.checked_in", "reservation.checked_in", "assets.reservation", "assets", _("Reservation checked in")),
    T("asset.lost", "asset.lost", "assets.asset", "assets", _("Asset reported lost")),
    # finance
    T("po.submitted", "po.submitted", "finance.purchaseorder", "finance", _("Purchase order submitted for approval")),
    T("po.approved", "po.approved", "finance.purchaseorder", "finance", _("Purchase order approved")),
    T("po.returned", "po.returned", "finance.purchaseorder", "finance", _("Purchase order returned to draft")),
    T("po.sent", "po.sent", "finance.purchaseorder", "finance", _("Purchase order sent")),
    T("expense.approved", "expense.approved", "finance.expense", "finance", _("Expense approved")),
    T("expense.rejected", "expense.rejected", "finance.expense", "finance", _("Expense rejected")),
    T("invoice.sent", "invoice.sent", "finance.invoice", "finance", _("Invoice sent")),
    T("invoice.overdue", "invoice.overdue", "finance.invoice", "finance", _("Invoice overdue")),
    T("invoice.paid", "invoice.paid", "finance.invoice", "finance", _("Invoice paid")),
    T("budget.spending_changed", "budget.spending_changed", "finance.budget", "finance", _("Budget spending changed")),
    T("budget.line_saved", "budget.line_saved", "finance.budget", "finance", _("Budget line saved")),
    T("rfq.awarded", "rfq.awarded", "finance.requestforquote", "finance", _("Request for quote awarded")),
    T("bid.awarded", "bid.awarded", "finance.bid", "finance", _("Bid awarded")),
]

A = ActionSpec
ACTIONS = [
    A(
        "atlvs.advance.review",
        _("Review advance in ATLVS"),
        _("Notify the people who may review or approve the advance."),
        ("ATLVS",),
    ),
    A(
        "compvss.advance.notify_status",
        _("Notify COMPVSS of advance status"),
        _("Notify the advance's submitter of its status."),
        ("COMPVSS",),
    ),
    A(
        "notify.users",
        _("Notify people"),
        _("An in-app notification (and email, per their settings) to the chosen roles and people of the workspace."),
    ),
    A("email.send", _("Send an email"), _("An email to the chosen roles and people of the workspace.")),
    A(
        "task.create",
        _("Create a task"),
        _("A task on the event's production (the production itself, or the one the object belongs to)."),
    ),
    A(
        "field.set",
        _("Set a field"),
        _("Set one allowed field of the event's object (a task's priority, an incident's severity)."),
    ),
    A(
        "webhook.send",
        _("Send a webhook"),
        _("A signed message (Standard Webhooks) to one of the organization's webhook endpoints."),
    ),
    A(
        "broadcast.post",
        _("Post to the workspace"),
        _("A notification to every member of the workspace (there is no broadcast board yet)."),
    ),
]

TRIGGERS_BY_KEY = {t.key: t for t in TRIGGERS}
ACTIONS_BY_KEY = {a.key: a for a in ACTIONS}


def trigger_label(key: str, fallback: str = "") -> str:
    spec = TRIGGERS_BY_KEY.get(key)
    return str(spec.label) if spec else (fallback or key)


def action_label(key: str, fallback: str = "") -> str:
    spec = ACTIONS_BY_KEY.get(key)
    return str(spec.label) if spec else (fallback or key)


def sync_catalogs(TriggerCatalog, ActionCatalog) -> None:
    """Write the catalogs' rows (models passed in: a migration hands its historical ones)."""
    from django.utils import translation

    with translation.override("en"):
        for t in TRIGGERS:
            TriggerCatalog.objects.update_or_create(
                key=t.key,
                defaults={
                    "event_name": t.event_name,
                    "model_label": t.model_label,
                    "module": t.module,
                    "label": str(t.label),
                    "description": f"Fired on the domain event {t.event_name}.",
                    "platform_scope": list(t.scope),
                },
            )
        for a in ACTIONS:
            ActionCatalog.objects.update_or_create(
                key=a.key,
                defaults={"label": str(a.label), "description": str(a.description), "platform_scope": list(a.scope)},
            )
