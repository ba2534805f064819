"""Who hears about what happens to an advance, and what they read.

Services call `notify_on_commit(entry)` with the activity entry of a change; delivery runs
in a Celery task after the commit (a rolled-back change notifies no one) and reads
everything again from the database. Each notification's dedupe key names the entry, so a
task that runs twice delivers and emails each notification once.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification
from dragonfly.tenancy.models import ObjectGrant, active_q

from .models import Advance

REVIEW_PERMS = ("advancing.review_advance", "advancing.approve_advance")
TO_REVIEWERS = "atlvs.advance.review"
TO_SUBMITTER = "compvss.advance.notify_status"


@dataclass(frozen=True)
class Event:
    audience: str  # "reviewers" or "submitter"
    kind: str  # a key of dragonfly.notifications.kinds.KINDS (email can be muted per kind)
    action: str  # the platform spec's automation action
    headline: str  # completes "Your advance #12 (Main stage) …"


EVENTS = {
    "advance.submitted": Event("reviewers", "advance.submitted", TO_REVIEWERS, "is waiting for review"),
    "advance.approved": Event("submitter", "advance.decided", TO_SUBMITTER, "was approved"),
    "advance.rejected": Event("submitter", "advance.decided", TO_SUBMITTER, "was rejected"),
    "advance.processed": Event("submitter", "advance.decided", TO_SUBMITTER, "is being processed"),
    "advance.cancelled": Event("submitter", "advance.decided", TO_SUBMITTER, "was cancelled"),
    "advance.fulfilment_recorded": Event("submitter", "advance.fulfilment", TO_SUBMITTER, "has a fulfilment"),
    "advance.fulfilled": Event("submitter", "advance.fulfilment", TO_SUBMITTER, "is fulfilled"),
}


def notify_on_commit(entry):
    """Queue delivery for the entry's event once the surrounding transaction commits."""
    if entry.verb not in EVENTS:
        return
    from .tasks import notify_advance_event

    notify_advance_event.delay_on_commit(entry.pk)


def notify_for_entry(entry_id):
    """Deliver the notifications of one activity entry; returns them. Safe to run twice."""
    entry = ActivityEntry.objects.select_related("actor").filter(pk=entry_id).first()
    if entry is None or entry.verb not in EVENTS or entry.content_type != _advance_type():
        return []
    advance = (
        Advance.objects.select_related("workspace", "organization", "submitter").filter(pk=entry.object_id).first()
    )
    if advance is None:
        return []
    event = EVENTS[entry.verb]
    delivered = []
    for recipient in _recipients(event, advance, entry):
        notification, _ = deliver(
            recipient=recipient,
            kind=event.kind,
            title=_title(event, advance, entry),
            body=_body(advance, entry),
            url=advance_url(advance),
            workspace=advance.workspace,
            trigger=entry.trigger,
            action=event.action,
            dedupe_key=f"advance:{advance.pk}:{entry.to_state or entry.verb}:{entry.pk}",
        )
        if notification.emailed_at is None:
            # The email task locks and stamps the row, so queuing it again is harmless.
            email_notification.delay_on_commit(notification.pk)
        delivered.append(notification)
    return delivered


def reviewers_of(advance):
    """Active users who may review or approve `advance`: by role in its workspace or by grant."""
    User = get_user_model()
    members = User.objects.filter(
        Q(memberships__workspace_id=advance.workspace_id)
        | Q(memberships__organization_id=advance.organization_id, memberships__workspace__isnull=True),
        active_q("memberships__"),
    ).values("pk")
    granted = (
        ObjectGrant.objects.active()
        .filter(
            content_type=_advance_type(),
            object_pk=str(advance.pk),
            permission__codename__in=[p.split(".")[1] for p in REVIEW_PERMS],
        )
        .values("user_id")
    )
    candidates = User.objects.filter(Q(pk__in=members) | Q(pk__in=granted), is_active=True).order_by("pk")
    return [user for user in candidates if any(user.has_perm(perm, advance) for perm in REVIEW_PERMS)]


def advance_url(advance):
    """The advance's page, when the pages are installed (the API works without them)."""
    try:
        return reverse("advancing:detail", args=[advance.pk])
    except NoReverseMatch:
        return ""


def _recipients(event, advance, entry):
    # Nobody is told about their own action.
    if event.audience == "reviewers":
        people = reviewers_of(advance)
    else:
        people = [advance.submitter] if advance.submitter.is_active else []
    return [p for p in people if p.pk not in (entry.actor_id, None) and not _is_self_review(p, advance, event)]


def _is_self_review(user, advance, event):
    return event.audience == "reviewers" and user.pk == advance.submitter_id


def _title(event, advance, entry):
    label = advance.activation_name or advance.team_workspace or advance.workspace.name
    owner = "Advance" if event.audience == "reviewers" else "Your advance"
    partial = " in part" if entry.verb == "advance.approved" and entry.data.get("partial_lines") else ""
    return f"{owner} #{advance.pk} ({label}) {event.headline}{partial}"


def _body(advance, entry):
    from .services import display_name, fmt, local_time

    lines = [f"{display_name(entry.actor)}, {local_time(entry.created_at, advance)}."]
    if entry.verb == "advance.submitted":
        lines.append(f"Estimated {advance.estimated_cost} {advance.currency}.")
    if entry.verb == "advance.approved":
        lines.append(f"Approved cost {entry.data.get('approved_cost')} {advance.currency}.")
        for line in entry.data.get("partial_lines", []):
            lines.append(f"{line['name']}: {fmt(line['approved'])} of {fmt(line['requested'])} approved.")
    if entry.verb in ("advance.fulfilment_recorded", "advance.fulfilled") and entry.data:
        data = entry.data
        lines.append(
            f"{data['item_name']}: {fmt(data['quantity_fulfilled'])} of {fmt(data['quantity_to_fulfil'])} fulfilled."
        )
    if entry.note:
        lines.append(entry.note)
    return "\n".join(lines)


def _advance_type():
    return ContentType.objects.get_for_model(Advance)
