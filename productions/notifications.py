"""Who hears about what happens to a production, and what they read.

The services publish domain events (`production.moved` from the transition engine,
`task.assigned`, `compliance.expiry_warning`); `on_production_event` hears them after the
commit (a rolled-back change notifies no one) and queues a Celery task with the activity
entry's primary key. The task reads everything again and keys each notification by the
entry, so a task that runs twice delivers once. Registered in ProductionsConfig.ready().
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.events import DomainEvent, subscribe
from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification

from .selectors import display_name, workspace_people
from .wording import in_sentence


@dataclass(frozen=True)
class Event:
    kind: str  # a key of dragonfly.notifications.kinds.KINDS
    model: str  # the model the entry is about


EVENTS = {
    "production.moved": Event("production.phase", "production"),
    "task.assigned": Event("task.assigned", "task"),
    "compliance.expiry_warning": Event("compliance.expiring", "complianceitem"),
}


@subscribe("production.moved")
@subscribe("task.assigned")
@subscribe("compliance.expiry_warning")
def on_production_event(event: DomainEvent) -> None:
    """After the commit: queue delivery of the event's notifications."""
    if event.name not in EVENTS or event.entry_id is None:
        return
    from .tasks import notify_production_event

    notify_production_event.delay(event.entry_id)


def notify_for_entry(entry_id):
    """Deliver the notifications of one activity entry; returns them. Safe to run twice."""
    entry = ActivityEntry.objects.select_related("actor", "content_type").filter(pk=entry_id).first()
    if entry is None or entry.verb not in EVENTS or entry.content_type.app_label != "productions":
        return []
    event = EVENTS[entry.verb]
    if entry.content_type.model != event.model:
        return []
    obj = _target(entry)
    if obj is None:
        return []
    builder = {"production.moved": _phase, "task.assigned": _assigned, "compliance.expiry_warning": _expiring}
    recipients, words, url, key = builder[entry.verb](obj, entry)
    # Callables: deliver() words them again in each recipient's language, whoever acted.
    title, body = (lambda: words()[0]), (lambda: words()[1])
    delivered = []
    for user in recipients:
        if user.pk == entry.actor_id or not user.is_active:
            continue  # nobody is told about their own action
        notification, created = deliver(
            recipient=user,
            kind=event.kind,
            title=title,
            body=body,
            url=url,
            workspace=entry.workspace,
            trigger=entry.verb,
            action="notify",
            dedupe_key=key,
            reply_about=obj if entry.verb == "task.assigned" else None,  # a reply comments on the task
        )
        if notification.emailed_at is None:
            email_notification.delay_on_commit(notification.pk)
        delivered.append(notification)
    return delivered


def _target(entry):
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    related = {
        "production": ["workspace__organization", "production_manager"],
        "task": ["production__workspace", "assignee"],
        "complianceitem": ["production__workspace", "production__production_manager", "owner"],
    }
    return model._base_manager.select_related(*related[entry.content_type.model]).filter(pk=entry.object_id).first()


def production_team(production):
    """The production manager and the team members."""
    people = {m.user.pk: m.user for m in production.team.select_related("user")}
    if production.production_manager_id:
        people[production.production_manager_id] = production.production_manager
    return [u for _pk, u in sorted(people.items())]


def _may_see(user, obj):
    return user.has_perm(f"productions.view_{obj._meta.model_name}", obj)


def _phase(production, entry):
    from .models import ProductionStatus

    actor = display_name(entry.actor)

    def words():
        phase = {"name": production.name, "phase": in_sentence(ProductionStatus(entry.to_state).label)}
        if entry.to_state in ("on_hold", "cancelled"):
            title = _("%(name)s is %(phase)s") % phase
        else:
            title = _("%(name)s is now in %(phase)s") % phase
        moved = {"person": actor, "phase": in_sentence(ProductionStatus(entry.from_state).label)}
        lines = [_("%(person)s moved it from %(phase)s.") % moved]
        if entry.note:
            lines.append(entry.note)
        created = entry.data.get("milestones_created") or []
        if created:
            lines.append(_("New milestones: %(titles)s.") % {"titles": ", ".join(created)})
        return title, "\n".join(lines)

    recipients = [u for u in production_team(production) if _may_see(u, production)]
    url = reverse("productions:detail", args=[production.pk])
    return recipients, words, url, f"production:{production.pk}:moved:{entry.pk}"


def _assigned(task, entry):
    recipients = []
    if task.assignee_id and task.assignee_id == entry.data.get("assignee") and _may_see(task.assignee, task):
        recipients = [task.assignee]
    assigned = {"person": display_name(entry.actor), "production": task.production.name}

    def words():
        title = _("Task for you: %(title)s") % {"title": task.title}
        if task.due_date:
            due = {**assigned, "due": date_format(task.due_date, "j M")}
            return title, _("%(person)s assigned it to you on %(production)s · due %(due)s.") % due
        return title, _("%(person)s assigned it to you on %(production)s.") % assigned

    url = reverse("productions:task", args=[task.pk])
    return recipients, words, url, f"task:{task.pk}:assigned:{entry.pk}"


def _expiring(item, entry):
    production = item.production
    people = {u.pk: u for u in (production.production_manager, item.owner) if u is not None}
    if not people:  # nobody named: the people who may manage compliance in the workspace
        people = {
            u.pk: u
            for u in workspace_people(production.workspace)
            if u.has_perm("productions.change_complianceitem", item)
        }
    recipients = [u for u in people.values() if _may_see(u, item)]
    stage = entry.data.get("stage")
    when = entry.data.get("expires_on")
    names = {"item": item.title, "production": production.name, "days": stage}

    def words():
        if stage == "expired":
            title = _("Expired: %(item)s (%(production)s)") % names
        else:
            title = _("%(item)s expires within %(days)s days (%(production)s)") % names
        facts = {"kind": item.get_kind_display(), "authority": item.authority, "date": when}
        if item.authority:
            return title, _("%(kind)s from %(authority)s, expiry date %(date)s.") % facts
        return title, _("%(kind)s, expiry date %(date)s.") % facts

    url = reverse("productions:compliance_item", args=[item.pk])
    return recipients, words, url, f"compliance:{item.pk}:{stage}:{when}"
