"""Forms of the report pages: they parse input; reports.engine and reports.services decide the rules.

The builder offers only the sources the user may read in the workspace and, of the chosen source,
only its allow-listed fields they may see; a spec built from it is checked again by the engine."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalog import ReportTemplate
from .engine import AGGREGATE_LABELS, OPERATORS
from .models import Aggregate, ExportFormat, Frequency
from .registry import SOURCES, Source, sources_for

FILTER_SLOTS = 3
AGGREGATE_SLOTS = 2
OPERATOR_LABELS = {
    "eq": _("is"),
    "ne": _("is not"),
    "contains": _("contains"),
    "gte": _("is at least / from"),
    "lte": _("is at most / until"),
}
BLANK = [("", "—")]


class ReportBuilderForm(forms.Form):
    source = forms.ChoiceField(label=_("Report on"))
    columns = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Columns"),
        help_text=_("Shown when the report is not grouped."),
    )
    group_by = forms.ChoiceField(required=False, label=_("Group by"))
    then_by = forms.ChoiceField(required=False, label=_("Then by"))
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    shared = forms.BooleanField(required=False, label=_("Share with the workspace"))

    def __init__(self, *args: Any, user: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = sources_for(user, workspace)
        self.fields["source"].choices = [(s.key, s.label) for s in self.sources]
        chosen = self.data.get("source") or self.initial.get("source") or (self.sources[0].key if self.sources else "")
        self.chosen: Source | None = SOURCES.get(chosen) if chosen in {s.key for s in self.sources} else None
        fields = self.chosen.fields_for(user, workspace) if self.chosen else []
        self.fields["columns"].choices = [(f.name, f.label) for f in fields]
        groupable = BLANK + [(f.name, f.label) for f in fields if f.groupable]
        self.fields["group_by"].choices = self.fields["then_by"].choices = groupable
        numeric = [(f.name, f.label) for f in fields if f.aggregatable and f.numeric]
        for n in range(1, AGGREGATE_SLOTS + 1):
            self.fields[f"agg_{n}"] = forms.ChoiceField(
                required=False,
                choices=BLANK + [(a, AGGREGATE_LABELS[a]) for a in Aggregate.values],
                label=_("Aggregate %(n)s") % {"n": n},
            )
            self.fields[f"agg_field_{n}"] = forms.ChoiceField(
                required=False, choices=[("", _("rows"))] + numeric, label=_("of")
            )
        for n in range(1, FILTER_SLOTS + 1):
            self.fields[f"filter_{n}"] = forms.ChoiceField(
                required=False, choices=BLANK + [(f.name, f.label) for f in fields], label=_("Filter %(n)s") % {"n": n}
            )
            self.fields[f"op_{n}"] = forms.ChoiceField(
                required=False, choices=[(o, OPERATOR_LABELS[o]) for o in OPERATORS], label=_("compare")
            )
            self.fields[f"value_{n}"] = forms.CharField(required=False, max_length=200, label=_("value"))

    def slots(self) -> dict[str, list[list[Any]]]:
        """The aggregate and filter rows as bound fields, for the template to lay out in lines."""
        return {
            "aggregates": [[self[f"agg_{n}"], self[f"agg_field_{n}"]] for n in range(1, AGGREGATE_SLOTS + 1)],
            "filters": [[self[f"filter_{n}"], self[f"op_{n}"], self[f"value_{n}"]] for n in range(1, FILTER_SLOTS + 1)],
        }

    def spec(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "columns": data["columns"],
            "group_by": [g for g in (data["group_by"], data["then_by"]) if g],
            "aggregates": [
                {"fn": data[f"agg_{n}"], "field": data[f"agg_field_{n}"]}
                for n in range(1, AGGREGATE_SLOTS + 1)
                if data[f"agg_{n}"]
            ],
            "filters": [
                {"field": data[f"filter_{n}"], "op": data[f"op_{n}"] or "eq", "value": data[f"value_{n}"]}
                for n in range(1, FILTER_SLOTS + 1)
                if data[f"filter_{n}"]
            ],
        }

    @staticmethod
    def initial_for(source: str, spec: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """The form's initial values from a saved spec (to edit a saved report)."""
        groups = list(spec.get("group_by") or []) + ["", ""]
        initial: dict[str, Any] = {
            "source": source,
            "columns": spec.get("columns") or [],
            "group_by": groups[0],
            "then_by": groups[1],
            **extra,
        }
        for n, agg in enumerate(spec.get("aggregates") or [], start=1):
            initial[f"agg_{n}"], initial[f"agg_field_{n}"] = agg.get("fn", ""), agg.get("field", "")
        for n, flt in enumerate(spec.get("filters") or [], start=1):
            initial[f"filter_{n}"], initial[f"op_{n}"], initial[f"value_{n}"] = flt["field"], flt["op"], flt["value"]
        return initial


class TemplateParamsForm(forms.Form):
    """A template's parameters (the period, the grouping, the days ahead), read from the query string."""

    start = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(required=False, label=_("Group by"))
    days = forms.IntegerField(required=False, min_value=0, max_value=730, label=_("Days ahead"))

    def __init__(self, *args: Any, template: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if template.groupings:
            self.fields["by"].choices = list(template.groupings.items())
        for name in list(self.fields):
            wanted = name in template.params or (name == "end" and "start" in template.params)
            if not wanted or (name == "by" and not template.groupings):
                del self.fields[name]


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices, label=_("Format"))


class SubscribeForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices, label=_("Send it to me"))


class MetricForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    source = forms.ChoiceField(label=_("Over"))
    aggregate = forms.ChoiceField(choices=Aggregate.choices, label=_("Aggregate"))
    field = forms.ChoiceField(required=False, label=_("Of the field"), help_text=_("Leave empty to count rows."))

    def __init__(self, *args: Any, user: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = sources_for(user, workspace)
        self.fields["source"].choices = [(s.key, s.label) for s in sources]
        self.fields["field"].choices = BLANK + [
            (f.name, f"{s.label}: {f.label}")
            for s in sources
            for f in s.fields_for(user, workspace)
            if f.aggregatable and f.numeric
        ]
