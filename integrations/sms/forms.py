from django import forms
from django.utils.translation import gettext_lazy as _


class TwilioConnectForm(forms.Form):
    """The Twilio credentials; the token is never filled back in once stored."""

    account_sid = forms.CharField(
        label=_("Account SID"), max_length=34, help_text=_("AC… from the Twilio console's account info.")
    )
    auth_token = forms.CharField(
        label=_("Auth Token"),
        max_length=64,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("32 characters, shown next to the Account SID."),
    )
    sender = forms.CharField(
        label=_("Send from"),
        max_length=40,
        help_text=_("A Twilio number in international form (+15005550006) or a Messaging Service SID (MG…)."),
    )


class SmsOptInForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        help_text=_("In international form, such as +447700900123."),
    )
