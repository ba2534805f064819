"""One search-as-you-type picker for a choice among thousands (a team's lead, a time filter's person,
a kit's assets): the page renders only the chosen value, and the browser asks `picker_results` for
matches as the user types, through the same `visible_to` queryset the form validates against.

Without JavaScript the picker is a plain text input: the field resolves what was typed (a name, or
a list of tags) and says clearly when nothing or several rows match. A field's value from the API or
an old link (a bare id, no `<name>_text` key) is read as before.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MIN_CHARS, MAX_RESULTS = 2, 20
TEXT = "_text"  # the visible input's name is the field's name + this


class PickerWidget(forms.Widget):
    """A hidden id (set by static/js/app.js when a match is picked) and the text input the user types in."""

    template_name = "components/picker.html"

    def __init__(self, url="", multiple=False, attrs=None):
        super().__init__(attrs)
        self.url, self.multiple = url, multiple

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(url=self.url, multiple=self.multiple, text_name=name + TEXT, text=self.text)
        return context

    text = ""  # set per render by the field: the chosen row's label, or what the user typed

    def _render(self, template_name, context, renderer=None):
        # The project's templates, not the form renderer's (which sees only django/forms/ templates)
        context["widget"]["flat_attrs"] = flatatt(context["widget"]["attrs"])
        return mark_safe(render_to_string(template_name, context))  # nosec B308 B703 # escaped by the template

    def value_from_datadict(self, data, files, name):
        if name + TEXT not in data:  # the API, an old link: a bare id (or ids)
            return data.getlist(name) if self.multiple and hasattr(data, "getlist") else data.get(name)
        return {"id": data.get(name, ""), "text": data.get(name + TEXT, "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT not in data


class _Picker:
    """What the two fields share: the label a row reads as, and the text that finds it."""

    def __init__(self, *args, url="", row_label=str, search=None, **kwargs):
        kwargs.setdefault("widget", PickerWidget(url=url, multiple=self.multiple))
        super().__init__(*args, **kwargs)
        self.row_label, self.search = row_label, search  # (`label` is the field's own)

    def label_from_instance(self, obj):
        return self.row_label(obj)


class PickerField(_Picker, forms.ModelChoiceField):
    """One row: the picked id when its label still reads as typed, else the one row the text finds."""

    multiple = False

    def __init__(self, *args, search: Callable, **kwargs):
        super().__init__(*args, search=search, **kwargs)

    def prepare_value(self, value):
        obj = value if isinstance(value, self.queryset.model) else None
        if obj is None and value not in (None, "") and not isinstance(value, dict):
            obj = self.queryset.filter(pk=value).first() if str(value).isdigit() else None
        if isinstance(value, dict):
            self.widget.text = value["text"]
            return value["id"]
        self.widget.text = self.row_label(obj) if obj else ""
        return obj.pk if obj else ""

    def clean(self, value):
        if not isinstance(value, dict):
            return super().clean(value)
        text = " ".join(value["text"].split())
        if not text:
            return super().clean(None)
        picked = self.queryset.filter(pk=value["id"]).first() if str(value["id"]).isdigit() else None
        if picked is not None and " ".join(self.row_label(picked).split()) == text:
            return picked
        found = list(self.search(self.queryset, text)[:2])
        if not found:
            raise ValidationError(_("Nothing here matches “%(text)s”."), code="invalid_choice", params={"text": text})
        if len(found) > 1:
            raise ValidationError(
                _("Several match “%(text)s”: type more of the name, or pick one from the list."),
                code="invalid_choice",
                params={"text": text},
            )
        return found[0]


class PickerMultipleField(_Picker, forms.ModelMultipleChoiceField):
    """Several rows by key (an asset's tag), comma-separated in the text input; every key must match."""

    multiple = True

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def prepare_value(self, value):
        if isinstance(value, dict):
            self.widget.text = value["text"]
        else:
            rows = [v for v in (value or []) if isinstance(v, self.queryset.model)]
            ids = [v for v in (value or []) if not isinstance(v, self.queryset.model)]
            if ids:
                rows += list(self.queryset.filter(pk__in=ids))
            self.widget.text = ", ".join(getattr(row, self.key) for row in rows)
        return ""

    def clean(self, value):
        if not isinstance(value, dict):
            return super().clean(value)
        keys = list(dict.fromkeys(k.strip().upper() for k in value["text"].replace("\n", ",").split(",") if k.strip()))
        if not keys:
            return super().clean([])
        rows = {getattr(row, self.key).upper(): row for row in self.queryset.filter(**{f"{self.key}__in": keys})}
        missing = [k for k in keys if k not in rows]
        if missing:
            raise ValidationError(
                _("Nothing here matches %(keys)s."), code="invalid_choice", params={"keys": ", ".join(missing)}
            )
        return [rows[k] for k in keys]


def picker_results(request, queryset, *, search: Callable, label=str, value=None):
    """The picker's endpoint: at most MAX_RESULTS rows of `queryset` (already the user's visible rows)
    that `search` finds for `?q=`, nothing under MIN_CHARS characters. `value` is what picking puts
    in the form (the id, or for a multiple picker the row's key)."""
    # htmx sends the text input under its own name (`<field>_text`); a multiple picker searches its last key
    raw = request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith(TEXT)), "")
    query = " ".join(raw.split(",")[-1].split())[:100]
    rows = list(search(queryset, query)[:MAX_RESULTS]) if len(query) >= MIN_CHARS else []
    results = [{"label": label(row), "value": value(row) if value else row.pk} for row in rows]
    return render(request, "components/picker_results.html", {"query": query, "results": results})
