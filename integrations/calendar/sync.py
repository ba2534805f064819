"""One sync cycle of a user's calendar (run by the Celery task, never in a request).

Push: the user's events and crew calls (the personal ICS feed's selection, `visible_to` included)
as VEVENTs with stable UIDs; entries for objects the user no longer sees are deleted remotely.
Pull: an entry whose ETag changed was edited in the calendar. Its edit is applied through the
events services when it is newer (LAST-MODIFIED) than ours and the user may make it; otherwise
ours is written back. Whichever side loses is kept in the activity log with both values."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from events.models import CrewCall, Event
from events.services import personal_feed_events, update_crew_call, update_event
from events.services.feeds import build_calendar

from ..models import CalendarItem, CalendarSync
from . import caldav_adapter as dav

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What a remote edit may change, by type: an event's title, times and description; a call's time.
EDITABLE: dict[str, tuple[str, ...]] = {
    CalendarItem.Type.EVENT: ("summary", "start", "end", "description"),
    CalendarItem.Type.CREW_CALL: ("start",),
}
PERMS: dict[str, str] = {
    CalendarItem.Type.EVENT: "events.change_event",
    CalendarItem.Type.CREW_CALL: "events.change_crewcall",
}


@dataclass
class Entry:
    """One of our objects as the calendar should show it."""

    type: str
    uid: str
    obj: Event | CrewCall
    event: Event
    values: dict[str, str]
    modified: datetime.datetime

    def ics(self) -> bytes:
        return _ics(self)


@dataclass
class Outcome:
    pushed: int = 0
    pulled: int = 0
    refused: int = 0
    deleted: int = 0


def uid_for(type_: str, pk: int) -> str:
    return f"dragonfly-{type_}-{pk}@{getattr(settings, 'CALDAV_UID_HOST', 'dragonfly')}"


def _iso(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def wanted(sync: CalendarSync) -> dict[str, Entry]:
    """UID → entry of everything the user's calendar should hold now."""
    user = sync.user
    events = personal_feed_events(user)
    if sync.organization_id:
        events = [e for e in events if e.workspace.organization_id == sync.organization_id]
    entries = {}
    for event in events:
        uid = uid_for("event", event.pk)
        values = {"summary": event.title, "start": _iso(event.starts_at), "end": _iso(event.ends_at)}
        values["description"] = event.description
        entries[uid] = Entry(CalendarItem.Type.EVENT, uid, event, event, values, event.updated_at)
    by_id = {e.pk: e for e in events}
    for call in CrewCall.objects.filter(user=user, event_id__in=by_id).order_by("pk"):
        event = by_id[call.event_id]
        call.event = event
        uid = uid_for("crewcall", call.pk)
        values = {
            "summary": _("Call: %(title)s") % {"title": event.title},
            "start": _iso(call.call_time),
            "end": _iso(event.ends_at),
            "description": "\n".join(filter(None, [call.role_title, call.notes])),
        }
        # A call has no timestamp of its own: its event's is the nearest.
        entries[uid] = Entry(CalendarItem.Type.CREW_CALL, uid, call, event, values, event.updated_at)
    return entries


def _ics(entry: Entry) -> bytes:
    """The feed's VEVENT of the event (place, status, link), with this entry's UID and values."""
    calendar = Calendar.from_ical(build_calendar([entry.event], name="Dragonfly"))
    vevent = calendar.walk("VEVENT")[0]
    for name in ("uid", "summary", "dtstart", "dtend", "description"):
        vevent.pop(name, None)
    vevent.add("uid", entry.uid)
    vevent.add("summary", entry.values["summary"])
    vevent.add("dtstart", datetime.datetime.fromisoformat(entry.values["start"]))
    vevent.add("dtend", datetime.datetime.fromisoformat(entry.values["end"]))
    if entry.values["description"]:
        vevent.add("description", entry.values["description"])
    vevent.pop("last-modified", None)
    vevent.add("last-modified", entry.modified.astimezone(datetime.UTC))
    calendar.pop("method", None)  # a stored calendar object carries no iTIP method
    return calendar.to_ical()


def parse(text: str) -> tuple[dict[str, str], datetime.datetime | None]:
    """The synced values of a remote VEVENT, and its LAST-MODIFIED (or DTSTAMP)."""
    vevent = Calendar.from_ical(text).walk("VEVENT")[0]

    def when(name: str) -> str:
        prop = vevent.get(name)
        if prop is None:
            return ""
        value = prop.dt
        if not isinstance(value, datetime.datetime):  # an all-day date: its midnight, UTC
            value = datetime.datetime.combine(value, datetime.time(), datetime.UTC)
        elif timezone.is_naive(value):
            value = value.replace(tzinfo=datetime.UTC)
        return _iso(value)

    values = {
        "summary": str(vevent.get("summary", "")),
        "start": when("dtstart"),
        "end": when("dtend"),
        "description": str(vevent.get("description", "")),
    }
    stamp = vevent.get("last-modified") or vevent.get("dtstamp")
    modified = stamp.dt if stamp is not None else None
    if isinstance(modified, datetime.datetime) and timezone.is_naive(modified):
        modified = modified.replace(tzinfo=datetime.UTC)
    return values, modified if isinstance(modified, datetime.datetime) else None


def href_for(sync: CalendarSync, uid: str) -> str:
    name = hashlib.sha256(uid.encode()).hexdigest()[:32]
    return urljoin(sync.calendar_url.rstrip("/") + "/", f"{name}.ics")


def run(sync: CalendarSync, creds: dav.Credentials) -> Outcome:
    """One cycle; raises Refused / Unreachable from the adapter (the task records them)."""
    outcome = Outcome()
    entries = wanted(sync)
    remote = dav.etags(creds)
    items = {item.uid: item for item in sync.items.all()}
    for uid, item in items.items():
        if uid not in entries:
            if item.href in remote:
                dav.delete(creds, item.href)
            item.delete()
            outcome.deleted += 1
    for uid, entry in entries.items():
        found = items.get(uid)
        if found is None:
            item = CalendarItem(sync=sync, type=entry.type, uid=uid, href=href_for(sync, uid))
            _link(item, entry)
            _push(creds, item, entry, etag=remote.get(item.href))  # there already: a reconnect
            outcome.pushed += 1
            continue
        item = found
        _link(item, entry)
        etag = remote.get(item.href)
        if etag is None:  # deleted in the calendar: ours is the source, so it comes back
            _push(creds, item, entry, etag=None)
            outcome.pushed += 1
        elif etag != item.etag:
            _pull(sync, creds, item, entry, outcome)
        elif entry.values != item.pushed:
            _push(creds, item, entry, etag=item.etag)
            outcome.pushed += 1
    if outcome.pulled:
        # An applied edit can move other entries (an event's crew calls move with it): same cycle.
        items = {item.uid: item for item in sync.items.all()}
        for uid, entry in wanted(sync).items():
            if uid in items and entry.values != items[uid].pushed:
                _link(items[uid], entry)
                _push(creds, items[uid], entry, etag=items[uid].etag)
    return outcome


def _link(item: CalendarItem, entry: Entry) -> None:
    item.event = entry.event
    item.crew_call = entry.obj if isinstance(entry.obj, CrewCall) else None


def _push(creds: dav.Credentials, item: CalendarItem, entry: Entry, *, etag: str | None) -> None:
    """Write the entry over the version `etag` names, or create it when `etag` is None."""
    try:
        etag = dav.put(creds, item.href, entry.ics(), etag=etag or None)
    except dav.Conflict:
        # Changed (or created) in the calendar since we looked: the next cycle compares it first.
        return
    if not etag:
        found = dav.get(creds, item.href)
        etag = found[1] if found else ""
    item.etag, item.pushed, item.local_modified = etag, entry.values, entry.modified
    item.save()


def _pull(sync: CalendarSync, creds: dav.Credentials, item: CalendarItem, entry: Entry, outcome: Outcome) -> None:
    found = dav.get(creds, item.href)
    if found is None:
        _push(creds, item, entry, etag=None)
        return
    text, etag = found
    theirs, remote_modified = parse(text)
    item.remote_modified = remote_modified
    if theirs == entry.values:  # rewritten, same content
        item.etag, item.pushed = etag or item.etag, entry.values
        item.save()
        return
    item.etag = etag or item.etag
    ours = entry.values
    local_changed = ours != item.pushed
    remote_newer = remote_modified is None or remote_modified > entry.modified
    changes = {k: theirs[k] for k in EDITABLE[entry.type] if theirs[k] != ours[k]}
    editable = all(theirs[k] == ours[k] for k in ours if k not in EDITABLE[entry.type])
    user = sync.user
    reason = ""
    if not remote_newer:
        reason = "older"
    elif not editable or not changes or not user.has_perm(PERMS[entry.type], entry.obj):
        reason = "not_allowed"
    else:
        try:
            _apply(entry, changes, actor=user)
        except (DomainError, PermissionDenied) as exc:
            reason = str(exc) or "refused"
    if reason:
        # Ours wins: written back over the calendar's edit, which is kept in the log.
        _log(entry, user, winner="dragonfly", reason=reason, ours=ours, theirs=theirs)
        _push(creds, item, entry, etag=item.etag)
        outcome.refused += 1
        return
    if local_changed:
        _log(entry, user, winner="calendar", reason="newer", ours=ours, theirs=theirs)
    outcome.pulled += 1
    fresh = wanted(sync).get(entry.uid)
    if fresh is not None:
        _push(creds, item, fresh, etag=item.etag)


def _apply(entry: Entry, changes: dict[str, str], *, actor: User) -> None:
    fields: dict[str, Any] = {}
    if isinstance(entry.obj, CrewCall):  # a call's only field a calendar may move is its time
        update_crew_call(entry.obj, actor=actor, call_time=datetime.datetime.fromisoformat(changes["start"]))
        return
    if "summary" in changes:
        fields["title"] = changes["summary"]
    if "description" in changes:
        fields["description"] = changes["description"]
    for name, field in (("start", "starts_at"), ("end", "ends_at")):
        if name in changes:
            fields[field] = datetime.datetime.fromisoformat(changes[name])
    update_event(entry.event, actor=actor, **fields)


def _log(entry: Entry, user: User, *, winner: str, reason: str, ours: dict, theirs: dict) -> None:
    with transaction.atomic():
        record_activity(
            entry.event,
            actor=user,
            verb="calendar.sync_conflict",
            data={"uid": entry.uid, "winner": winner, "reason": reason, "ours": ours, "theirs": theirs},
        )
