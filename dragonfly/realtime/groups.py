"""Channel-layer group names (ASCII letters, digits, `-`, `_`, `.`; under 100 characters)."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

_LABEL = re.compile(r"^[a-z][a-z0-9_]{0,40}\.[a-z][a-z0-9_]{0,60}$")


def object_group(label: str, pk: object) -> str:
    return f"o.{label}.{pk}"


def list_group(label: str, workspace_id: object) -> str:
    return f"l.{label}.w{workspace_id}"


def user_group(user_id: object) -> str:
    return f"u.{user_id}"


def live_model(label: str) -> type[models.Model] | None:
    """The model a topic names, when it is one whose rows a user may be shown (`visible_to`)."""
    if not _LABEL.match(label):
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if hasattr(model._default_manager, "visible_to") else None


def related_groups(obj: models.Model) -> list[str]:
    """Groups of the objects `obj` points at through a foreign key (a cue's event, an advance's
    production), so a page about the parent hears of its children. Only models with `visible_to`."""
    names = []
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        value = getattr(obj, field.attname, None)
        target = field.related_model
        if value is None or not isinstance(target, type) or not hasattr(target._default_manager, "visible_to"):
            continue
        names.append(object_group(target._meta.label_lower, value))
    return names
