"""Who hears about what happens to an advance, and what they read.

The services publish `advance.*` domain events; `on_advance_event` hears them after the
commit (a rolled-back change notifies no one) and queues a Celery task with the activity
entry's primary key. The task reads everything again from the database and sends through
`notify()`. Each notification's dedupe key names the entry, so a task that runs twice
delivers and emails each notification once.
"""

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.events import subscribe
from dragonfly.core.formatting import money
from dragonfly.notifications.outbox import coalesce
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import display_name, user_time, users_with_perm

from .models import REVIEW_PERMS, Advance

TO_REVIEWERS = "atlvs.advance.review"
TO_SUBMITTER = "compvss.advance.notify_status"


@dataclass(frozen=True)
class Event:
    audience: str  # "reviewers" or "submitter"
    kind: str  # a key of dragonfly.notifications.kinds.KINDS (email can be muted per kind)
    action: str  # the platform spec's automation action
    headline: Any  # (a callable giving) the whole title with %(pk)s and %(label)s: "Your advance #12 (…) was approved"


EVENTS = {
    "advance.submitted": Event(
        "reviewers",
        "advance.submitted",
        TO_REVIEWERS,
        gettext_lazy("Advance #%(pk)s (%(label)s) is waiting for review"),
    ),
    "advance.approved": Event(
        "submitter", "advance.decided", TO_SUBMITTER, gettext_lazy("Your advance #%(pk)s (%(label)s) was approved")
    ),
    "advance.rejected": Event(
        "submitter", "advance.decided", TO_SUBMITTER, gettext_lazy("Your advance #%(pk)s (%(label)s) was rejected")
    ),
    "advance.processed": Event(
        "submitter",
        "advance.decided",
        TO_SUBMITTER,
        gettext_lazy("Your advance #%(pk)s (%(label)s) is being processed"),
    ),
    "advance.cancelled": Event(
        "submitter", "advance.decided", TO_SUBMITTER, gettext_lazy("Your advance #%(pk)s (%(label)s) was cancelled")
    ),
    "advance.fulfilment_recorded": Event(
        "submitter",
        "advance.fulfilment",
        TO_SUBMITTER,
        gettext_lazy("Your advance #%(pk)s (%(label)s) has a fulfilment"),
    ),
    "advance.fulfilled": Event(
        "submitter", "advance.fulfilment", TO_SUBMITTER, gettext_lazy("Your advance #%(pk)s (%(label)s) is fulfilled")
    ),
}
APPROVED_IN_PART = gettext_lazy("Your advance #%(pk)s (%(label)s) was approved in part")


# Fulfilments come line by line, often many in a minute: the submitter hears of them once per
# advance and window, in one notification listing the lines.
FULFILMENTS = ("advance.fulfilment_recorded", "advance.fulfilled")
FULFILMENT_WINDOW = datetime.timedelta(minutes=3)


@subscribe("advance.*")
def on_advance_event(event):
    """After the commit: queue delivery of the event's notifications (registered in AppConfig.ready)."""
    if event.name not in EVENTS or event.entry_id is None:
        return
    from .tasks import notify_advance_event, notify_advance_fulfilments

    if event.name in FULFILMENTS:
        entry = ActivityEntry.objects.only("object_id", "created_at").get(pk=event.entry_id)
        coalesce(
            notify_advance_fulfilments,
            [int(entry.object_id)],
            key=f"advance-fulfilments:{entry.object_id}",
            window=FULFILMENT_WINDOW,
            at=entry.created_at,
        )
        return
    notify_advance_event.delay(event.entry_id)


def notify_fulfilments(advance_id, window_start):
    """Deliver one notification for the fulfilments of one window; returns it (or nothing)."""
    start = datetime.datetime.fromisoformat(window_start)
    advance = Advance.objects.select_related("workspace", "organization", "submitter").filter(pk=advance_id).first()
    if advance is None:
        return []
    entries = list(
        ActivityEntry.objects.select_related("actor")
        .filter(
            content_type=_advance_type(),
            object_id=str(advance.pk),
            verb__in=FULFILMENTS,
            created_at__gte=start,
            created_at__lt=start + FULFILMENT_WINDOW,
        )
        .order_by("created_at", "id")
    )
    if not entries:
        return []
    last = entries[-1]
    done = any(e.verb == "advance.fulfilled" for e in entries)
    event = EVENTS["advance.fulfilled" if done else "advance.fulfilment_recorded"]
    if not done and len(entries) > 1:
        count = len(entries)

        # A callable: worded in the recipient's language; pk and label are filled by _title.
        def headline():
            return ngettext(
                "Your advance #%(pk)s (%(label)s) has %(n)s fulfilment",
                "Your advance #%(pk)s (%(label)s) has %(n)s fulfilments",
                count,
            ) % {"pk": "%(pk)s", "label": "%(label)s", "n": count}

        event = replace(event, headline=headline)
    # Nobody is told about their own action: the submitter hears if anyone else fulfilled a line.
    others = [e for e in entries if e.actor_id != advance.submitter_id]
    recipients = _recipients(event, advance, others[-1]) if others else []
    body = lambda: _fulfilment_body(advance, entries)  # noqa: E731 (per recipient, in their zone)
    return _send(event, advance, last, recipients, body, f"advance:{advance.pk}:fulfilments:{window_start}")


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
    key = f"advance:{advance.pk}:{entry.to_state or entry.verb}:{entry.pk}"
    return _send(event, advance, entry, _recipients(event, advance, entry), lambda: _body(advance, entry), key)


def _send(event, advance, entry, recipients, body, dedupe_key):
    return notify(
        recipients,
        kind=event.kind,
        title=lambda: _title(event, advance, entry),  # per recipient, in their language
        body=body,  # a callable: built per recipient, in their zone
        url=advance_url(advance),
        workspace=advance.workspace,
        trigger=entry.trigger,
        action=event.action,
        dedupe_key=dedupe_key,
        reply_about=advance,  # a reply to the email is a comment on the advance (comments.py)
    )


def reviewers_of(advance):
    """Active users who may review or approve `advance`: by role in its workspace or by grant."""
    people = {user for perm in REVIEW_PERMS for user in users_with_perm(perm, advance)}
    return sorted(people, key=lambda user: user.pk)


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
    headline = event.headline
    if entry.verb == "advance.approved" and entry.data.get("partial_lines"):
        headline = APPROVED_IN_PART
    text = headline() if callable(headline) else str(headline)
    return text % {"pk": advance.pk, "label": label}


def _body(advance, entry):
    from .services import fmt

    lines = [f"{display_name(entry.actor)}, {user_time(entry.created_at)}."]
    if entry.verb == "advance.submitted":
        lines.append(_("Estimated %(amount)s.") % {"amount": money(advance.estimated_cost, advance.currency)})
    if entry.verb == "advance.approved":
        lines.append(
            _("Approved cost %(amount)s.") % {"amount": money(entry.data.get("approved_cost"), advance.currency)}
        )
        for line in entry.data.get("partial_lines", []):
            approved = {"item": line["name"], "approved": fmt(line["approved"]), "requested": fmt(line["requested"])}
            lines.append(_("%(item)s: %(approved)s of %(requested)s approved.") % approved)
    if entry.verb in FULFILMENTS and entry.data:
        lines.append(_fulfilled_line(entry))
    if entry.note:
        lines.append(entry.note)
    return "\n".join(lines)


def _fulfilled_line(entry):
    from .services import fmt

    data = entry.data
    return _("%(item)s: %(done)s of %(total)s fulfilled.") % {
        "item": data["item_name"],
        "done": fmt(data["quantity_fulfilled"]),
        "total": fmt(data["quantity_to_fulfil"]),
    }


def _fulfilment_body(advance, entries):
    who = ", ".join(dict.fromkeys(display_name(e.actor) for e in entries))
    lines = [f"{who}, {user_time(entries[-1].created_at)}."]
    lines += [_fulfilled_line(e) for e in entries if e.data]
    lines += [e.note for e in entries if e.note]
    return "\n".join(lines)


def _advance_type():
    return ContentType.objects.get_for_model(Advance)
