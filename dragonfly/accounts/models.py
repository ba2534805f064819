from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import is_timezone_name

PHONE_VALIDATOR = RegexValidator(r"^\+?[0-9 ()\-.]{6,20}$", _("Enter a phone number such as +1 555 010 2030."))


THEMES = [("system", _("As my device")), ("light", _("Light")), ("dark", _("Dark"))]


def validate_timezone_name(value):
    if value and not is_timezone_name(value):
        raise ValidationError(_("Choose a time zone such as Europe/London or America/New_York."))


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    avatar = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Notification kinds the user does not want shown in the app (the bell, the notifications page, the live
    # toast). The row is still written, so its email, digest or SMS goes out as chosen for those channels.
    inapp_muted_kinds = models.JSONField(default=list, blank=True)
    # Notification kinds the user does not want by email.
    email_muted_kinds = models.JSONField(default=list, blank=True)
    # Kinds the user takes as one daily digest email instead of a mail each (dragonfly.notifications.tasks).
    email_digest_kinds = models.JSONField(default=list, blank=True)
    # Urgent kinds (notifications.kinds.SMS_KINDS) the user does not want texted, with SMS alerts on.
    sms_muted_kinds = models.JSONField(default=list, blank=True)
    # The zone the user reads times in; blank means their organization's (tenancy.access.user_timezone).
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone_name],
        help_text=_("Blank: your organization's time zone."),
    )
    # The language pages and mail reach the user in; blank: the browser's (tenancy.access.user_language).
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Blank: your browser's language."),
    )
    # Light, dark, or whatever the device prefers: a class on <body> (static/css/app.css), no inline style.
    theme = models.CharField(_("theme"), max_length=8, choices=THEMES, default="system")
    # Set when the user followed a sign-up verification link (or accepted an invitation mailed to them).
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # The home page's "getting started" checklist is hidden once dismissed.
    onboarding_dismissed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Profile of {self.user}"

    def wants_in_app(self, kind):
        return kind not in self.inapp_muted_kinds

    def wants_email(self, kind):
        return kind not in self.email_muted_kinds

    def wants_sms(self, kind):
        return kind not in self.sms_muted_kinds

    def wants_digest(self, kind):
        return self.wants_email(kind) and kind in self.email_digest_kinds


def profile_for(user):
    """The user's profile, or an unsaved default one: reading never writes."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)
