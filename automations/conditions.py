"""Conditions of a rule: field comparisons on the event's object and data, read without eval.

A condition is {"field": "estimated_cost", "op": "gt", "value": "5000"}. `field` names a concrete
field of the object (`status`, `estimated_cost`), one of a related row (`production.name`, one
hop), or a key of the event's data (`data.to`). The value is compared as the field's type: a
number as a Decimal, a date as a date, anything else as text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OPERATORS = {
    "eq": gettext_lazy("is"),
    "ne": gettext_lazy("is not"),
    "gt": gettext_lazy("is more than"),
    "gte": gettext_lazy("is at least"),
    "lt": gettext_lazy("is less than"),
    "lte": gettext_lazy("is at most"),
    "contains": gettext_lazy("contains"),
}
MAX_CONDITIONS = 10
_HIDDEN = {"password", "metadata", "secret", "token"}
MISSING = object()


class ConditionError(ValueError):
    pass


def _readable(field: Any) -> bool:
    return field.concrete and not field.is_relation and field.name not in _HIDDEN


def field_choices(model: type[models.Model] | None) -> list[str]:
    """The fields a condition may name on `model`'s events: its own, one hop into a related row, `data.*`."""
    names = ["data.from", "data.to"]
    if model is None:
        return names
    for field in model._meta.get_fields():
        if _readable(field):
            names.append(field.name)
        elif field.concrete and field.many_to_one and field.related_model is not None:
            names += [f"{field.name}.{f.name}" for f in field.related_model._meta.get_fields() if _readable(f)]
    return names


def check_field(model: type[models.Model] | None, path: str) -> None:
    parts = (path or "").split(".")
    if parts[0] == "data" and len(parts) == 2 and parts[1].isidentifier():
        return
    if path not in field_choices(model):
        raise ConditionError(_("“%(field)s” is not a field this trigger's object has.") % {"field": path})


def validate(model: type[models.Model] | None, conditions: Any) -> list[dict[str, str]]:
    """Clean conditions (a list of {field, op, value}); raise ConditionError naming what is wrong."""
    if conditions in (None, ""):
        return []
    if not isinstance(conditions, list):
        raise ConditionError(_("Conditions are a list."))
    if len(conditions) > MAX_CONDITIONS:
        raise ConditionError(_("A rule takes at most %(n)s conditions.") % {"n": MAX_CONDITIONS})
    cleaned = []
    for condition in conditions:
        if not isinstance(condition, dict):
            raise ConditionError(_("Each condition names a field, an operator and a value."))
        field, op, value = condition.get("field"), condition.get("op"), condition.get("value", "")
        if not isinstance(field, str) or not isinstance(op, str) or not isinstance(value, (str, int, float)):
            raise ConditionError(_("Each condition names a field, an operator and a value."))
        if op not in OPERATORS:
            raise ConditionError(_("“%(op)s” is not an operator.") % {"op": op})
        check_field(model, field)
        cleaned.append({"field": field, "op": op, "value": str(value)[:200]})
    return cleaned


def read(obj: Any, data: dict[str, Any], path: str) -> Any:
    """The value `path` names on the event (MISSING when there is none)."""
    parts = path.split(".")
    if parts[0] == "data":
        return data.get(parts[1], MISSING) if len(parts) == 2 else MISSING
    value = obj
    for part in parts:
        if value is None:
            return None
        if part.startswith("_") or part in _HIDDEN:
            return MISSING
        try:
            field = value._meta.get_field(part)
        except Exception:
            return MISSING
        if not field.concrete:
            return MISSING
        value = getattr(value, field.name, MISSING)
    return value


def _as(actual: Any, raw: str) -> Any:
    if isinstance(actual, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(actual, (int, float, Decimal)):
        try:
            return Decimal(raw.replace(",", "").strip())
        except InvalidOperation as exc:
            raise ConditionError(_("“%(value)s” is not a number.") % {"value": raw}) from exc
    if isinstance(actual, datetime.datetime):
        return datetime.datetime.fromisoformat(raw.strip())
    if isinstance(actual, datetime.date):
        return datetime.date.fromisoformat(raw.strip())
    return raw


def holds(condition: dict[str, str], obj: Any, data: dict[str, Any]) -> bool:
    actual = read(obj, data, condition["field"])
    if actual is MISSING:
        return False
    op, raw = condition["op"], condition["value"]
    if actual is None:
        return (op == "eq" and raw == "") or (op == "ne" and raw != "")
    if op == "contains":
        return raw.lower() in str(actual).lower()
    try:
        expected = _as(actual, raw)
    except (ConditionError, ValueError):
        return False
    if isinstance(actual, (int, float)) and not isinstance(actual, bool):
        actual = Decimal(str(actual))
    if not isinstance(expected, (Decimal, datetime.date, bool)):
        actual = str(actual)
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    try:
        return {"gt": actual > expected, "gte": actual >= expected, "lt": actual < expected, "lte": actual <= expected}[
            op
        ]
    except TypeError:
        return False


def all_hold(conditions: list[dict[str, str]], obj: Any, data: dict[str, Any]) -> bool:
    return all(holds(c, obj, data) for c in conditions)


def describe(condition: dict[str, str]) -> str:
    return f"{condition['field']} {OPERATORS.get(condition['op'], condition['op'])} {condition['value']}"
