from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dragonfly.core.csv_import import decode_csv_upload
from dragonfly.core.navigation import MODULES
from dragonfly.files.services import UploadRefused, check_upload
from dragonfly.notifications.kinds import KINDS, SMS_KINDS
from dragonfly.tenancy.models import Organization

from .models import THEMES, Profile, validate_timezone_name


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

    return [("", _("My organization's time zone"))] + [(n, n) for n in sorted(zoneinfo.available_timezones())]


def language_choices():
    # Each language named in itself ("Deutsch"), so a reader lost in the other one still finds theirs.
    return [("", _("My browser's language"))] + list(settings.LANGUAGES)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=Profile._meta.get_field("phone").validators
    )
    avatar = forms.FileField(label=_("Avatar"), required=False, help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB."))
    language = forms.ChoiceField(
        choices=language_choices,
        required=False,
        label=_("Language"),
        help_text=_("The language of your pages and of the mail Dragonfly sends you."),
    )
    timezone = forms.ChoiceField(
        choices=zone_choices,
        required=False,
        label=_("Time zone"),
        help_text=_("The zone you read times in. Event and venue times always show in the venue's zone."),
    )
    theme = forms.ChoiceField(choices=THEMES, label=_("Theme"), initial="system", required=False)
    inapp_kinds = forms.MultipleChoiceField(
        choices=[(k.key, k.label) for k in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Show in the app"),
        help_text=_(
            "A kind left unticked stays out of the bell and your notifications; "
            "its email and text still come as chosen below."
        ),
    )
    email_kinds = forms.MultipleChoiceField(
        choices=[(k.key, k.label) for k in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Email me about"),
    )
    digest_kinds = forms.MultipleChoiceField(
        choices=[(k.key, k.label) for k in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Gather these into one daily email"),
        help_text=_("Instead of a mail each time; in-app notifications still arrive at once."),
    )

    sms_kinds = forms.MultipleChoiceField(
        choices=[(key, KINDS[key].label) for key in SMS_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Text me urgent ones about"),
        help_text=_("With SMS alerts on: a critical incident, a broadcast marked urgent, a call changed on the day."),
    )

    # The four channels of each notification kind, shown as one table of ticks (kind × channel) on the
    # profile page rather than four lists of the same thirty kinds.
    CHANNELS = (
        ("inapp_kinds", _("In the app")),
        ("email_kinds", _("Email")),
        ("digest_kinds", _("Daily digest")),
        ("sms_kinds", _("SMS")),
    )

    @property
    def channel_names(self):
        return [name for name, _label in self.CHANNELS]

    def channel_rows(self):
        """One row per kind: its label and, per channel, whether it is ticked (SMS only for urgent kinds)."""
        chosen = {name: set(self[name].value() or []) for name, _label in self.CHANNELS}
        return [
            {
                "label": kind.label,
                "cells": [
                    {"name": name, "value": kind.key, "checked": kind.key in chosen[name], "column": label}
                    if name != "sms_kinds" or kind.key in SMS_KINDS
                    else None
                    for name, label in self.CHANNELS
                ],
            }
            for kind in KINDS.values()
        ]

    def channel_errors(self):
        return [error for name, _label in self.CHANNELS for error in self[name].errors]

    def clean_avatar(self):
        return checked_upload(self.cleaned_data.get("avatar"), "avatars")

    def clean_email(self):
        email = self.cleaned_data["email"]
        User = get_user_model()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Another account already uses this address."))
        return email


def module_choices():
    return [(m.app_label, m.label) for m in MODULES]


class ModulesField(forms.MultipleChoiceField):
    """The modules in use, as ticked boxes; what is stored is the ones left unticked (switched off)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Modules in use"))
        super().__init__(choices=module_choices, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)


def modules_in_use(disabled):
    return [m.app_label for m in MODULES if m.app_label not in (disabled or ())]


def modules_switched_off(in_use):
    return [m.app_label for m in MODULES if m.app_label not in (in_use or ())]


class OrganizationSettingsForm(forms.ModelForm):
    logo_upload = forms.FileField(required=False, label=_("Logo"), help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB."))
    modules = ModulesField(
        help_text=_("A module left unticked disappears from the navigation, its pages and the API, in every workspace.")
    )
    # Sent by the page along with the boxes: a post without it (a script) leaves the modules as they are,
    # where a post of the page with every box unticked switches every module off.
    modules_shown = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["modules"] = modules_in_use(self.instance.disabled_modules)

    class Meta:
        model = Organization
        fields = ["name", "currency", "timezone"]
        labels = {"name": _("Name"), "currency": _("Currency"), "timezone": _("Time zone")}

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean_timezone(self):
        validate_timezone_name(self.cleaned_data["timezone"])
        return self.cleaned_data["timezone"]

    def clean_logo_upload(self):
        return checked_upload(self.cleaned_data.get("logo_upload"), "logos")


class WorkspaceSettingsForm(forms.Form):
    modules = ModulesField(
        help_text=_("Modules the organization switched off stay off here too."),
    )


class AssignRoleForm(forms.Form):
    """An org admin gives a member a role in one workspace, or organization-wide."""

    user = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.TypedChoiceField(label=_("Role"), coerce=int)
    workspace = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Workspace"))

    def __init__(self, *args, organization, roles, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.people = {p.pk: p for p in people}
        self.fields["user"].choices = [(p.pk, p.get_full_name() or p.username) for p in people]
        self.fields["role"].choices = [(int(r), r.label) for r in roles]
        workspaces = organization.workspaces.filter(archived=False).order_by("name")
        self.fields["workspace"].choices = [("", _("Whole organization"))] + [(w.pk, w.name) for w in workspaces]

    def clean_user(self):
        return self.people[self.cleaned_data["user"]]

    def clean_workspace(self):
        pk = self.cleaned_data.get("workspace")
        return self.organization.workspaces.get(pk=pk) if pk else None


class NewPasswordForm(forms.Form):
    """Name and a password chosen twice, checked by the project's password validators."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        from django.contrib.auth import password_validation

        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ; type the same one twice."))
        elif first:
            probe = get_user_model()(
                username=data.get("email", ""), email=data.get("email", ""), first_name=data.get("first_name", "")
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class SignUpForm(NewPasswordForm):
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send a confirmation link here; you sign in with this address.")
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]


class StartOrganizationForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Organization name"), help_text=_("Your company or crew."))
    workspace_name = forms.CharField(
        max_length=200, label=_("First workspace"), help_text=_("A tour, a festival edition, a venue or a department.")
    )
    timezone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="UTC", help_text=_("Such as Europe/London or America/New_York.")
    )

    clean_timezone = OrganizationSettingsForm.clean_timezone


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.TypedChoiceField(label=_("Role"), coerce=int)
    workspace = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Workspace"))

    def __init__(self, *args, organization, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["role"].choices = [(int(r), r.label) for r in roles]
        workspaces = organization.workspaces.filter(archived=False).order_by("name")
        self.fields["workspace"].choices = [("", _("Whole organization"))] + [(w.pk, w.name) for w in workspaces]

    def clean_workspace(self):
        pk = self.cleaned_data.get("workspace")
        return self.organization.workspaces.get(pk=pk) if pk else None


class BulkInviteForm(forms.Form):
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("CSV with a header row: name, email, role[, workspace].")
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"), "documents")

    def csv_text(self):
        upload = self.cleaned_data.get("file")
        return decode_csv_upload(upload) if upload else self.cleaned_data.get("text") or ""


class AuditFilterForm(forms.Form):
    """The audit log's filters: who, what (the verb, e.g. "approved" or "membership"), where, from and to."""

    actor = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Who"))
    verb = forms.CharField(
        max_length=80, required=False, label=_("What"), help_text=_("Such as approved or membership.")
    )
    workspace = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Workspace"))
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            get_user_model()
            .objects.filter(is_active=True, memberships__organization=organization)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["actor"].choices = [("", _("Anyone"))] + [(p.pk, p.get_full_name() or p.username) for p in people]
        workspaces = organization.workspaces.order_by("name")
        self.fields["workspace"].choices = [("", _("Every workspace"))] + [(w.pk, w.name) for w in workspaces]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end comes before the start."))
        return data

    def narrow(self, entries):
        import datetime

        from django.utils import timezone

        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor_id=data["actor"])
        if data.get("verb"):
            entries = entries.filter(verb__icontains=data["verb"].strip())
        if data.get("workspace"):
            entries = entries.filter(workspace_id=data["workspace"])
        zone = timezone.get_current_timezone()  # the reader's (UserTimezoneMiddleware)
        if data.get("since"):
            entries = entries.filter(created_at__gte=datetime.datetime.combine(data["since"], datetime.time.min, zone))
        if data.get("until"):
            start_next = datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time.min, zone)
            entries = entries.filter(created_at__lt=start_next)
        return entries
