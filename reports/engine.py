"""Runs a report: a spec over one source of the allow-list (reports/registry.py), read through the
source's `visible_to(user)` in one workspace, as columns and rows a page, an export or the API shows.

A spec is plain data (saved as JSON on a SavedReport):
    {"columns": ["vendor__name", "total"],
     "filters": [{"field": "status", "op": "eq", "value": "approved"}],
     "group_by": ["vendor__name"],
     "aggregates": [{"fn": "sum", "field": "total"}, {"fn": "count", "field": ""}]}
With `group_by`, the rows are the groups and the columns the group fields then the aggregates;
without, the rows are the source's rows and the columns those named. `check_spec` refuses anything
outside the allow-list before a query is built."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ReportInvalid
from .registry import CHOICE, DATE, DATETIME, MONEY, NUMBER, SOURCES, TEXT, Field, Source

AGGREGATES = {"count": Count, "sum": Sum, "avg": Avg}
AGGREGATE_LABELS = {"count": gettext_lazy("Count"), "sum": gettext_lazy("Sum"), "avg": gettext_lazy("Average")}
OPERATORS = ("eq", "ne", "contains", "gte", "lte")
MAX_GROUPS = 2
PREVIEW_ROWS = 50


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str


@dataclass
class Result:
    """What a report shows: its columns, its rows (lists of plain values) and how many there are."""

    title: str
    columns: list[Column]
    rows: Iterable[list[Any]]
    count: int
    notes: list[str] = field(default_factory=list)


def source_or_refuse(key: str) -> Source:
    source = SOURCES.get(key)
    if source is None:
        raise ReportInvalid(_("Pick what the report is about from the list."))
    return source


def require_source(user: Any, workspace: Any, source: Source) -> None:
    if not user.has_perm(source.perm, workspace):
        raise PermissionDenied(_("Your role does not read %(source)s in this workspace.") % {"source": source.label})


def _field(source: Source, allowed: dict[str, Field], name: str) -> Field:
    found = allowed.get(name)
    if found is None:
        raise ReportInvalid(
            _("“%(field)s” is not a field a report on %(source)s may use.") % {"field": name, "source": source.label}
        )
    return found


def _value(f: Field, value: Any) -> Any:
    text = str(value if value is not None else "").strip()
    try:
        if f.kind in (NUMBER, MONEY):
            return Decimal(text)
        if f.kind in (DATE, DATETIME):
            return datetime.date.fromisoformat(text)
    except (InvalidOperation, ValueError):
        said = (
            _("The filter on %(field)s needs a date (YYYY-MM-DD).")
            if f.kind in (DATE, DATETIME)
            else _("The filter on %(field)s needs a number.")
        )
        raise ReportInvalid(said % {"field": f.label}) from None
    return text


def check_spec(user: Any, workspace: Any, source: Source, spec: dict[str, Any]) -> dict[str, Any]:
    """The spec, cleaned: only allow-listed fields the user may see, known operators and aggregates."""
    allowed = {f.name: f for f in source.fields_for(user, workspace)}
    group_by = [_field(source, allowed, n).name for n in spec.get("group_by") or [] if n]
    for name in group_by:
        if not allowed[name].groupable:
            raise ReportInvalid(_("A report cannot be grouped by %(field)s.") % {"field": allowed[name].label})
    if len(group_by) > MAX_GROUPS:
        raise ReportInvalid(_("Group by at most two fields."))
    aggregates = []
    for agg in spec.get("aggregates") or []:
        fn, name = agg.get("fn"), agg.get("field") or ""
        if fn not in AGGREGATES:
            raise ReportInvalid(_("Pick count, sum or average."))
        if fn != "count" or name:
            f = _field(source, allowed, name)
            if fn != "count" and not (f.aggregatable and f.numeric):
                raise ReportInvalid(_("%(field)s cannot be added up.") % {"field": f.label})
        aggregates.append({"fn": fn, "field": name})
    if group_by and not aggregates:
        aggregates = [{"fn": "count", "field": ""}]
    columns = [_field(source, allowed, n).name for n in spec.get("columns") or [] if n]
    if not group_by and not columns:
        columns = [n for n in source.default_columns if n in allowed]
    filters = []
    for flt in spec.get("filters") or []:
        if not flt.get("field"):
            continue
        f = _field(source, allowed, flt["field"])
        op = flt.get("op") or "eq"
        if op not in OPERATORS:
            raise ReportInvalid(_("Pick how the filter compares from the list."))
        if op == "contains" and f.kind not in (TEXT, CHOICE):
            raise ReportInvalid(
                _("Only a text field can be searched for a word: compare %(field)s instead.") % {"field": f.label}
            )
        _value(f, flt.get("value"))  # refuses a value of the wrong kind now, not at the query
        filters.append({"field": f.name, "op": op, "value": str(flt.get("value", "")).strip()})
    return {"columns": columns, "filters": filters, "group_by": group_by, "aggregates": aggregates}


def filter_q(source: Source, filters: list[dict[str, Any]]) -> Q:
    q = Q()
    for flt in filters:
        f = source.field(flt["field"])
        if f is None:  # check_spec refuses it first; never build a query on an unknown field
            raise ValueError(f"unknown field {flt['field']!r}")
        value = _value(f, flt["value"])
        if f.kind == CHOICE and flt["op"] in ("eq", "ne"):  # "Approved" finds "approved" too
            labels = {str(label).lower(): key for key, label in source.choices(f.name).items()}
            value = labels.get(value.lower(), value)
        path = f"{f.name}__date" if f.kind == DATETIME else f.name
        lookup = {
            "eq": path,
            "ne": path,
            "contains": f"{path}__icontains",
            "gte": f"{path}__gte",
            "lte": f"{path}__lte",
        }
        condition = Q(**{lookup[flt["op"]]: value})
        q &= ~condition if flt["op"] == "ne" else condition
    return q


def _alias(agg: dict[str, str]) -> str:
    return f"{agg['fn']}__{agg['field'] or 'rows'}"


def _agg_column(source: Source, agg: dict[str, str]) -> Column:
    f = source.field(agg["field"]) if agg["field"] else None
    label = (
        _("%(aggregate)s of %(field)s") % {"aggregate": AGGREGATE_LABELS[agg["fn"]], "field": f.label}
        if f
        else str(_("Count"))
    )
    kind = NUMBER if agg["fn"] == "count" or f is None else f.kind
    return Column(_alias(agg), str(label), kind)


def _labelled(source: Source, names: list[str], rows: Iterable[tuple]) -> Iterator[list[Any]]:
    """Rows as lists, a choice field's value replaced by its label."""
    choices = {i: source.choices(n) for i, n in enumerate(names) if (f := source.field(n)) and f.kind == CHOICE}
    for row in rows:
        values = list(row)
        for i, labels in choices.items():
            values[i] = str(labels.get(values[i], values[i] or ""))
        yield values


def run_spec(user: Any, workspace: Any, source: Source, spec: dict[str, Any], *, title: str = "") -> Result:
    """The report `spec` over `source`, as `user` sees it in `workspace` (rows lazily read)."""
    require_source(user, workspace, source)
    spec = check_spec(user, workspace, source, spec)
    qs = source.queryset(user, workspace).filter(filter_q(source, spec["filters"]))
    if spec["group_by"]:
        groups = spec["group_by"]
        annotations = {_alias(a): AGGREGATES[a["fn"]](a["field"] or "pk") for a in spec["aggregates"]}
        grouped = qs.order_by().values(*groups).annotate(**annotations).order_by(*groups)
        names = [*groups, *annotations]
        columns = [Column(n, str(source.field(n).label), source.field(n).kind) for n in groups]  # type: ignore[union-attr]
        columns += [_agg_column(source, a) for a in spec["aggregates"]]
        values = grouped.values_list(*names)
        return Result(title or str(source.label), columns, _labelled(source, names, values), grouped.count())
    names = spec["columns"]
    columns = [Column(n, str(source.field(n).label), source.field(n).kind) for n in names]  # type: ignore[union-attr]
    values = qs.order_by(*source.order).values_list(*names)
    return Result(
        title or str(source.label), columns, _labelled(source, names, values.iterator(chunk_size=2000)), qs.count()
    )


def compute_metric(metric: Any, user: Any) -> Decimal | int | None:
    """A custom metric's figure as `user` sees it (for a dashboard): its aggregate over its source's
    visible rows in its workspace. None when the user may not read the source."""
    source = SOURCES.get(metric.source)
    if source is None or not user.has_perm(source.perm, metric.workspace):
        return None
    agg = {"fn": metric.aggregate, "field": metric.field}
    spec = check_spec(user, metric.workspace, source, {"filters": metric.filters, "aggregates": [agg], "columns": []})
    qs = source.queryset(user, metric.workspace).filter(filter_q(source, spec["filters"]))
    value = qs.aggregate(value=AGGREGATES[agg["fn"]](agg["field"] or "pk"))["value"]
    if value is None:
        return 0
    return value if isinstance(value, int) else Decimal(value).quantize(Decimal("0.01"))
