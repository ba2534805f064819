"""The dashboard's forms: a change to one's own dashboard, and a default's widgets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.roles import Role

from .models import WidgetSize
from .registry import all_widgets

ACTIONS = [("add", _("Add")), ("remove", _("Remove")), ("resize", _("Resize")), ("up", _("Up")), ("down", _("Down"))]


class WidgetChangeForm(forms.Form):
    action = forms.ChoiceField(choices=ACTIONS)
    key = forms.CharField(max_length=60, label=_("Widget"))
    size = forms.ChoiceField(choices=WidgetSize.choices, required=False, label=_("Size"))


# "" is the workspace's default (everyone); a role's level picks that role's.
ROLE_CHOICES = [("", _("Everyone in the workspace"))] + [(str(r.value), r.label) for r in Role if r != Role.LEGEND]


def role_of(value):
    """The role a query string or form names ("" or a level), or None for everyone; ValueError if neither."""
    if value in (None, ""):
        return None
    role = int(value)
    if str(role) not in dict(ROLE_CHOICES):
        raise ValueError(value)
    return role


class DefaultDashboardForm(forms.Form):
    """For each widget: on the default or not, its size, and its place (a number, smallest first)."""

    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False, label=_("For"))

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {key: (i, size) for i, (key, size) in enumerate(rows)}
        for widget in all_widgets():
            place, size = chosen.get(widget.key, (None, widget.size))
            self.fields[f"on_{widget.key}"] = forms.BooleanField(
                required=False, initial=place is not None, label=widget.title
            )
            self.fields[f"size_{widget.key}"] = forms.ChoiceField(
                choices=WidgetSize.choices, initial=size, label=_("Size of “%(widget)s”") % {"widget": widget.title}
            )
            self.fields[f"place_{widget.key}"] = forms.IntegerField(
                min_value=1,
                max_value=99,
                required=False,
                initial=None if place is None else place + 1,
                label=_("Place of “%(widget)s”") % {"widget": widget.title},
            )

    def widget_rows(self):
        """(field of "on", field of size, field of place, widget) per widget, for the template."""
        return [(self[f"on_{w.key}"], self[f"size_{w.key}"], self[f"place_{w.key}"], w) for w in all_widgets()]

    def layout(self):
        """(key, size) of the chosen widgets in the order of their places (unnumbered ones last)."""
        data = self.cleaned_data
        chosen = [
            (data[f"place_{w.key}"] or 100, i, w.key, data[f"size_{w.key}"])
            for i, w in enumerate(all_widgets())
            if data[f"on_{w.key}"]
        ]
        return [(key, size) for _place, _i, key, size in sorted(chosen)]
