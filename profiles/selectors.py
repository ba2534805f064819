"""What one reader sees of one person's profile: the sections the owner opened to them, read through
each section's `visible_to`, and — inside the organization only — availability and personal data."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.utils import timezone

from dragonfly.accounts.models import profile_for
from dragonfly.tenancy.access import get_access
from events.models import CrewCall
from people.models import PERSONAL_DATA_PERM, Assignment, Person, Unavailability

from .models import Endorsement, MemberProfile, WorkHistoryEntry
from .querysets import MEMBERS, OUTSIDE, PUBLIC, colleague_q
from .services import profile_of, shared_production_ids

SELF, ORGANIZATION = "self", "organization"
AVAILABILITY_DAYS = 30


def reach(reader: Any, owner: Any) -> str:
    """How near the reader stands to the owner: themself, their organization, another one, or the public."""
    access = get_access(reader)
    if not access.authenticated:
        return PUBLIC
    if reader.pk == owner.pk:
        return SELF
    colleague = type(owner)._default_manager.filter(colleague_q(access, "pk"), pk=owner.pk).exists()
    return ORGANIZATION if colleague or access.is_platform_admin else MEMBERS


def shown_sections(profile: MemberProfile, where: str) -> dict[str, bool]:
    inside = where in (SELF, ORGANIZATION)
    return {s: inside or profile.visibility(s) in OUTSIDE[where] for s in MemberProfile.SECTIONS}


def profile_page(reader: Any, owner: Any) -> dict[str, Any] | None:
    """Everything the profile page shows `reader` of `owner`'s profile; None when they may see none of it."""
    where = reach(reader, owner)
    profile = profile_of(owner)
    shown = shown_sections(profile, where)
    if not any(shown.values()):
        return None
    endorsements = list(
        Endorsement.objects.readable_by(reader).of(owner).select_related("endorser") if shown["endorsements"] else []
    )
    inside = where in (SELF, ORGANIZATION)
    return {
        "owner": owner,
        "profile": profile,
        "where": where,
        "shown": shown,
        "photo": profile_for(owner).avatar_id,
        "skills": skill_rows(profile, endorsements, reader) if shown["skills"] else [],
        "history": WorkHistoryEntry.objects.readable_by(reader).of(owner).select_related("production")
        if shown["history"]
        else WorkHistoryEntry.objects.none(),
        "endorsements": endorsements,
        "may_endorse": where == ORGANIZATION and bool(shared_production_ids(reader, owner)),
        "availability": availability(reader, owner) if inside else None,
        "personal": personal_data(reader, owner, where) if inside else None,
    }


def skill_rows(profile: MemberProfile, endorsements: list[Endorsement], reader: Any) -> list[dict[str, Any]]:
    """Each listed skill with how many endorsed it (of the endorsements the reader sees) and the reader's own."""
    counts = Counter(e.skill.casefold() for e in endorsements)
    mine = {e.skill.casefold(): e for e in endorsements if e.endorser_id == getattr(reader, "pk", None)}
    return [{"name": s, "count": counts[s.casefold()], "mine": mine.get(s.casefold())} for s in profile.skills]


def availability(reader: Any, owner: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """The next 30 days as the reader may see them: booked (assignments, crew calls), unavailable, free.
    Each source reads through its own `visible_to(reader)`, so a Raider sees a colleague's as free."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=AVAILABILITY_DAYS - 1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=AVAILABILITY_DAYS)
    bookings = []
    for a in (
        Assignment.objects.visible_to(reader)
        .filter(person__user=owner)
        .overlapping(start, end)
        .select_related("position", "event", "production")
    ):
        bookings.append((a.call_time, a.end_time, f"{a.position.name} — {a.where}"))
    for call in (
        CrewCall.objects.visible_to(reader)
        .filter(user=owner, booked_from__lt=end, booked_until__gt=start)
        .select_related("event")
    ):
        label = f"{call.role_title} — {call.event.title}" if call.role_title else call.event.title
        bookings.append((call.call_time, call.booked_until, label))
    booked = set().union(*(_days(timezone.localdate(a), timezone.localdate(b), today, last) for a, b, _ in bookings))
    off: set[datetime.date] = set()
    for row in Unavailability.objects.visible_to(reader).filter(
        person__user=owner, start_date__lte=last, end_date__gte=today
    ):
        off |= _days(row.start_date, row.end_date, today, last)
    off -= booked
    strip = []
    for n in range(AVAILABILITY_DAYS):
        day = today + datetime.timedelta(days=n)
        strip.append({"day": day, "state": "booked" if day in booked else "off" if day in off else "free"})
    return {
        "days": AVAILABILITY_DAYS,
        "booked": len(booked),
        "unavailable": len(off),
        "free": AVAILABILITY_DAYS - len(booked) - len(off),
        "strip": strip,
        "upcoming": sorted(((s, label) for s, _, label in bookings if s >= start), key=lambda b: b[0])[:5],
    }


def _days(first: datetime.date, last: datetime.date, low: datetime.date, high: datetime.date) -> set[datetime.date]:
    first, last = max(first, low), min(last, high)
    return {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)} if first <= last else set()


def personal_data(reader: Any, owner: Any, where: str) -> dict[str, Any] | None:
    """Phone, rates and emergency contact: inside the organization only, and only from the crew records
    the reader holds the personal-data permission on (their own always). Never for another organization."""
    if where not in (SELF, ORGANIZATION):
        return None
    records = list(Person.objects.visible_to(reader, PERSONAL_DATA_PERM).filter(user=owner).select_related("workspace"))
    phone = profile_for(owner).phone if where == SELF or records else ""
    if not records and not phone:
        return None
    return {"phone": phone, "records": records}


__all__ = ["MEMBERS", "ORGANIZATION", "PUBLIC", "SELF", "profile_page", "reach"]
