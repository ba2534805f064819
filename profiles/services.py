"""Writes to a profile: the owner edits their profile and their work history; a colleague endorses.

Each service takes the object first and the acting user keyword-only, refuses with PermissionDenied
(403) who may not act and with ProfileInvalid (400) what breaks a rule, and writes the row and its
activity entry in one transaction. The pages and the API call these same functions.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.accounts.models import profile_for
from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields, text_cleaner
from dragonfly.files.models import Attachment
from dragonfly.files.services import UploadRefused, delete_attachment, store_upload
from dragonfly.tenancy.access import display_name
from events.models import CrewCall
from people.models import Assignment

from .errors import ProfileInvalid
from .models import Endorsement, HistorySource, MemberProfile, Visibility, WorkHistoryEntry

PROFILE_FIELDS = ("headline", "bio", "skills", "links", *MemberProfile.VISIBILITY_FIELDS)
HISTORY_FIELDS = ("title", "role", "company", "started_on", "ended_on", "description")
MAX_SKILLS, SKILL_LENGTH, MAX_LINKS = 30, 40, 10
_text = text_cleaner(ProfileInvalid)


def profile_of(user: Any) -> MemberProfile:
    """The user's profile, or an unsaved empty one (every section only for their organization): reading never writes."""
    return MemberProfile.objects.filter(user=user).first() or MemberProfile(user=user)


def _own(owner: Any, actor: Any, message: str) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.pk == owner.pk):
        raise PermissionDenied(message)


# --- the profile ----------------------------------------------------------------------------------
def update_profile(user: Any, *, actor: Any, photo: Any = None, **changes: Any) -> MemberProfile:
    """Change one's own profile (any of PROFILE_FIELDS), and the photo (`set_photo`).
    A skill taken off the list takes its endorsements with it."""
    _own(user, actor, _("You may edit only your own profile."))
    only_fields(changes, PROFILE_FIELDS, ProfileInvalid)
    profile = profile_of(user)
    _apply(profile, changes)
    kept = {skill.casefold() for skill in profile.skills}
    with transaction.atomic():
        profile.save()
        gone = [e.pk for e in Endorsement.objects.filter(user=user) if e.skill.casefold() not in kept]
        Endorsement.objects.filter(pk__in=gone).delete()
        if photo is not None:
            _store_photo(user, actor, photo)
        fields = sorted([*changes, *(["photo"] if photo is not None else [])])
        record_activity(profile, actor=actor, verb="profile.edited", data={"fields": fields})
    return profile


def set_photo(user: Any, *, actor: Any, upload: Any) -> Attachment:
    """One's own photo: an upload to the public avatars bucket, whose type and size limits hold
    (ProfileInvalid, nothing stored); the photo it replaces is deleted."""
    _own(user, actor, _("You may change only your own photo."))
    with transaction.atomic():
        account = _store_photo(user, actor, upload)
        photo = account.avatar
        record_activity(account, actor=actor, verb="profile.photo_changed", data={"file": photo.original_name})
    return photo


def remove_photo(user: Any, *, actor: Any) -> None:
    """Take one's photo off (its file is deleted); ProfileInvalid when there is none."""
    _own(user, actor, _("You may change only your own photo."))
    with transaction.atomic():
        account = profile_for(user)
        if account.avatar_id is None:
            raise ProfileInvalid(_("You have no photo to remove."))
        old = account.avatar
        account.avatar = None
        account.save(update_fields=["avatar"])
        delete_attachment(old)
        record_activity(account, actor=actor, verb="profile.photo_removed")


def _store_photo(user: Any, actor: Any, upload: Any) -> Any:
    """The user's account profile, its avatar the stored upload (the one it replaces deleted)."""
    account = profile_for(user)
    old = account.avatar if account.avatar_id else None
    try:
        account.avatar = store_upload(upload, bucket="avatars", actor=actor)
    except UploadRefused as exc:
        raise ProfileInvalid(" ".join(exc.messages)) from None
    account.save()
    if old is not None:
        delete_attachment(old)
    return account


def _apply(profile: MemberProfile, fields: Mapping[str, Any]) -> None:
    if "headline" in fields:
        profile.headline = _text(fields["headline"], _("headline"), max_length=120)
    if "bio" in fields:
        profile.bio = _text(fields["bio"], _("bio"), max_length=4000)
    if "skills" in fields:
        profile.skills = clean_skills(fields["skills"])
    if "links" in fields:
        profile.links = clean_links(fields["links"])
    for name in MemberProfile.VISIBILITY_FIELDS:
        if name in fields:
            if fields[name] not in Visibility.values:
                raise ProfileInvalid(_("Pick who may see each part of your profile from the list."))
            setattr(profile, name, fields[name])


def _items(value: Any, separator: str) -> list[str]:
    items = re.split(separator, value) if isinstance(value, str) else list(value or [])
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


def clean_skills(value: Any) -> list[str]:
    """Skill tags from a list or "rigging, audio A2": trimmed, each once (whatever its case), in the order given."""
    skills: list[str] = []
    for skill in _items(value, r"[,\n]"):
        if len(skill) > SKILL_LENGTH:
            raise ProfileInvalid(
                _("“%(skill)s” is too long for a skill: at most %(count)s characters.")
                % {"skill": skill[:60], "count": SKILL_LENGTH}
            )
        if skill.casefold() not in {s.casefold() for s in skills}:
            skills.append(skill)
    if len(skills) > MAX_SKILLS:
        raise ProfileInvalid(_("List at most %(count)s skills.") % {"count": MAX_SKILLS})
    return skills


def clean_links(value: Any) -> list[str]:
    """Web addresses (http or https), one per line or a list."""
    links: list[str] = []
    check = URLValidator(schemes=["http", "https"])
    for link in _items(value, r"\s+"):
        try:
            if len(link) > 300:
                raise ValidationError("too long")
            check(link)
        except ValidationError:
            raise ProfileInvalid(
                _("“%(link)s” is not a web address; give one such as https://example.com/me.") % {"link": link[:80]}
            ) from None
        if link not in links:
            links.append(link)
    if len(links) > MAX_LINKS:
        raise ProfileInvalid(_("List at most %(count)s links.") % {"count": MAX_LINKS})
    return links


# --- work history ---------------------------------------------------------------------------------
def add_history_entry(*, actor: Any, title: str, **fields: Any) -> WorkHistoryEntry:
    """An entry of one's own work history (a production before Dragonfly, another company's show)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to add to your work history."))
    only_fields(fields, HISTORY_FIELDS, ProfileInvalid)
    entry = WorkHistoryEntry(user=actor, source=HistorySource.MANUAL)
    _apply_history(entry, {"title": title, **fields})
    with transaction.atomic():
        entry.save()
        record_activity(entry, actor=actor, verb="work_history.added")
    return entry


def require_own_history(entry: WorkHistoryEntry, actor: Any) -> None:
    """Refuse (403) anyone but the entry's owner: a colleague reads a work history, never edits it."""
    _own(entry.user, actor, _("You may edit only your own work history."))


def update_history_entry(entry: WorkHistoryEntry, *, actor: Any, **changes: Any) -> WorkHistoryEntry:
    """Change an entry one added oneself; those from assignments say what the assignments say."""
    require_own_history(entry, actor)
    only_fields(changes, HISTORY_FIELDS, ProfileInvalid)
    if entry.from_assignments:
        raise ProfileInvalid(_("This entry comes from your assignments; remove it instead if it should not show."))
    _apply_history(entry, changes)
    with transaction.atomic():
        entry.save()
        record_activity(entry, actor=actor, verb="work_history.edited", data={"fields": sorted(changes)})
    return entry


def remove_history_entry(entry: WorkHistoryEntry, *, actor: Any) -> None:
    """Remove an entry from one's history; one from assignments is hidden, so no refresh brings it back."""
    _own(entry.user, actor, _("You may remove only entries of your own work history."))
    with transaction.atomic():
        record_activity(entry, actor=actor, verb="work_history.removed", data={"title": entry.title})
        if entry.from_assignments:
            entry.hidden = True
            entry.save(update_fields=["hidden", "updated_at"])
        else:
            entry.delete()


def _apply_history(entry: WorkHistoryEntry, fields: Mapping[str, Any]) -> None:
    if "title" in fields:
        entry.title = _text(fields["title"], _("production's name"), max_length=200, required=True)
    for name, label in (("role", _("role")), ("company", _("company"))):
        if name in fields:
            setattr(entry, name, _text(fields[name], label, max_length=200))
    if "description" in fields:
        entry.description = _text(fields["description"], _("description"), max_length=4000)
    for name in ("started_on", "ended_on"):
        if name in fields:
            setattr(entry, name, fields[name] or None)
    if entry.started_on and entry.ended_on and entry.ended_on < entry.started_on:
        raise ProfileInvalid(_("The end date comes after the start date."))


def refresh_work_history(user: Any) -> int:
    """Bring the entries from `user`'s finished assignments and crew calls up to date, one per production
    (or per show without one); returns how many were added. Safe to run twice (nightly, and on request)."""
    now = timezone.now()
    worked: dict[str, dict[str, Any]] = {}
    assignments = (
        Assignment.objects.filter(person__user=user, end_time__lt=now)
        .select_related("position", "production", "event__production", "workspace__organization")
        .order_by("call_time")
    )
    for a in assignments:
        _worked(worked, a.production or (a.event.production if a.event else None), a.event, a.position.name, a)
    calls = (
        CrewCall.objects.filter(user=user, booked_until__lt=now)
        .select_related("event__production", "event__workspace__organization")
        .order_by("call_time")
    )
    for call in calls:
        _worked(worked, call.event.production, call.event, call.role_title, call)
    existing = {e.source_key: e for e in WorkHistoryEntry.objects.filter(user=user, source=HistorySource.ASSIGNMENTS)}
    added = 0
    with transaction.atomic():
        for key, facts in worked.items():
            entry = existing.pop(key, None) or WorkHistoryEntry(
                user=user, source=HistorySource.ASSIGNMENTS, source_key=key
            )
            facts["role"] = ", ".join(sorted(facts["role"]))
            if entry.pk and all(getattr(entry, name) == value for name, value in facts.items()):
                continue
            added += entry.pk is None
            for name, value in facts.items():
                setattr(entry, name, value)
            entry.save()
        # Assignments taken back (a booking cancelled): their entries go too.
        WorkHistoryEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
    return added


def _worked(worked: dict[str, dict[str, Any]], production: Any, event: Any, role: str, booking: Any) -> None:
    key = f"production:{production.pk}" if production else f"event:{event.pk}"
    start = booking.call_time if isinstance(booking, Assignment) else booking.booked_from
    end = booking.end_time if isinstance(booking, Assignment) else booking.booked_until
    workspace = booking.workspace if isinstance(booking, Assignment) else event.workspace
    facts = worked.setdefault(
        key,
        {
            "production": production,
            "title": (production.name if production else event.title)[:200],
            "company": workspace.organization.name[:200],
            "role": set(),
            "started_on": timezone.localdate(start),
            "ended_on": timezone.localdate(end),
        },
    )
    if role:
        facts["role"].add(role)
    facts["started_on"] = min(facts["started_on"], timezone.localdate(start))
    facts["ended_on"] = max(facts["ended_on"], timezone.localdate(end))


# --- endorsements ---------------------------------------------------------------------------------
def worked_production_ids(user: Any) -> set[int]:
    """The productions `user` is or was booked on: assigned to it or to one of its shows, or called to one."""
    ids: set[int] = set()
    for production_id, event_production_id in Assignment.objects.filter(person__user=user).values_list(
        "production_id", "event__production_id"
    ):
        ids.update(pk for pk in (production_id, event_production_id) if pk)
    ids.update(
        CrewCall.objects.filter(user=user, event__production__isnull=False).values_list(
            "event__production_id", flat=True
        )
    )
    return ids


def shared_production_ids(user: Any, other: Any) -> set[int]:
    return worked_production_ids(user) & worked_production_ids(other)


def endorse(user: Any, *, actor: Any, skill: str) -> Endorsement:
    """`actor` vouches for one of `user`'s listed skills: once per skill, and only having worked with them."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to endorse a skill."))
    if actor.pk == user.pk:
        raise ProfileInvalid(_("You cannot endorse your own skills."))
    listed = {s.casefold(): s for s in profile_of(user).skills}
    wanted = " ".join(str(skill or "").split())
    if wanted.casefold() not in listed:
        raise ProfileInvalid(
            _("%(name)s does not list the skill “%(skill)s”.") % {"name": display_name(user), "skill": wanted[:60]}
        )
    skill = listed[wanted.casefold()]
    shared = shared_production_ids(actor, user)
    if not shared:
        raise ProfileInvalid(
            _("You can endorse %(name)s once you have worked on a production together.") % {"name": display_name(user)}
        )
    already = _("You have already endorsed %(name)s for “%(skill)s”.") % {"name": display_name(user), "skill": skill}
    if Endorsement.objects.filter(user=user, endorser=actor, skill=skill).exists():
        raise ProfileInvalid(already)
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(user=user, endorser=actor, skill=skill, production_id=min(shared))
            record_activity(endorsement, actor=actor, verb="endorsement.given", data={"skill": skill})
    except IntegrityError:  # the same endorsement sent twice at once: the constraint keeps one
        raise ProfileInvalid(already) from None
    return endorsement


def remove_endorsement(endorsement: Endorsement, *, actor: Any) -> None:
    """Either side may take an endorsement back: the endorser withdraws it, the endorsed person declines it."""
    if getattr(actor, "pk", None) not in (endorsement.user_id, endorsement.endorser_id):
        raise PermissionDenied(_("Only the endorsed person or the endorser may remove an endorsement."))
    with transaction.atomic():
        record_activity(
            endorsement.user,
            actor=actor,
            verb="endorsement.removed",
            data={"skill": endorsement.skill, "endorser": endorsement.endorser_id},
        )
        endorsement.delete()


def users_with_bookings(since: datetime.datetime) -> Iterable[Any]:
    """Users with an assignment or crew call that ended after `since`: whose history a refresh may change."""
    from django.contrib.auth import get_user_model

    booked = Q(crew_records__assignments__end_time__gte=since) | Q(crew_calls__booked_until__gte=since)
    return get_user_model().objects.filter(booked, is_active=True).distinct().order_by("pk")
