"""Edit conflicts: every editable row carries a version, and a save made on a stale version is refused.

A model that people edit inherits `Versioned`: an integer `version`, 1 when the row is made and one
more on every save (`UPDATE … SET version = version + 1`, so two writers never write the same number).

An edit says which version it was made on, and the save checks it under the row's lock:

    with expecting(task, 7):                  # the version the form (or the API client) read
        services.update_task(task, actor=user, **fields)   # its save raises StaleEdit unless still 7

The service's own transaction holds the lock (`SELECT … FOR UPDATE` on the row), so of two people
saving the same version, one wins and the other is told who changed what — never a silent overwrite.
An edit that names no version (an API client that sends neither `If-Match` nor `version`) saves as
before. Pages do this through `dragonfly.core.pages.form_page(..., versioned=obj)`; the API through
`TenantViewSet` (ETag on a detail, `If-Match` → 412, a stale body `version` → 409).

What changed since the version a person read comes from the activity log: `record_activity` stamps the
target's version (`data["row_version"]`) on every entry, so the entries after that version name the
fields and who changed them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import Conflict

# (app_label.model, pk) → the versions an edit may be made on, for the edits under way in this context.
# (the bool: the versions came from an If-Match header, so a refusal is HTTP 412)
_expected: ContextVar[dict[tuple[str, Any], tuple[frozenset[int], bool]] | None] = ContextVar(
    "expected_versions", default=None
)


def _key(obj: models.Model) -> tuple[str, Any]:
    return (obj._meta.label_lower, obj.pk)


class Versioned(models.Model):
    """An abstract model whose rows count their saves (`version`), so a stale edit can be refused."""

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("One more on every save; an edit names the one it read.")
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self._state.adding or self.pk is None or (update_fields is not None and not update_fields):
            super().save(*args, **kwargs)  # a new row starts at 1; an empty update_fields saves nothing
            return
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        expected = (_expected.get() or {}).get(_key(self))
        if expected is None:
            self.version = models.F("version") + 1
            try:
                super().save(*args, **kwargs)
            finally:
                # Read again when asked: another writer may have counted in between.
                self.__dict__.pop("version", None)
            return
        accepted, precondition = expected
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            current = (
                type(self)
                ._base_manager.using(using)
                .select_for_update(of=("self",))
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current not in accepted:
                self.__dict__.pop("version", None)
                raise StaleEdit(self, read=min(accepted, default=0), current=current, precondition=precondition)
            self.version = (current or 0) + 1
            super().save(*args, **kwargs)
        # A second save of the same edit (a service saving twice) builds on this one.
        mapping = _expected.get()
        if mapping is not None:
            mapping[_key(self)] = (frozenset({self.version}), precondition)


@contextmanager
def expecting(
    obj: models.Model, versions: int | Iterable[int] | None, *, precondition: bool = False, now: bool = True
) -> Iterator[None]:
    """Inside the block, a save of `obj`'s row goes through only on one of `versions` (None: any).

    With `now`, checked at once too, against `obj` as read, so a stale edit that would change nothing is
    refused the same way (without it, only a save is: a caller that may not edit hears that first).
    `precondition` marks a version that came from an If-Match header (HTTP 412)."""
    if versions is None or not isinstance(obj, Versioned):
        yield
        return
    accepted = frozenset([versions] if isinstance(versions, int) else versions)
    current = current_version(obj) if now else None
    if current is not None and current not in accepted:
        raise StaleEdit(obj, read=min(accepted, default=0), current=current, precondition=precondition)
    mapping = dict(_expected.get() or {})
    mapping[_key(obj)] = (accepted, precondition)
    token = _expected.set(mapping)
    try:
        yield
    finally:
        _expected.reset(token)


# --- what changed, and who changed it -------------------------------------------------------------------
@dataclass
class Change:
    """One entry of the activity log after the version an editor read."""

    fields: list[str]
    actor: Any
    at: datetime
    verb: str
    labels: list[str] = field(default_factory=list)

    @property
    def ago(self) -> str:
        if (timezone.now() - self.at).total_seconds() < 60:
            return gettext("just now")
        return gettext("%(time)s ago") % {"time": timesince(self.at)}

    @property
    def who(self) -> str:
        from dragonfly.tenancy.access import display_name

        return display_name(self.actor)


@dataclass
class Changes:
    fields: list[str] = field(default_factory=list)  # field names, in the order they first changed
    labels: list[str] = field(default_factory=list)  # the same, as a person reads them
    people: list[Any] = field(default_factory=list)  # users who changed it, the latest first
    last_at: datetime | None = None
    entries: list[Change] = field(default_factory=list)

    @property
    def last_by(self) -> Any:
        return self.people[0] if self.people else None


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 — a name that is not a field (an m2m alias, a computed key)
        return capfirst(name.replace("_", " "))


def _entry_fields(entry: Any) -> list[str]:
    data = entry.data if isinstance(entry.data, dict) else {}
    names: list[str] = []
    for key in ("fields", "changed"):
        value = data.get(key)
        if isinstance(value, list):
            names += [str(v) for v in value]
    changes = data.get("changes")
    if isinstance(changes, dict):
        names += [str(k) for k in changes]
    if entry.to_state and entry.from_state != entry.to_state:
        names.append("status")
    return names


def changes_since(obj: models.Model, version: int, *, limit: int = 50) -> Changes:
    """What the activity log recorded on `obj` after `version`: the fields, who, and when last."""
    from dragonfly.activity.models import ActivityEntry

    entries = (
        ActivityEntry.objects.for_object(obj)
        .filter(data__row_version__gt=version)
        .order_by("-created_at", "-id")[:limit]
    )
    return collect_changes(type(obj), entries)


def collect_changes(
    model: type[models.Model], entries: Iterable[Any], fields_of: Callable[[Any], list[str]] = _entry_fields
) -> Changes:
    """`Changes` from activity entries about a `model` row, the latest first (a model whose edits are
    logged on another row, an advance's lines on the advance, picks its entries and names their fields)."""
    found = Changes()
    entries = list(entries)
    for entry in entries:
        names = fields_of(entry)
        labels = [_label(model, name) for name in names]
        found.entries.append(Change(names, entry.actor, entry.created_at, entry.verb, labels))
        if entry.actor is not None and entry.actor not in found.people:
            found.people.append(entry.actor)
        for name in names:
            if name not in found.fields:
                found.fields.append(name)
    if entries:
        found.last_at = entries[0].created_at
    found.fields.reverse()  # oldest change first, as they happened
    found.labels = [_label(model, name) for name in found.fields]
    return found


def unwrapped(obj: Any) -> Any:
    """The object behind a lazy proxy such as `request.workspace`: its `type()` and `__dict__` are the proxy's own."""
    if isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        return obj._wrapped
    return obj


def current_version(obj: models.Model) -> int | None:
    """The row's version as it is now (what the activity stamp and the ETag read)."""
    obj = unwrapped(obj)
    value = obj.__dict__.get("version")
    if isinstance(value, int):
        return value
    if not isinstance(obj, Versioned) or obj.pk is None:
        return None
    value = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if value is not None:
        obj.__dict__["version"] = value
    return value


class StaleEdit(Conflict):
    """An edit made on a version of the row that is no longer the current one; nothing was saved."""

    code = "stale_edit"

    def __init__(
        self,
        obj: models.Model,
        *,
        read: int,
        current: int,
        precondition: bool = False,
        changes: Changes | None = None,
    ):
        self.obj, self.read, self.current, self.precondition = obj, read, current, precondition
        self.changes = changes if changes is not None else changes_since(obj, read)
        super().__init__(self.sentence())

    def sentence(self) -> str:
        from dragonfly.tenancy.access import display_name

        thing = str(self.obj._meta.verbose_name)
        who = self.changes.last_by
        if self.changes.labels and who is not None:
            return gettext(
                "%(person)s changed this %(thing)s after you opened it (%(fields)s). "
                "Reload to see their version, or save yours anyway."
            ) % {"person": display_name(who), "thing": thing, "fields": ", ".join(self.changes.labels)}
        if who is not None:
            return gettext(
                "%(person)s changed this %(thing)s after you opened it. "
                "Reload to see their version, or save yours anyway."
            ) % {"person": display_name(who), "thing": thing}
        return gettext(
            "Someone changed this %(thing)s after you opened it. Reload to see their version, or save yours anyway."
        ) % {"thing": thing}

    def as_json(self) -> dict[str, Any]:
        """The machine-readable part of a 409/412 answer."""
        from dragonfly.tenancy.access import display_name

        return {
            "version": self.current,
            "your_version": self.read,
            "changed_fields": self.changes.fields,
            "changed_by": [{"id": user.pk, "name": display_name(user)} for user in self.changes.people],
            "changed_at": self.changes.last_at.isoformat() if self.changes.last_at else None,
        }


# --- HTTP: ETag and If-Match (RFC 9110) ------------------------------------------------------------------
def etag(version: int) -> str:
    """The strong entity tag of a row at `version`."""
    return f'"v{version}"'


_TAG = re.compile(r'\s*(W/)?"v(\d{1,18})"\s*')


def if_match_versions(header: str | None) -> frozenset[int] | None:
    """The versions an If-Match header accepts: None when absent or `*` (no condition); an empty set
    when it names only tags that can't match (a weak tag never matches under If-Match's strong comparison)."""
    if header is None or header.strip() in ("", "*"):
        return None
    versions = set()
    for part in header.split(","):
        m = _TAG.fullmatch(part)
        if m and not m.group(1):
            versions.add(int(m.group(2)))
    return frozenset(versions)


def body_version(data: Any) -> int | None:
    """A body's `version` when it is a whole positive number (anything else is the serializer's 400)."""
    value = data.get("version") if hasattr(data, "get") else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 1:
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value) or None
    return None


# --- pages ----------------------------------------------------------------------------------------------
FORM_FIELD = "row_version"  # the hidden input of an edit form
OVERWRITE_FIELD = "overwrite_version"  # the "Save anyway" button: re-apply mine on this version


def posted_version(post: Any) -> int | None:
    """The version a posted edit form was made on ("Save anyway" names the newer one it re-applies on)."""
    for name in (OVERWRITE_FIELD, FORM_FIELD):
        value = body_version({"version": post.get(name)})
        if value is not None:
            return value
    return None
