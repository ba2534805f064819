from django import forms
from django.utils.translation import gettext_lazy as _


class StripeConnectForm(forms.Form):
    """The Stripe credentials; never filled back in (render_value=False) once stored."""

    secret_key = forms.CharField(
        label=_("Secret key"),
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("From Stripe's dashboard, Developers → API keys: sk_live_…, sk_test_… or a restricted rk_… key."),
    )
    webhook_secret = forms.CharField(
        label=_("Webhook signing secret"),
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("whsec_…, shown when you add this page's webhook URL as an endpoint in Stripe."),
    )
