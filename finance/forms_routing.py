"""Forms of vendor routing (issue 22): a preferred-vendor rule, the filters of their list, and
moving an approved advance line to another vendor. Choices are narrowed to the workspace and to
what the user may see."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from advancing.models import CATEGORY_CHOICES
from dragonfly.core.forms import narrow_choices
from locations.models import Location

from .filters import WorkspaceFilterSet
from .models import Company, PreferredVendor


def _vendors():
    return Company.objects.filter(active=True).vendors().order_by("name", "id")


class PreferredVendorForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Company.objects.none(), label=_("Vendor"))
    category = forms.ChoiceField(choices=CATEGORY_CHOICES, label=_("Category"))
    venue = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        required=False,
        label=_("Venue"),
        help_text=_("Only for advances of productions at this venue."),
    )
    region = forms.CharField(
        max_length=120,
        required=False,
        label=_("Region"),
        help_text=_("Only for productions whose venue is in this city or country."),
    )
    priority = forms.IntegerField(
        min_value=1, max_value=99, initial=1, label=_("Priority"), help_text=_("1 is the first choice.")
    )
    active = forms.BooleanField(required=False, initial=True, label=_("Active"))
    notes = forms.CharField(required=False, label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendors().filter(workspace=workspace)
        self.fields["venue"].queryset = Location.objects.filter(workspace=workspace, parent=None).order_by("name", "id")
        narrow_choices(self, user=user, workspace=workspace)


class PreferredVendorFilter(WorkspaceFilterSet):
    category = django_filters.ChoiceFilter(choices=CATEGORY_CHOICES, label=_("Category"))
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = PreferredVendor
        fields = []


class RerouteForm(forms.Form):
    item = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    vendor = forms.ModelChoiceField(queryset=Company.objects.none(), label=_("Vendor"))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendors().filter(workspace=workspace)
        narrow_choices(self, user=user, workspace=workspace)
