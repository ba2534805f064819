"""Forms of the profile pages: they parse input; profiles.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Visibility

DATE = forms.DateInput(attrs={"type": "date"})
SECTION_LABELS = {
    "bio_visibility": _("Who sees your bio and links"),
    "skills_visibility": _("Who sees your skills"),
    "history_visibility": _("Who sees your work history"),
    "endorsements_visibility": _("Who sees your endorsements"),
}


class ProfileForm(forms.Form):
    photo = forms.FileField(
        required=False,
        label=_("Photo"),
        help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB. Anyone who sees your profile sees it."),
    )
    headline = forms.CharField(max_length=120, required=False, label=_("Headline"))
    bio = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), label=_("Bio"))
    skills = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Skills"),
        help_text=_("Comma-separated, e.g. “rigging, audio A2, forklift”. Colleagues can endorse each one."),
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Links"),
        help_text=_("One web address per line: a portfolio, a showreel, a professional network."),
    )
    bio_visibility = forms.ChoiceField(choices=Visibility.choices, label=SECTION_LABELS["bio_visibility"])
    skills_visibility = forms.ChoiceField(choices=Visibility.choices, label=SECTION_LABELS["skills_visibility"])
    history_visibility = forms.ChoiceField(choices=Visibility.choices, label=SECTION_LABELS["history_visibility"])
    endorsements_visibility = forms.ChoiceField(
        choices=Visibility.choices, label=SECTION_LABELS["endorsements_visibility"]
    )


class HistoryEntryForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Production"))
    role = forms.CharField(max_length=200, required=False, label=_("Role"))
    company = forms.CharField(max_length=200, required=False, label=_("Company"))
    started_on = forms.DateField(required=False, widget=DATE, label=_("From"))
    ended_on = forms.DateField(required=False, widget=DATE, label=_("Until"))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
