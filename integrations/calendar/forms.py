from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.models import Organization


class CalendarConnectForm(forms.Form):
    """A CalDAV calendar and its account; the password is never filled back in."""

    calendar_url = forms.CharField(
        label=_("Calendar address (CalDAV)"),
        max_length=500,
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "The calendar's CalDAV address, e.g. https://cloud.example.com/remote.php/dav/calendars/you/work/ "
            "(Nextcloud), https://caldav.fastmail.com/dav/calendars/user/you@fastmail.com/Default/ (Fastmail)."
        ),
    )
    username = forms.CharField(label=_("User name"), max_length=255)
    password = forms.CharField(
        label=_("Password"),
        max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Use an app password where your provider offers one (iCloud, Google, Fastmail)."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All my organizations"),
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
