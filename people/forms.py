"""Forms of the people pages. Choice fields are narrowed to what the user may see in the workspace."""

import contextlib
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from dragonfly.core.picker import PickerField
from dragonfly.tenancy.access import org_timezone, people_visible_to, venue_timezone
from events.models import Event
from productions.models import Production

from .filters import search_people
from .models import Assignment, Certification, CertificationKind, Person, Position, Team
from .privacy import can_see_personal_data
from .selectors import GROUPINGS
from .services.crew import PERSON_FIELDS
from .time_models import RATE_UNITS

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
        label=_("Login"),
        help_text=_("Leave empty for freelancers without an account."),
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {  # the model's field names would read in English only
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "job_title": _("Job title"),
            "email": _("Email"),
            "phone": _("Phone"),
            "department": _("Department"),
            "team": _("Team"),
            "skills": _("Skills"),
            "day_rate": _("Day rate"),
            "currency": _("Currency"),
            "emergency_contact_name": _("Emergency contact name"),
            "emergency_contact_phone": _("Emergency contact phone"),
            "notes": _("Notes"),
            "active": _("Active"),
        }

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
            raise forms.ValidationError(_("Use a three-letter code such as USD or EUR."))
        return value


def crew_choices(user, workspace):
    """The active crew records `user` sees in `workspace`: what the lead picker offers and accepts."""
    return Person.objects.visible_to(user).in_workspace(workspace).active()


def person_picker(workspace, **kwargs):
    """A crew-record field that renders only its value (a workspace holds thousands of people)."""
    url = reverse("people:person_picker", args=[workspace.organization.slug, workspace.slug])
    return PickerField(queryset=Person.objects.none(), url=url, search=search_people, **kwargs)


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "department", "lead", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": _("Name"), "department": _("Department"), "lead": _("Lead"), "description": _("Description")}

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        self.fields["lead"] = person_picker(workspace, required=False, label=_("Lead"))
        self.fields["lead"].queryset = crew_choices(user, workspace)
        narrow_choices(self, user=user, workspace=workspace)


class CertificationForm(forms.ModelForm):
    document = forms.FileField(
        required=False, help_text=_("PDF or photo of the certificate (private)."), label=_("Document")
    )

    class Meta:
        model = Certification
        fields = ["kind", "name", "issuer", "number", "issued_on", "expires_on", "notes"]
        labels = {
            "kind": _("Kind"),
            "name": _("Name"),
            "issuer": _("Issuer"),
            "number": _("Certificate number"),
            "issued_on": _("Issued on"),
            "expires_on": _("Expires on"),
            "notes": _("Notes"),
        }
        widgets = {"issued_on": DATE, "expires_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("A certificate cannot expire before it was issued."))
        return data


class UnavailabilityForm(forms.Form):
    start_date = forms.DateField(widget=DATE, label=_("First day"))
    end_date = forms.DateField(widget=DATE, label=_("Last day"))
    reason = forms.CharField(max_length=200, required=False, label=_("Reason"))

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}" + (f" — {obj.job_title}" if obj.job_title else "")


class AssignForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("Person"))
    position = forms.ModelChoiceField(queryset=Position.objects.none(), label=_("Position"))
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        help_text=_("The show or call; its production is filled in for you, and times are read in its venue's zone."),
        label=_("Event"),
    )
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False, label=_("Production"))
    call_time = forms.DateTimeField(widget=DATETIME, label=_("Call time"))
    end_time = forms.DateTimeField(widget=DATETIME, label=_("End time"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Notes"))
    override_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Override note"),
        help_text=_("Only for admins: assign despite a missing certificate. The note is logged."),
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
            event.title
            if venue_timezone(event) == org_zone
            else _("%(title)s (times in %(zone)s)") % {"title": event.title, "zone": venue_timezone(event)}
        )
        chosen = None
        with contextlib.suppress(ValidationError):
            chosen = self.fields["event"].clean(self.data.get("event") if self.is_bound else self.initial.get("event"))
        # Typed times read in the zone the pages show them in: the venue's for an event's shift.
        self.zone = venue_timezone(chosen) if chosen else org_zone
        self.zone_note = (
            _("Times in %(zone)s, the venue's zone") if chosen else _("Times in %(zone)s, the organization's zone")
        ) % {"zone": self.zone}

    def clean(self):
        data = super().clean()
        if not data.get("production") and not data.get("event") and not self.errors:
            raise forms.ValidationError(_("Choose the event or production the person works on."))
        for name in ("call_time", "end_time"):
            if data.get(name):  # parsed in the active zone; the wall clock typed is the venue's
                data[name] = timezone.make_aware(timezone.make_naive(data[name]), self.zone)
        if data.get("call_time") and data.get("end_time") and data["end_time"] <= data["call_time"]:
            self.add_error("end_time", _("The end time must be after the call time."))
        return data


class ClockInForm(forms.Form):
    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none(), required=False, label=_("Shift"))
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.HiddenInput, label=_("Person")
    )

    def __init__(self, *args, assignments=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = Assignment.objects.filter(pk__in=[a.pk for a in assignments])
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])


class ClockOutForm(forms.Form):
    break_minutes = forms.IntegerField(min_value=0, max_value=1440, initial=0, label=_("Breaks (minutes)"))
    notes = forms.CharField(required=False, max_length=500, label=_("Notes"))


class LogHoursForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Crew record"))
    work_date = forms.DateField(widget=DATE, label=_("Day"))
    hours = forms.DecimalField(min_value=0.25, max_value=24, decimal_places=2, label=_("Hours on site"))
    break_minutes = forms.IntegerField(min_value=0, max_value=1440, initial=0, label=_("Breaks (minutes)"))
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False, label=_("Production"))
    notes = forms.CharField(required=False, max_length=500, label=_("Notes"))
    override_note = forms.CharField(
        required=False,
        max_length=500,
        label=_("Why, if the fatigue rules warn"),
        help_text=_(
            "Needed only when these hours break a fatigue rule (a long day, a short rest); the approver sees it."
        ),
    )
    rate = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        label=_("Rate"),
        help_text=_("Empty: the rate of a signed contract covering the day, if there is one."),
    )
    rate_unit = forms.ChoiceField(
        required=False, choices=[("", "—"), *RATE_UNITS], label=_("Rate unit"), help_text=_("Empty: per day.")
    )
    currency = forms.CharField(
        required=False, max_length=3, label=_("Currency"), help_text=_("Empty: the crew record's currency.")
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
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("What needs fixing"))


class HoursReportForm(forms.Form):
    start = forms.DateField(widget=DATE, required=False, label=_("From"))
    end = forms.DateField(widget=DATE, required=False, label=_("To"))
    group_by = forms.ChoiceField(choices=list(GROUPINGS.items()), required=False, label=_("Group by"))
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False, label=_("Production"))
    approved_only = forms.BooleanField(required=False, label=_("Approved hours only"))

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
    start = forms.DateField(widget=DATE, required=False, label=_("From"))
    days = forms.TypedChoiceField(
        choices=[(7, "7 days"), (14, "14 days"), (28, "28 days"), (42, "6 weeks")],
        coerce=int,
        required=False,
        empty_value=14,
        label=_("Days"),
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label=_("Team"))

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
    name = forms.CharField(max_length=120, label=_("Name"))
    department = forms.CharField(max_length=120, required=False, label=_("Department"))
    required_certifications = forms.MultipleChoiceField(
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Certificates required"),
        help_text=_("Valid on every day of the shift."),
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Notes"))
