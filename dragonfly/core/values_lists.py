"""API lists read as `.values()` rows: the same JSON as the serializer's, without building model objects.

Profiling a 50-row API list (bench/README.md, "API lists") put most of the Python time in building
model instances (and their select_related parents) and in DRF walking each row field by field
(`get_attribute`, SkipField checks, the OrderedDict per row). A list whose serializer only reads
columns — model fields, a foreign key's columns along `a.b.c`, annotations — can read those columns
as dicts and hand each value to the same bound field's `to_representation` (so dates, decimals and
choices read exactly as before, in the reader's time zone).

`values_plan(serializer, queryset)` says whether a serializer qualifies (once per serializer class and
queryset shape) and how to read it. `TenantViewSet` uses it for its `list` action; the queryset still
comes from `get_queryset()` (`visible_to`, the selector) and the filters, and the schema still comes
from the serializer class, which is unchanged. A serializer with a method field, a nested serializer,
a property or a custom `to_representation` keeps DRF's path, unless the serializer says how to compute
that output from columns:

    values_computed = {"priority": (("estimated_cost",), lambda row: priority_for(row["estimated_cost"]))}

(the value then goes through the field's `to_representation`, except for a method field, whose value is
the output). The parity test (dragonfly/core/tests/test_values_lists.py) holds both paths to one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers
from rest_framework.relations import PrimaryKeyRelatedField

# Fields whose to_representation takes the column's value as the model attribute would give it.
VALUE_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.JSONField,
    serializers.ReadOnlyField,
    serializers.TimeField,
    serializers.UUIDField,
    serializers.DurationField,
    serializers.DictField,
    serializers.ListField,
)
# Field classes that change what a value looks like on the way out, so are read as objects.
OBJECT_FIELDS = (serializers.FileField, serializers.SerializerMethodField, serializers.HiddenField)


@dataclass(frozen=True)
class Plan:
    columns: tuple[str, ...]  # for .values(): the primary key first, then each output's columns
    # (output name, its column or a function of the row, whether the field's to_representation applies)
    outputs: tuple[tuple[str, Any, bool], ...]

    def rows(self, values_rows: Any, fields: Any) -> list[dict[str, Any]]:
        convert = {name: fields[name].to_representation for name, _, apply in self.outputs if apply}
        out = []
        for row in values_rows:
            item: dict[str, Any] = {}
            for name, read, apply in self.outputs:
                value = row[read] if isinstance(read, str) else read(row)
                item[name] = convert[name](value) if apply and value is not None else value
            out.append(item)
        return out


_plans: dict[tuple[Any, ...], Plan | None] = {}


def values_plan(serializer: serializers.Serializer, queryset: Any) -> Plan | None:
    """How to read `serializer`'s output from `queryset.values()`, or None when it reads more than columns."""
    annotations = tuple(sorted(queryset.query.annotations))
    # The field names are part of the key: a serializer that drops fields for some readers must never
    # be answered with a plan made for another reader's fields.
    key = (type(serializer), queryset.model, annotations, tuple(serializer.fields))
    if key not in _plans:
        _plans[key] = _make_plan(serializer, queryset.model, set(annotations))
    return _plans[key]


def _make_plan(serializer: serializers.Serializer, model: Any, annotations: set[str]) -> Plan | None:
    if type(serializer).to_representation is not serializers.Serializer.to_representation:
        return None  # the serializer shapes its own output
    pk = model._meta.pk.attname
    columns, outputs = [pk], []
    computed = getattr(serializer, "values_computed", {})
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if name in computed:
            needs, function = computed[name]
            columns += [column for column in needs if column not in columns]
            outputs.append((name, function, not isinstance(field, serializers.SerializerMethodField)))
            continue
        column = _column(field, model, annotations)
        if column is None:
            return None
        if column not in columns:
            columns.append(column)
        outputs.append((name, column, not isinstance(field, PrimaryKeyRelatedField)))
    return Plan(tuple(columns), tuple(outputs))


def _column(field: Any, model: Any, annotations: set[str]) -> str | None:
    """The `.values()` name of what `field` reads, or None when it is not a plain column."""
    if isinstance(field, OBJECT_FIELDS) or field.source == "*":
        return None
    attrs = field.source_attrs
    if isinstance(field, PrimaryKeyRelatedField):
        if field.pk_field is not None or getattr(field, "many", False):
            return None
        target = _follow(model, attrs)
        return "__".join(attrs) if target is not None and target.many_to_one else None
    if not isinstance(field, VALUE_FIELDS) or not _drf_own(field) or not _drf_own(getattr(field, "child", field)):
        return None  # a field of ours that shapes its value itself
    if len(attrs) == 1 and attrs[0] in annotations:
        return attrs[0]
    target = _follow(model, attrs)
    if target is None or (target.is_relation and attrs[-1] != target.attname):
        return None  # a related object itself (its str()), not a column
    return "__".join(attrs)


def _drf_own(field: Any) -> bool:
    return type(field).to_representation.__module__.startswith("rest_framework")


def _follow(model: Any, attrs: list[str]) -> Any:
    """The model field at the end of `a.b.c` through foreign keys, or None (a property, a reverse set)."""
    field = None
    for i, attr in enumerate(attrs):
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            field = next((f for f in model._meta.concrete_fields if f.attname == attr), None)
            if field is None:
                return None
        if not field.concrete or field.many_to_many:
            return None
        if i < len(attrs) - 1:
            if not field.many_to_one:
                return None
            model = field.related_model
    return field
