"""The actions a rule runs, one handler per key of the action catalog.

Each handler cleans its parameters when a rule is saved (`clean(params, rule)`: raises
ActionError naming what is wrong), says what it would do in a test run (`preview`) and does it
(`run`), returning a short summary for the usage log. A run goes through the one path of each
kind: `notify()` for notifications, the productions service for a task, Django's mail for an email.

A "send a webhook" action hands the event to one of the organization's endpoints through
dragonfly/webhooks, which signs, logs and retries it like any other message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.roles import Role

MAX_ACTIONS = 10
MAX_TEXT = 500


class ActionError(DomainError):
    """A rule's action can't be saved as given (bad parameters)."""


class TransientActionError(Exception):
    """A failure worth retrying (a mail server that did not answer)."""


@dataclass
class RunContext:
    rule: Any
    obj: Any
    data: dict[str, Any]
    event_name: str
    event_id: str
    workspace: Any
    actor: Any = None
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Action:
    key: str
    clean: Callable[[dict[str, Any], Any], dict[str, Any]]
    preview: Callable[[RunContext, dict[str, Any]], str]
    run: Callable[[RunContext, dict[str, Any], int], str]


REGISTRY: dict[str, Action] = {}


def register(action: Action) -> Action:
    REGISTRY[action.key] = action
    return action


# --- helpers ---------------------------------------------------------------------------------------
def _text(params: dict[str, Any], name: str, *, required: bool = False, label: Any = "") -> str:
    value = params.get(name, "")
    if not isinstance(value, str):
        raise ActionError(_("%(label)s must be text.") % {"label": label or name})
    value = value.strip()
    if required and not value:
        raise ActionError(_("%(label)s is required.") % {"label": label or name})
    if len(value) > MAX_TEXT:
        raise ActionError(
            _("%(label)s is too long (at most %(n)s characters).") % {"label": label or name, "n": MAX_TEXT}
        )
    return value


def _int_list(params: dict[str, Any], name: str) -> list[int]:
    value = params.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ActionError(_("%(name)s must be a list of numbers.") % {"name": name})
    return sorted(set(value))[:50]


def _audience(params: dict[str, Any], rule: Any) -> dict[str, Any]:
    roles = _int_list(params, "roles")
    if any(r not in Role.values for r in roles):
        raise ActionError(_("Unknown role in the recipients."))
    users = _int_list(params, "users")
    if users:
        from dragonfly.tenancy.models import Membership

        members = set(
            Membership.objects.filter(organization_id=rule.organization_id, user_id__in=users).values_list(
                "user_id", flat=True
            )
        )
        if set(users) - members:
            raise ActionError(_("Recipients must be members of the organization."))
    if not roles and not users:
        raise ActionError(_("Choose at least one role or person to tell."))
    return {"roles": roles, "users": users}


def recipients(ctx: RunContext, params: dict[str, Any]) -> list[Any]:
    """Active people of the event's workspace holding one of the roles there, or named."""
    from dragonfly.tenancy.models import Membership

    ws = ctx.workspace
    if ws is None:
        return []
    here = Q(workspace=ws) | Q(workspace__isnull=True, organization_id=ws.organization_id)
    wanted = Q(role__in=params.get("roles") or []) | Q(user_id__in=params.get("users") or [])
    ids = Membership.objects.active().filter(here).filter(wanted).values("user_id")
    return list(get_user_model().objects.filter(is_active=True, pk__in=ids).order_by("pk"))


def fill(template: str, ctx: RunContext) -> str:
    """The rule's text with {object}, {event}, {workspace} and {rule} filled in (plain replacement)."""
    words = {
        "{object}": str(ctx.obj)[:200],
        "{event}": ctx.event_name,
        "{workspace}": getattr(ctx.workspace, "name", ""),
        "{rule}": ctx.rule.name,
    }
    for placeholder, value in words.items():
        template = template.replace(placeholder, value)
    return template


def object_url(obj: Any) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except Exception:
        return ""


def _names(people: list[Any]) -> str:
    from dragonfly.tenancy.access import display_name

    return ", ".join(display_name(p) for p in people) or _("nobody")


def _notify(ctx: RunContext, people: list[Any], title: str, index: int, key: str) -> str:
    from dragonfly.notifications.services import notify

    people = [p for p in people if getattr(ctx.actor, "pk", None) != p.pk]  # nobody hears of their own action
    notify(
        people,
        kind="general",
        title=title,
        body=_("Automation rule: %(rule)s") % {"rule": ctx.rule.name},
        url=object_url(ctx.obj),
        workspace=ctx.workspace,
        trigger=ctx.rule.trigger.key,
        action=key,
        dedupe_key=f"automation:{ctx.rule.pk}:{ctx.event_id}:{index}",
    )
    return _("notified %(people)s") % {"people": _names(people)}


# --- notify people / post to the workspace ---------------------------------------------------------
def _clean_notify(params, rule):
    return {**_audience(params, rule), "message": _text(params, "message", required=True, label=_("Message"))}


register(
    Action(
        "notify.users",
        _clean_notify,
        lambda ctx, p: (
            _("Would notify %(people)s: “%(text)s”")
            % {"people": _names(recipients(ctx, p)), "text": fill(p["message"], ctx)}
        ),
        lambda ctx, p, i: _notify(ctx, recipients(ctx, p), fill(p["message"], ctx), i, "notify.users"),
    )
)


def _workspace_people(ctx):
    from dragonfly.tenancy.access import workspace_people

    return list(workspace_people(ctx.workspace)) if ctx.workspace is not None else []


register(
    Action(
        "broadcast.post",
        lambda params, rule: {"message": _text(params, "message", required=True, label=_("Message"))},
        lambda ctx, p: (
            _("Would post to everyone in %(workspace)s (%(n)s people): “%(text)s”")
            % {
                "workspace": getattr(ctx.workspace, "name", ""),
                "n": len(_workspace_people(ctx)),
                "text": fill(p["message"], ctx),
            }
        ),
        lambda ctx, p, i: _notify(ctx, _workspace_people(ctx), fill(p["message"], ctx), i, "broadcast.post"),
    )
)


# --- the platform spec's advancing actions ---------------------------------------------------------
def _advance(ctx):
    if ctx.obj._meta.label_lower != "advancing.advance":
        raise ActionError(_("This action works on advances only."))
    return ctx.obj


def _reviewers(ctx):
    from advancing.notifications import reviewers_of

    advance = _advance(ctx)
    return [u for u in reviewers_of(advance) if u.pk != advance.submitter_id]


def _submitter(ctx):
    advance = _advance(ctx)
    return [advance.submitter] if advance.submitter.is_active else []


def _advance_text(ctx, p, default):
    return fill(p.get("message") or str(default), ctx)


REVIEW_DEFAULT = gettext_lazy("{object} is waiting for review")
STATUS_DEFAULT = gettext_lazy("{object}: {event}")
register(
    Action(
        "atlvs.advance.review",
        lambda params, rule: {"message": _text(params, "message", label=_("Message"))},
        lambda ctx, p: (
            _("Would ask the reviewers (%(people)s): “%(text)s”")
            % {"people": _names(_reviewers(ctx)), "text": _advance_text(ctx, p, REVIEW_DEFAULT)}
        ),
        lambda ctx, p, i: _notify(
            ctx, _reviewers(ctx), _advance_text(ctx, p, REVIEW_DEFAULT), i, "atlvs.advance.review"
        ),
    )
)
register(
    Action(
        "compvss.advance.notify_status",
        lambda params, rule: {"message": _text(params, "message", label=_("Message"))},
        lambda ctx, p: (
            _("Would tell the submitter (%(people)s): “%(text)s”")
            % {"people": _names(_submitter(ctx)), "text": _advance_text(ctx, p, STATUS_DEFAULT)}
        ),
        lambda ctx, p, i: _notify(
            ctx, _submitter(ctx), _advance_text(ctx, p, STATUS_DEFAULT), i, "compvss.advance.notify_status"
        ),
    )
)


# --- send an email ---------------------------------------------------------------------------------
def _clean_email(params, rule):
    return {**_audience(params, rule), "message": _text(params, "message", required=True, label=_("Subject"))}


def _send_email(ctx, p, index):
    from django.conf import settings
    from django.core.mail import send_mail

    people = [u for u in recipients(ctx, p) if u.email]
    subject = fill(p["message"], ctx)[:200]
    body = "\n".join(
        [subject, "", _("Automation rule: %(rule)s") % {"rule": ctx.rule.name}, object_url(ctx.obj)]
    ).strip()
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email for u in people], fail_silently=False)
    except (ConnectionError, TimeoutError, OSError) as exc:
        raise TransientActionError(str(exc)) from exc
    return _("emailed %(people)s") % {"people": _names(people)}


register(
    Action(
        "email.send",
        _clean_email,
        lambda ctx, p: (
            _("Would email %(people)s: “%(text)s”")
            % {"people": _names([u for u in recipients(ctx, p) if u.email]), "text": fill(p["message"], ctx)}
        ),
        _send_email,
    )
)


# --- create a task ---------------------------------------------------------------------------------
def _production(ctx):
    obj = ctx.obj
    if obj._meta.label_lower == "productions.production":
        return obj
    production = getattr(obj, "production", None)
    if production is None:
        event = getattr(obj, "event", None)
        production = getattr(event, "production", None)
    if production is None:
        raise ActionError(_("This event's object belongs to no production: no task can be made."))
    return production


def _clean_task(params, rule):
    days = params.get("due_in_days", None)
    if days in (None, ""):
        days = None
    elif not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
        raise ActionError(_("Due in days is a whole number from 0 to 365."))
    return {"message": _text(params, "message", required=True, label=_("Task title"))[:200], "due_in_days": days}


def _create_task(ctx, p, index):
    import datetime

    from dragonfly.tenancy.access import local_today
    from productions.services import create_task

    production = _production(ctx)
    if ctx.rule.created_by is None:
        raise ActionError(_("The rule has no author to create the task as."))
    due = None
    if p.get("due_in_days") is not None:
        due = local_today(production) + datetime.timedelta(days=p["due_in_days"])
    task = create_task(
        production,
        actor=ctx.rule.created_by,
        title=fill(p["message"], ctx)[:200],
        description=_("Created by the automation rule “%(rule)s”.") % {"rule": ctx.rule.name},
        due_date=due,
    )
    return _("created task #%(pk)s on %(production)s") % {"pk": task.pk, "production": production.name}


register(
    Action(
        "task.create",
        _clean_task,
        lambda ctx, p: (
            _("Would create the task “%(title)s” on %(production)s")
            % {"title": fill(p["message"], ctx), "production": _production(ctx).name}
        ),
        _create_task,
    )
)


# --- set a field -----------------------------------------------------------------------------------
# Only these fields, each with its choices: a rule can't touch money, status or ownership.
SETTABLE = {
    "productions.task": ("priority",),
    "events.incident": ("severity",),
}


def settable_choices(model_label: str) -> list[tuple[str, list[str]]]:
    from django.apps import apps

    fields = SETTABLE.get(model_label, ())
    if not fields:
        return []
    model = apps.get_model(model_label)
    return [(name, [str(v) for v, _label in model._meta.get_field(name).choices]) for name in fields]


def _clean_field(params, rule):
    name = _text(params, "field", required=True, label=_("Field"))
    value = _text(params, "value", required=True, label=_("Value"))
    allowed = dict(settable_choices(rule.trigger.model_label))
    if name not in allowed:
        raise ActionError(_("This trigger's object has no field “%(field)s” a rule may set.") % {"field": name})
    if value not in allowed[name]:
        raise ActionError(
            _("“%(value)s” is not a value of %(field)s (one of: %(choices)s).")
            % {"value": value, "field": name, "choices": ", ".join(allowed[name])}
        )
    return {"field": name, "value": value}


def _set_field(ctx, p, index):
    from django.db import transaction

    from dragonfly.activity.services import record_activity

    obj = ctx.obj
    if p["field"] not in SETTABLE.get(obj._meta.label_lower, ()):
        raise ActionError(_("This object has no field a rule may set."))
    before = getattr(obj, p["field"])
    with transaction.atomic():
        type(obj)._base_manager.filter(pk=obj.pk).update(**{p["field"]: p["value"]})
        setattr(obj, p["field"], p["value"])
        record_activity(
            obj,
            actor=None,
            verb="automation.field_set",
            workspace=ctx.workspace,
            data={"rule": ctx.rule.pk, "changes": {p["field"]: [str(before), p["value"]]}},
        )
    return _("set %(field)s to %(value)s") % p


register(
    Action(
        "field.set",
        _clean_field,
        lambda ctx, p: (
            _("Would set %(field)s from %(before)s to %(value)s") % {**p, "before": getattr(ctx.obj, p["field"], "—")}
        ),
        _set_field,
    )
)


# --- a rule's actions ------------------------------------------------------------------------------
# --- send a webhook --------------------------------------------------------------------------------
def _endpoint(params, rule):
    from dragonfly.webhooks.models import WebhookEndpoint

    try:
        pk = int(params.get("endpoint"))
    except (TypeError, ValueError):
        raise ActionError(_("Choose the webhook endpoint to send to.")) from None
    endpoint = WebhookEndpoint.objects.filter(pk=pk, organization_id=rule.organization_id).first()
    if endpoint is None:  # another organization's endpoint reads as unknown
        raise ActionError(_("No such webhook endpoint in this organization."))
    return endpoint


def _clean_webhook(params, rule):
    return {"endpoint": _endpoint(params, rule).pk}


def _send_webhook(ctx, p, index):
    from dragonfly.core.events import DomainEvent
    from dragonfly.webhooks.services import send_for_rule

    endpoint = _endpoint(p, ctx.rule)
    event = DomainEvent(
        ctx.event_name, ctx.obj, actor=ctx.actor, workspace_id=getattr(ctx.workspace, "pk", None), data=ctx.data
    )
    delivery = send_for_rule(endpoint, rule=ctx.rule.name, event=event)
    return _("webhook %(message)s queued for %(url)s") % {"message": delivery.message_id, "url": endpoint.url}


register(
    Action(
        "webhook.send",
        _clean_webhook,
        lambda ctx, p: _("Would send a signed webhook to %(url)s") % {"url": _endpoint(p, ctx.rule).url},
        _send_webhook,
    )
)


def clean_actions(actions: Any, rule: Any) -> list[dict[str, Any]]:
    """Clean a rule's ordered actions: [{"action": key, "params": {...}}]."""
    if not isinstance(actions, list) or not actions:
        raise ActionError(_("A rule runs at least one action."))
    if len(actions) > MAX_ACTIONS:
        raise ActionError(_("A rule runs at most %(n)s actions.") % {"n": MAX_ACTIONS})
    cleaned = []
    for item in actions:
        if not isinstance(item, dict) or not isinstance(item.get("action"), str):
            raise ActionError(_("Each action names its key and its parameters."))
        handler = REGISTRY.get(item["action"])
        if handler is None:
            raise ActionError(_("“%(key)s” is not an action of the catalog.") % {"key": item["action"]})
        params = item.get("params") or {}
        if not isinstance(params, dict):
            raise ActionError(_("An action's parameters are an object."))
        cleaned.append({"action": handler.key, "params": handler.clean(params, rule)})
    return cleaned
