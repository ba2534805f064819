"""Critical incidents notify the production manager at once (after the report commits).

The incident services publish `incident.reported` and `incident.escalated`; `on_incident_event`
hears them after the commit and, for a critical incident, queues a Celery task with the
activity entry's primary key. Registered in EventsConfig.ready()."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.events import DomainEvent, subscribe
from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification
from dragonfly.tenancy.access import mail_language, reading_as
from productions.selectors import display_name, workspace_people

NOTIFIED_VERBS = ("incident.reported", "incident.escalated")


@subscribe("incident.reported")
@subscribe("incident.escalated")
def on_incident_event(event: DomainEvent) -> None:
    """After the commit: a critical incident is news for the production manager."""
    from .models import Severity

    if event.entry_id is None or event.data.get("severity") != Severity.CRITICAL:
        return
    from .tasks import notify_incident

    notify_incident.delay(event.entry_id)


def incident_recipients(incident):
    """The production manager; without one, whoever may manage incidents in the workspace."""
    event = incident.event
    manager = event.production.production_manager if event.production_id else None
    if manager is not None and manager.is_active and manager.has_perm("events.view_incident", incident):
        return [manager]
    return [u for u in workspace_people(event.workspace) if u.has_perm("events.change_incident", incident)]


def notify_for_entry(entry_id):
    """Deliver one critical-incident alert per recipient; safe to run twice."""
    from .models import Incident, Severity

    entry = ActivityEntry.objects.select_related("actor", "content_type").filter(pk=entry_id).first()
    if entry is None or entry.verb not in NOTIFIED_VERBS or entry.content_type.model != "incident":
        return []
    incident = (
        Incident.objects.select_related("event__workspace", "event__location", "event__production__production_manager")
        .filter(pk=entry.object_id)
        .first()
    )
    if incident is None or incident.severity != Severity.CRITICAL:
        return []
    event = incident.event
    delivered = []
    for user in incident_recipients(incident):
        if user.pk == entry.actor_id:
            continue
        # The alert reads as its recipient reads: their zone and their language, whoever reported it.
        with reading_as(user), translation.override(mail_language(user)):
            title, body = _alert_text(incident, entry.actor)
        notification, _created = deliver(
            recipient=user,
            kind="incident.critical",
            title=title,
            body=body,
            url=reverse("events:incident", args=[incident.pk]),
            workspace=event.workspace,
            trigger=entry.verb,
            action="notify",
            dedupe_key=f"incident:{incident.pk}:critical",
        )
        if notification.emailed_at is None:
            email_notification.delay_on_commit(notification.pk)
        delivered.append(notification)
    return delivered


def _alert_text(incident, actor):
    """The critical-incident alert's title and body, in the active language."""
    event = incident.event
    where = _(" at %(venue)s") % {"venue": event.location} if event.location_id else ""
    title = _("Critical incident%(where)s: %(title)s") % {"where": where, "title": incident.title}
    summary = _("%(category)s · %(event)s · reported by %(person)s.") % {
        "category": incident.get_category_display(),
        "event": event.title,
        "person": display_name(actor),
    }
    actions = _("Actions taken: %(actions)s") % {"actions": incident.actions_taken} if incident.actions_taken else ""
    return title, "\n".join(filter(None, [summary, incident.description[:500], actions]))
