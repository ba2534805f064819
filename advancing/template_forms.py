"""Forms and the filter of the template and roll-over pages: they parse input; templating.py and
rollover.py decide the rules."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.models import Workspace
from productions.models import Production

from .forms import QUANTITY, _numeric, plain
from .models import AdvanceTemplate, ProductionType
from .templating import MAX_NAME


class TemplateFilter(django_filters.FilterSet):
    """The templates list, on the page and in the API: by production type, by a word of the name."""

    production_type = django_filters.ChoiceFilter(
        label=_("Production type"), choices=ProductionType.choices, empty_label=_("Any")
    )
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains", max_length=100)

    class Meta:
        model = AdvanceTemplate
        fields = ["production_type", "q"]


def workspaces_for_new_advances(user, organization, only=None):
    """The organization's open workspaces where `user` may create advances (`only`: that one at most)."""
    rows = Workspace.objects.visible_to(user).filter(organization=organization, archived=False).order_by("name")
    if only is not None:
        rows = rows.filter(pk=only.pk)
    return [ws for ws in rows.select_related("organization") if user.has_perm("advancing.add_advance", ws)]


class TemplateSaveForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=MAX_NAME)
    production_type = forms.ChoiceField(label=_("Production type"), choices=ProductionType.choices)
    only_here = forms.BooleanField(
        label=_("Only for this workspace"),
        required=False,
        help_text=_("Leave unticked to offer it in every workspace of the organization."),
    )

    def __init__(self, *args, org_wide_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Arena show, standard rider")
        if not org_wide_allowed:  # a workspace role saves templates of its workspace only
            del self.fields["only_here"]


class TemplateEditForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=MAX_NAME)
    production_type = forms.ChoiceField(label=_("Production type"), choices=ProductionType.choices)


class StartForm(forms.Form):
    """A new advance from a template or an earlier advance: where, its header, and each line's quantity
    (0 leaves a line out)."""

    workspace = forms.TypedChoiceField(label=_("Workspace"), coerce=int)
    production = forms.ModelChoiceField(
        queryset=Production.objects.none(), required=False, label=_("Production"), empty_label=_("— No production —")
    )
    team_workspace = forms.CharField(label=_("Team / workspace"), max_length=200, required=False)
    activation_name = forms.CharField(label=_("Activation name"), max_length=200, required=False)

    def __init__(self, *args, user, workspaces, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspaces = {ws.pk: ws for ws in workspaces}
        self.fields["workspace"].choices = [(ws.pk, ws.name) for ws in workspaces]
        self.fields["production"].queryset = (
            Production.objects.visible_to(user)
            .filter(workspace__in=list(self.workspaces))
            .select_related("workspace")
            .order_by("workspace__name", "start_date", "name")
        )
        if len(self.workspaces) > 1:
            self.fields["production"].label_from_instance = lambda p: f"{p.workspace.name} · {p.name}"
        self.fields["activation_name"].widget.attrs["placeholder"] = _("e.g. Opening night")
        self.lines = list(lines)
        for line in self.lines:
            field = forms.DecimalField(
                label=line.name, **QUANTITY, initial=plain(line.quantity), required=False, min_value=Decimal("0")
            )
            field.disabled = not line.available
            self.fields[self.field_name(line)] = _numeric(field)

    @staticmethod
    def field_name(line):
        return f"qty_{line.key}"

    def header_fields(self):
        return [self[name] for name in ("workspace", "production", "team_workspace", "activation_name")]

    def line_fields(self):
        return [(line, self[self.field_name(line)]) for line in self.lines]

    def chosen_workspace(self):
        return self.workspaces[self.cleaned_data["workspace"]]

    def quantities(self):
        found = {line.key: self.cleaned_data.get(self.field_name(line)) for line in self.lines if line.available}
        return {key: value for key, value in found.items() if value is not None}


class RolloverForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Roll over into"), coerce=int)
    shift_days = forms.IntegerField(
        label=_("Shift dates by (days)"),
        initial=0,
        min_value=-3660,
        max_value=3660,
        help_text=_("Used to tell apart productions of the same name in the target (e.g. 364 for next year)."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {ws.pk: ws for ws in targets}
        self.fields["target"].choices = [(ws.pk, ws.name) for ws in targets]
        self.fields["shift_days"].widget.attrs["inputmode"] = "numeric"

    def target_workspace(self):
        return self.targets[self.cleaned_data["target"]]
