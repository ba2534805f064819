"""Forms of the venue pages: they parse input; locations.services decides the rules.

The "inside venue" choice is narrowed to the workspace's venues the user may see, so a form
cannot point at another organization's rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from dragonfly.tenancy.access import org_timezone

from .models import Location, LocationKind, timezone_names
from .services import DOCUMENT_BUCKETS


class LocationForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = forms.ChoiceField(choices=LocationKind.choices, label=_("Type"))
    parent = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        required=False,
        label=_("Inside venue"),
        empty_label=_("— A venue of its own —"),
        help_text=_("For a stage, hall or room inside a venue."),
    )
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Address"))
    city = forms.CharField(max_length=120, required=False, label=_("City"))
    country = forms.CharField(max_length=80, required=False, label=_("Country"))
    timezone = forms.ChoiceField(choices=(), label=_("Timezone"))
    capacity = forms.IntegerField(min_value=0, required=False, label=_("Capacity"))
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90, label=_("Latitude")
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180, label=_("Longitude")
    )
    contacts = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, role, phone, email."),
        label=_("Contacts"),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes"))

    def __init__(self, *args, user, workspace, location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Location.objects.parents_for(user, workspace, exclude=location)
        self.fields["timezone"].choices = [(n, n) for n in timezone_names()]
        self.fields["timezone"].initial = getattr(org_timezone(workspace), "key", "UTC")
        narrow_choices(self, user=user, workspace=workspace)


class SiteDocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    bucket = forms.ChoiceField(choices=list(DOCUMENT_BUCKETS.items()), label=_("Kind"))
