"""Forms of the hiring and training pages; choice fields narrowed to what the user sees in the workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from productions.models import Production

from .forms import DATE, crew_choices, person_picker
from .models import ApplicationStatus, CertificationKind


class OpeningForm(forms.Form):
    title = forms.CharField(max_length=160, label=_("Title"))
    production = forms.ModelChoiceField(
        queryset=Production.objects.all(),
        required=False,
        label=_("Production"),
        help_text=_("Empty: a position with the organization's crew."),
    )
    department = forms.CharField(max_length=120, required=False, label=_("Department"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description"))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, user=user, workspace=workspace)


class ApplicantForm(forms.Form):
    first_name = forms.CharField(max_length=100, label=_("First name"))
    last_name = forms.CharField(max_length=100, required=False, label=_("Last name"))
    email = forms.EmailField(required=False, label=_("Email"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))
    cv = forms.FileField(required=False, label=_("CV"), help_text=_("PDF, office document or photo (private)."))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Notes"))


class ApplicantCertificateForm(forms.Form):
    kind = forms.ChoiceField(choices=CertificationKind.choices, label=_("Kind"))
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    issuer = forms.CharField(max_length=200, required=False, label=_("Issuer"))
    expires_on = forms.DateField(widget=DATE, required=False, label=_("Expires on"))


class InterviewNoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Note"))
    rating = forms.TypedChoiceField(
        choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Rating (1–5)"),
    )


class CourseForm(forms.Form):
    name = forms.CharField(max_length=160, label=_("Name"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Description"))
    certification_kind = forms.ChoiceField(
        choices=[("", _("None"))] + list(CertificationKind.choices),
        required=False,
        label=_("Certificate granted"),
        help_text=_("Passing grants or renews this certificate."),
    )
    validity_months = forms.IntegerField(
        min_value=1,
        max_value=240,
        required=False,
        label=_("Valid for (months)"),
        help_text=_("Empty: the certificate does not expire."),
    )


class SessionForm(forms.Form):
    date = forms.DateField(widget=DATE, label=_("Date"))
    trainer = forms.CharField(max_length=160, label=_("Trainer"))
    location = forms.CharField(max_length=200, required=False, label=_("Location"))
    capacity = forms.IntegerField(min_value=1, max_value=500, initial=10, label=_("Capacity"))


class EnrolForm(forms.Form):
    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = person_picker(workspace, label=_("Person"))
        self.fields["person"].queryset = crew_choices(user, workspace)


class StageMoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices, label=_("Move to"))
    note = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))
