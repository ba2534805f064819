"""Forms of the events pages. Dates and times are typed in the event's timezone (its venue's,
unless another is picked) and turned into aware datetimes here; the services decide the rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import CalendarDateField
from dragonfly.core.forms import narrow_choices
from dragonfly.tenancy.access import display_name
from locations.models import Location, Zone, timezone_names
from productions.forms import DateInput, PersonChoiceField
from productions.models import Production
from productions.selectors import org_timezone, workspace_people

from .models import (
    Department,
    EventKind,
    EventStatus,
    IncidentCategory,
    IncidentStatus,
    Severity,
)
from .recurrence import FREQUENCIES, WEEKDAYS, build_rule
from .services import SCOPES
from .services._common import zone


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time (naive); the form places it in the right timezone."""

    widget = LocalDateTimeInput
    default_error_messages = {"invalid": _("Enter a date and time.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = datetime.datetime.fromisoformat(str(value).strip().replace(" ", "T"))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return parsed.replace(tzinfo=None, second=0, microsecond=0)


def localize(naive, tz):
    """Place a wall-clock time in `tz`; a time the clocks skip is refused, not silently moved."""
    placed = naive.replace(tzinfo=tz, fold=0)
    if placed.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValidationError(
            _("%(time)s on %(day)s does not exist in %(zone)s (the clocks jump forward); pick another time.")
            % {"time": format(naive, "%H:%M"), "day": date_format(naive, "d M"), "zone": tz.key}
        )
    return placed


def timezone_choices(blank_label):
    return [("", blank_label)] + [(name, name) for name in timezone_names()]


# --- events ------------------------------------------------------------------------------------
class EventForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=EventKind.choices, label=_("Type"))
    status = forms.ChoiceField(choices=EventStatus.choices, initial=EventStatus.CONFIRMED, label=_("Status"))
    production = forms.ModelChoiceField(
        queryset=Production.objects.none(), required=False, empty_label=_("— No production —"), label=_("Production")
    )
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(), required=False, label=_("Venue"), empty_label=_("— No venue —")
    )
    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(),
        required=False,
        label=_("Zone"),
        empty_label=_("— No zone —"),
        help_text=_("A pin or zone on a site map of the venue."),
    )
    starts = LocalDateTimeField(label=_("Starts"))
    ends = LocalDateTimeField(label=_("Ends"))
    timezone = forms.ChoiceField(
        choices=(),
        required=False,
        help_text=_("Times are in the venue's timezone unless you pick another."),
        label=_("Timezone"),
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
    repeat = forms.ChoiceField(
        choices=[("", _("Does not repeat"))] + [(k, k.title()) for k in FREQUENCIES], required=False, label=_("Repeat")
    )
    interval = forms.IntegerField(min_value=1, max_value=52, initial=1, required=False, label=_("Every"))
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple, label=_("On")
    )
    repeat_until = forms.DateField(required=False, widget=DateInput, label=_("Until"))
    repeat_count = forms.IntegerField(min_value=1, max_value=366, required=False, label=_("Or times"))
    confirm_conflicts = forms.BooleanField(required=False, label=_("Save despite the clashes"))

    def __init__(self, *args, user, workspace, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace, self.event = workspace, event
        self.fields["production"].queryset = (
            Production.objects.visible_to(user).in_workspace(workspace).order_by("start_date", "name")
        )
        self.fields["location"].queryset = (
            Location.objects.visible_to(user).in_workspace(workspace).select_related("parent").order_by("name")
        )
        self.fields["zone"].queryset = Zone.objects.choices_for(user, workspace)
        self.fields["timezone"].choices = timezone_choices(_("Venue's timezone"))
        if event is None:
            self.fields["crew"] = forms.ModelMultipleChoiceField(
                queryset=workspace_people(workspace),
                required=False,
                label=_("Crew"),
                widget=forms.SelectMultiple(attrs={"size": 5}),
            )
            self.fields["crew"].label_from_instance = display_name
            self.fields["call_time"] = LocalDateTimeField(
                required=False, label=_("Crew call"), help_text=_("Empty: called at the start.")
            )
            self.fields["role_title"] = forms.CharField(max_length=100, required=False, label=_("Crew role"))
        if event is not None and event.series_id:
            self.fields["scope"] = forms.ChoiceField(
                choices=[
                    ("this", _("This event")),
                    ("following", _("This and following events")),
                    ("all", _("All events in the series")),
                ],
                initial="this",
                widget=forms.RadioSelect,
                label=_("Apply to"),
            )
        narrow_choices(self, user=user, workspace=workspace)

    def event_zone(self):
        name = self.cleaned_data.get("timezone")
        location = self.cleaned_data.get("location")
        if name:
            return zone(name)
        if location is not None:
            return zone(location.timezone)
        return org_timezone(self.workspace)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tz = self.event_zone()
        try:
            data["starts_at"] = localize(data["starts"], tz)
        except ValidationError as exc:
            self.add_error("starts", exc)
        try:
            data["ends_at"] = localize(data["ends"], tz)
        except ValidationError as exc:
            self.add_error("ends", exc)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends", _("The event must end after it starts."))
        if data.get("call_time"):
            try:
                data["call_at"] = localize(data["call_time"], tz)
            except ValidationError as exc:
                self.add_error("call_time", exc)
        data["rule"] = None
        if data.get("repeat"):
            if not data.get("repeat_until") and not data.get("repeat_count"):
                self.add_error("repeat_until", _("Say when it stops repeating: a date or a number of times."))
            else:
                data["rule"] = build_rule(
                    data["repeat"],
                    interval=data.get("interval") or 1,
                    weekdays=data.get("weekdays"),
                    until=data.get("repeat_until"),
                    count=data.get("repeat_count"),
                )
        return data

    def changes(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            "production": data["production"],
            "location": data["location"],
            "zone": data["zone"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "timezone": data.get("timezone") or "",
            "description": data["description"],
        }


def event_initial(event):
    from .recurrence import rule_fields

    tz = event.tz
    initial = {
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "production": event.production_id,
        "location": event.location_id,
        "zone": event.zone_id,
        "starts": event.starts_at.astimezone(tz).replace(tzinfo=None),
        "ends": event.ends_at.astimezone(tz).replace(tzinfo=None),
        "description": event.description,
        "timezone": "" if event.location_id and event.location.timezone == event.timezone else event.timezone,
    }
    if event.series_id:
        fields = rule_fields(event.series.rrule)
        initial.update(
            {
                "repeat": fields["repeat"],
                "interval": fields["interval"],
                "weekdays": fields["weekdays"],
                "repeat_until": fields["until"],
                "repeat_count": fields["count"],
            }
        )
    return initial


class DeleteEventForm(forms.Form):
    scope = forms.ChoiceField(choices=[(s, s) for s in SCOPES], required=False, label=_("Scope"))


class CrewCallForm(forms.Form):
    user = PersonChoiceField(queryset=None, label=_("Person"))
    role_title = forms.CharField(max_length=100, required=False, label=_("Role"))
    call_time = LocalDateTimeField(required=False, label=_("Call time"), help_text=_("Venue time; empty: the start."))
    notes = forms.CharField(max_length=300, required=False, label=_("Notes"))
    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(), required=False, label=_("Report to"), empty_label=_("— No zone —")
    )
    confirm_conflicts = forms.BooleanField(required=False, label=_("Book despite the clash"))

    def __init__(self, *args, event, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["user"].queryset = workspace_people(workspace).exclude(crew_calls__event=event)
        self.fields["zone"].queryset = Zone.objects.choices_for(user, workspace)

    def clean_call_time(self):
        value = self.cleaned_data.get("call_time")
        return localize(value, self.event.tz) if value else None


# --- run of show ---------------------------------------------------------------------------------
class CueForm(forms.Form):
    item = forms.CharField(max_length=200, label=_("Cue"))
    duration = forms.CharField(
        max_length=10, initial="5", help_text=_("Minutes (12), m:ss (3:30) or h:mm:ss."), label=_("Duration")
    )
    at = forms.CharField(
        max_length=10,
        required=False,
        label=_("Time"),
        help_text=_("Empty: right after the previous cue. 21:30 or +1:15 fixes it."),
    )
    owner = forms.CharField(max_length=120, required=False, label=_("Owner"))
    department = forms.ChoiceField(choices=Department.choices, label=_("Department"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Notes"))


# --- incidents -----------------------------------------------------------------------------------
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class IncidentForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("What happened, in a line"))
    severity = forms.ChoiceField(choices=Severity.choices, label=_("Severity"))
    category = forms.ChoiceField(choices=IncidentCategory.choices, label=_("Category"))
    occurred = LocalDateTimeField(
        label=_("When"),
        required=False,
        help_text=_("Venue time; empty: now, once the show is under way (from the day before it)."),
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Description"))
    people_involved = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("People involved")
    )
    actions_taken = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Actions taken"))
    files = MultipleFileField(required=False, label=_("Photos or documents"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_occurred(self):
        value = self.cleaned_data.get("occurred")
        return localize(value, self.event.tz) if value else None


class IncidentMoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=IncidentStatus.choices, label=_("To status"))
    note = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))


class IncidentFileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class FeedTokenForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", _("Create")), ("reset", _("Reset")), ("revoke", _("Revoke"))], label=_("Action")
    )


class ConflictRangeForm(forms.Form):
    """The days the conflicts page covers; either end left empty keeps the default (today to the last event)."""

    start = CalendarDateField(required=False, widget=DateInput, label=_("From"))
    end = CalendarDateField(required=False, widget=DateInput, label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The last day cannot be before the first day."))
        return data
