"""Forms of the venue pages: they parse input; locations.services decides the rules.

The "inside venue" choice is narrowed to the workspace's venues the user may see, so a form
cannot point at another organization's rows."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from dragonfly.tenancy.access import org_timezone

from .models import ClashPolicy, Location, LocationKind, UtilityKind, ZoneKind, timezone_names
from .services import rectangle


def _load_in(label, help_text):
    return forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=label, help_text=help_text)


class LocationForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = forms.ChoiceField(choices=LocationKind.choices, label=_("Type"))
    parent = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        required=False,
        label=_("Inside venue"),
        empty_label=_("— A venue of its own —"),
        help_text=_("For a facility inside a venue: a stage, room, backstage area or gate."),
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
    loading_dock = _load_in(_("Loading dock"), _("Docks, truck access, turnaround."))
    power = _load_in(_("Power"), _("e.g. 2 × 400 A 3-phase, stage left."))
    rigging_points = _load_in(_("Rigging points"), _("Points, their load ratings, trim height."))
    parking = _load_in(_("Parking"), _("Trucks, buses, crew cars."))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes"))

    def __init__(self, *args, user, workspace, location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Location.objects.parents_for(user, workspace, exclude=location)
        self.fields["timezone"].choices = [(n, n) for n in timezone_names()]
        self.fields["timezone"].initial = getattr(org_timezone(workspace), "key", "UTC")
        narrow_choices(self, user=user, workspace=workspace)


# --- facilities, site maps, utilities ----------------------------------------------------------
class ClashPolicyForm(forms.Form):
    on_clash = forms.ChoiceField(
        choices=ClashPolicy.choices,
        widget=forms.RadioSelect,
        label=_("When two events book one venue or facility at once"),
    )


class SiteMapForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"), help_text=_("e.g. Festival site, Ground floor"))
    file = forms.FileField(label=_("Plan"), help_text=_("An image (to place pins on) or a PDF."))


class SiteMapNameForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))


class ZoneForm(forms.Form):
    """A pin at (x, y), or a rectangle from (x, y) of the given size; all relative to the plan, 0..1.
    On the site map page a click on the plan fills x and y, a drag the size too (static/js/site_map.js)."""

    name = forms.CharField(max_length=120, label=_("Name"))
    kind = forms.ChoiceField(choices=ZoneKind.choices, label=_("Kind"))
    x = forms.FloatField(min_value=0, max_value=1, label=_("Across (0–1)"))
    y = forms.FloatField(min_value=0, max_value=1, label=_("Down (0–1)"))
    width = forms.FloatField(min_value=0, max_value=1, required=False, label=_("Width (zones)"))
    height = forms.FloatField(min_value=0, max_value=1, required=False, label=_("Height (zones)"))
    notes = forms.CharField(max_length=300, required=False, label=_("Notes"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["kind"] == ZoneKind.PIN:
            data["points"] = [[data["x"], data["y"]]]
        elif not data.get("width") or not data.get("height"):
            raise forms.ValidationError(_("Give a zone a width and a height."))
        else:
            width = min(data["width"], 1 - data["x"])
            height = min(data["height"], 1 - data["y"])
            data["points"] = rectangle(data["x"], data["y"], width, height)
        return data


class UtilityForm(forms.Form):
    kind = forms.ChoiceField(choices=UtilityKind.choices, label=_("Utility"))
    supplier = forms.CharField(max_length=200, required=False, label=_("Supplier"))
    capacity = forms.CharField(
        max_length=200, required=False, label=_("Capacity"), help_text=_("e.g. 400 A 3-phase, 1 Gbit/s")
    )
    meter_unit = forms.CharField(max_length=20, required=False, label=_("Meter unit"), help_text=_("e.g. kWh, m³"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Notes"))


class ReadingForm(forms.Form):
    read_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Read on"))
    value = forms.DecimalField(max_digits=14, decimal_places=3, min_value=0, label=_("Reading"))


LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VenueClockForm(forms.Form):
    """Times on the venue's wall clock (what the crew on site read), whatever the reader's timezone."""

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_zone = zoneinfo.ZoneInfo(location.timezone)

    def _at_venue(self, value):
        # The field read the wall-clock time in the reader's timezone; place it at the venue instead.
        return timezone.make_naive(value).replace(tzinfo=self.venue_zone) if value else None

    def clean_ended_at(self):
        return self._at_venue(self.cleaned_data.get("ended_at"))


class OutageForm(VenueClockForm):
    started_at = forms.DateTimeField(widget=LOCAL_INPUT, label=_("Started"), help_text=_("Venue time."))
    ended_at = forms.DateTimeField(
        widget=LOCAL_INPUT, required=False, label=_("Ended"), help_text=_("Empty while it lasts.")
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("What happened"))

    def clean_started_at(self):
        return self._at_venue(self.cleaned_data.get("started_at"))


class EndOutageForm(VenueClockForm):
    """ "Outage over": when it ended, on the venue's clock (now, unless the crew tells it later)."""

    ended_at = forms.DateTimeField(widget=LOCAL_INPUT, label=_("Over at"), help_text=_("Venue time."))

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, location=location, **kwargs)
        now = timezone.now().astimezone(self.venue_zone).replace(tzinfo=None, second=0, microsecond=0)
        self.fields["ended_at"].initial = now
