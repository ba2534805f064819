from django import forms
from django.contrib.auth import get_user_model

from dragonfly.files.services import UploadRefused, check_upload
from dragonfly.notifications.kinds import KINDS
from dragonfly.tenancy.models import Organization

from .models import Profile, validate_timezone_name


def checked_upload(upload, bucket):
    """An optional upload, checked against `bucket`'s rules (type from content, size); refusals as form errors."""
    if upload:
        try:
            check_upload(upload, bucket)
        except UploadRefused as exc:
            raise forms.ValidationError(exc.messages) from exc
    return upload


def zone_choices():
    import zoneinfo

    return [("", "My organization's time zone")] + [(n, n) for n in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=30, required=False, validators=Profile._meta.get_field("phone").validators)
    avatar = forms.FileField(required=False, help_text="JPEG, PNG, GIF or WebP, at most 5 MB.")
    timezone = forms.ChoiceField(
        choices=zone_choices,
        required=False,
        label="Time zone",
        help_text="The zone you read times in. Event and venue times always show in the venue's zone.",
    )
    email_kinds = forms.MultipleChoiceField(
        choices=[(k.key, k.label) for k in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me about",
    )
    digest_kinds = forms.MultipleChoiceField(
        choices=[(k.key, k.label) for k in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Gather these into one daily email",
        help_text="Instead of a mail each time; in-app notifications still arrive at once.",
    )

    def clean_avatar(self):
        return checked_upload(self.cleaned_data.get("avatar"), "avatars")

    def clean_email(self):
        email = self.cleaned_data["email"]
        User = get_user_model()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account already uses this address.")
        return email


class OrganizationSettingsForm(forms.ModelForm):
    logo_upload = forms.FileField(required=False, label="Logo", help_text="JPEG, PNG, GIF or WebP, at most 5 MB.")

    class Meta:
        model = Organization
        fields = ["name", "currency", "timezone"]

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean_timezone(self):
        validate_timezone_name(self.cleaned_data["timezone"])
        return self.cleaned_data["timezone"]

    def clean_logo_upload(self):
        return checked_upload(self.cleaned_data.get("logo_upload"), "logos")
