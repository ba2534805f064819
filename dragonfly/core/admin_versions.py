"""Edit conflicts in the Django admin: two admins editing the same row never overwrite each other.

The change form of a `Versioned` row carries the version it was opened on (a hidden `row_version`).
A save on another version is refused with a form-wide error in the pages' words (who changed what;
`StaleEdit`), nothing saved; the form then carries the version now current, so saving again re-applies
the admin's input on it ("save yours anyway"). The save itself goes through `expecting(obj, read)`, so
a save that slips in between the form's check and this one is refused too. The add form is untouched.

An admin save is logged like a service's (`admin.changed`, the fields it changed), so the next admin
told of a conflict reads who changed what (dragonfly.core.versioning.changes_since).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect

from .versioning import FORM_FIELD, StaleEdit, Versioned, expecting


class _VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False  # not a change of the row: the admin's history names only the fields


class _VersionedForm(forms.ModelForm):
    """The admin's own form of the row, carrying the version it was opened on and refusing a stale one."""

    row_version = _VersionField(required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FORM_FIELD].initial = self.instance.version  # as the admin loaded the row for this form

    def _current(self) -> int | None:
        if self.instance.pk is None:  # an inline's new row: nothing to be stale against
            return None
        model = type(self.instance)
        return model._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        read, current = cleaned.get(FORM_FIELD), self._current()
        if read is not None and current is not None and read != current:
            # From here on the form carries the version now current: saving again is "save yours anyway".
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data[self.add_prefix(FORM_FIELD)] = str(current)
            self.data = data
            raise forms.ValidationError(StaleEdit(self.instance, read=read, current=current).sentence())
        return cleaned


def _versioned(obj: Any) -> bool:
    return isinstance(obj, Versioned) and obj.pk is not None


class VersionedAdminMixin:
    """For a ModelAdmin: the change form of a `Versioned` row checks the version it was opened on."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if _versioned(obj):
            base = kwargs.get("form") or self.form  # type: ignore[attr-defined]
            kwargs["form"] = type(base.__name__, (_VersionedForm, base), {})
        return super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if _versioned(obj) and FORM_FIELD not in flatten_fieldsets(fieldsets):
            # A row of its own, hidden (an admin that names its fieldsets does not name this one).
            fieldsets = [*fieldsets, (None, {"fields": [FORM_FIELD], "classes": ["hidden"]})]
        return fieldsets

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        read = form.cleaned_data.get(FORM_FIELD) if change and _versioned(obj) else None
        with expecting(obj, read, now=False):  # the form checked it already; this is its save's check
            super().save_model(request, obj, form, change)  # type: ignore[misc]
        if read is not None:
            from dragonfly.activity.services import record_activity

            names = {f.name for f in obj._meta.concrete_fields}
            changed = [name for name in form.changed_data if name in names]
            record_activity(obj, actor=request.user, verb="admin.changed", data={"changed": changed})

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        if change:  # an admin may save its inlines its own way (save_formset); each has saved by now
            for formset in formsets:
                _log_inline_changes(request, formset)

    def changeform_view(self, request: Any, object_id: Any = None, form_url: str = "", extra_context: Any = None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except StaleEdit as exc:  # saved by someone else between the form's check and this save: nothing saved
            messages.error(request, exc.sentence())
            return HttpResponseRedirect(request.get_full_path())


def _log_inline_changes(request: Any, formset: Any) -> None:
    """An inline row's change is logged like the parent's, so the next admin told of a conflict on
    that row reads who changed what (VersionedInlineMixin)."""
    from dragonfly.activity.services import record_activity

    new = set(map(id, getattr(formset, "new_objects", [])))
    gone = set(map(id, getattr(formset, "deleted_objects", [])))
    for row in formset.forms:
        obj = row.instance
        if not _versioned(obj) or id(obj) in new or id(obj) in gone or FORM_FIELD not in row.fields:
            continue
        names = {f.name for f in obj._meta.concrete_fields}
        changed = [name for name in row.changed_data if name in names]
        if changed:
            record_activity(obj, actor=request.user, verb="admin.changed", data={"changed": changed})


class VersionedInlineMixin:
    """For an InlineModelAdmin whose rows are `Versioned` (a budget's lines, an event's cues): each
    existing row in the inline carries the version it was opened on, and a row someone else changed
    meanwhile is refused on its own line (who changed what), nothing of the page saved. The next save
    re-applies the admin's input on the version now current, as on the parent's form."""

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        if issubclass(self.model, Versioned):  # type: ignore[attr-defined]
            base = kwargs.get("form") or self.form  # type: ignore[attr-defined]
            kwargs["form"] = type(base.__name__, (_VersionedForm, base), {})
        return super().get_formset(request, obj, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if issubclass(self.model, Versioned) and FORM_FIELD not in flatten_fieldsets(fieldsets):  # type: ignore[attr-defined]
            # An inline that names its fields does not name this one; a hidden input in the row.
            name, options = fieldsets[-1]
            fieldsets = [*fieldsets[:-1], (name, {**options, "fields": [*options["fields"], FORM_FIELD]})]
        return fieldsets
