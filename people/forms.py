"""Forms of the people pages. Choice fields are narrowed to what the user may see in the workspace."""

import contextlib
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from dragonfly.core.forms import narrow_choices
from dragonfly.tenancy.access import org_timezone, people_visible_to, venue_timezone
from events.models import Event
from productions.models import Production

from .models import Assignment, Certification, CertificationKind, Person, Position, Team
from .privacy import can_see_personal_data
from .selectors import GROUPINGS
from .services.crew import PERSON_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class PersonForm(forms.ModelForm):
    user = UserChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Login",
        help_text="Leave empty for freelancers without an account.",
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        self.fields["team"].queryset = Team.objects.visible_to(user).in_workspace(workspace)
        self.fields["user"].queryset = people_visible_to(user, workspace)
        if not self.instance.pk:
            self.initial.setdefault("currency", workspace.organization.currency)
        may_see = (
            can_see_personal_data(user, self.instance)
            if self.instance.pk
            else user.has_perm("people.view_personal_data", workspace)
        )
        if not may_see:
            for name in Person.PERSONAL_FIELDS:
                self.fields.pop(name, None)
        narrow_choices(self, user=user, workspace=workspace)

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError("Use a three-letter code such as USD or EUR.")
        return value


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "department", "lead", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        self.fields["lead"].queryset = Person.objects.visible_to(user).in_workspace(workspace).active()
        narrow_choices(self, user=user, workspace=workspace)


class CertificationForm(forms.ModelForm):
    document = forms.FileField(required=False, help_text="PDF or photo of the certificate (private).")

    class Meta:
        model = Certification
        fields = ["kind", "name", "issuer", "number", "issued_on", "expires_on", "notes"]
        widgets = {"issued_on": DATE, "expires_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "A certificate cannot expire before it was issued.")
        return data


class UnavailabilityForm(forms.Form):
    start_date = forms.DateField(widget=DATE, label="First day")
    end_date = forms.DateField(widget=DATE, label="Last day")
    reason = forms.CharField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "The last day cannot be before the first day.")
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}" + (f" — {obj.job_title}" if obj.job_title else "")


class AssignForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none())
    position = forms.ModelChoiceField(queryset=Position.objects.none())
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        help_text="The show or call; its production is filled in for you, and times are read in its venue's zone.",
    )
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False)
    call_time = forms.DateTimeField(widget=DATETIME)
    end_time = forms.DateTimeField(widget=DATETIME)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    override_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Override note",
        help_text="Only for admins: assign despite a missing certificate. The note is logged.",
    )

    def __init__(self, *args, user, workspace, can_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user, "people.add_assignment").in_workspace(workspace).active()
        )
        self.fields["position"].queryset = Position.objects.visible_to(user).in_workspace(workspace)
        self.fields["production"].queryset = Production.objects.visible_to(user).in_workspace(workspace)
        self.fields["event"].queryset = (
            Event.objects.visible_to(user)
            .in_workspace(workspace)
            .filter(ends_at__gte=timezone.now() - datetime.timedelta(days=30))
            .select_related("location")  # each choice's label names its venue's zone
            .order_by("starts_at")
        )
        if not can_override:
            del self.fields["override_note"]
        narrow_choices(self, user=user, workspace=workspace)
        org_zone = org_timezone(workspace)
        self.fields["event"].label_from_instance = lambda event: (  # say which events read in another zone
            event.title if venue_timezone(event) == org_zone else f"{event.title} (times in {venue_timezone(event)})"
        )
        chosen = None
        with contextlib.suppress(ValidationError):
            chosen = self.fields["event"].clean(self.data.get("event") if self.is_bound else self.initial.get("event"))
        # Typed times read in the zone the pages show them in: the venue's for an event's shift.
        self.zone = venue_timezone(chosen) if chosen else org_zone
        self.zone_note = f"Times in {self.zone}, the {'venue' if chosen else 'organization'}'s zone"

    def clean(self):
        data = super().clean()
        if not data.get("production") and not data.get("event") and not self.errors:
            raise forms.ValidationError("Choose the event or production the person works on.")
        for name in ("call_time", "end_time"):
            if data.get(name):  # parsed in the active zone; the wall clock typed is the venue's
                data[name] = timezone.make_aware(timezone.make_naive(data[name]), self.zone)
        if data.get("call_time") and data.get("end_time") and data["end_time"] <= data["call_time"]:
            self.add_error("end_time", "The end time must be after the call time.")
        return data


class ClockInForm(forms.Form):
    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none(), required=False, label="Shift")
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assignments=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = Assignment.objects.filter(pk__in=[a.pk for a in assignments])
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])


class ClockOutForm(forms.Form):
    break_minutes = forms.IntegerField(min_value=0, max_value=1440, initial=0, label="Breaks (minutes)")
    notes = forms.CharField(required=False, max_length=500)


class LogHoursForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Crew record")
    work_date = forms.DateField(widget=DATE, label="Day")
    hours = forms.DecimalField(min_value=0.25, max_value=24, decimal_places=2, label="Hours on site")
    break_minutes = forms.IntegerField(min_value=0, max_value=1440, initial=0, label="Breaks (minutes)")
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False)
    notes = forms.CharField(required=False, max_length=500)
    override_note = forms.CharField(
        required=False,
        max_length=500,
        label="Why, if the fatigue rules warn",
        help_text="Needed only when these hours break a fatigue rule (a long day, a short rest); the approver sees it.",
    )

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        if len(people) == 1:
            self.fields["person"].initial = people[0].pk
            self.fields["person"].widget = forms.HiddenInput()
        workspaces = {p.workspace_id for p in people}
        self.fields["production"].queryset = Production.objects.visible_to(user).filter(workspace_id__in=workspaces)
        if len(workspaces) > 1:  # one person's crew records in two workspaces: say which is which
            self.fields["person"].queryset = self.fields["person"].queryset.select_related("workspace")
            self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.workspace.name})"
        self.fields["work_date"].initial = timezone.localdate()


class RejectTimeForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What needs fixing")


class HoursReportForm(forms.Form):
    start = forms.DateField(widget=DATE, required=False, label="From")
    end = forms.DateField(widget=DATE, required=False, label="To")
    group_by = forms.ChoiceField(choices=list(GROUPINGS.items()), required=False, label="Group by")
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False)
    approved_only = forms.BooleanField(required=False, label="Approved hours only")

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = Production.objects.visible_to(user).in_workspace(workspace)
        narrow_choices(self, user=user, workspace=workspace)

    def period(self):
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or today.replace(day=1)
        end = data.get("end") or today
        if end < start:
            start, end = end, start
        if (end - start).days > 366:
            end = start + datetime.timedelta(days=366)
        return start, end


class GridForm(forms.Form):
    start = forms.DateField(widget=DATE, required=False, label="From")
    days = forms.TypedChoiceField(
        choices=[(7, "7 days"), (14, "14 days"), (28, "28 days"), (42, "6 weeks")],
        coerce=int,
        required=False,
        empty_value=14,
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.visible_to(user).in_workspace(workspace)
        narrow_choices(self, user=user, workspace=workspace)

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or timezone.localdate()
        days = data.get("days") or 14
        return start, start + datetime.timedelta(days=days - 1), data.get("team")


class PositionForm(forms.Form):
    name = forms.CharField(max_length=120)
    department = forms.CharField(max_length=120, required=False)
    required_certifications = forms.MultipleChoiceField(
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Certificates required",
        help_text="Valid on every day of the shift.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
