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


class HubSpotConnectForm(forms.Form):
    """A HubSpot private app's access token; never filled back in once stored."""

    access_token = forms.CharField(
        label=_("Access token"),
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "HubSpot → Settings → Integrations → Private apps: pat-…, with the scopes crm.objects.companies, "
            "crm.objects.contacts and crm.objects.deals (read and write)."
        ),
    )


class DealsWorkspaceForm(forms.Form):
    workspace = forms.ModelChoiceField(
        label=_("New deals become productions in"),
        queryset=None,
        required=False,
        empty_label=_("(do not pull deals)"),
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        from dragonfly.tenancy.models import Workspace

        self.fields["workspace"].queryset = Workspace.objects.filter(organization=organization, archived=False)


class AnalyticsConnectForm(forms.Form):
    provider = forms.ChoiceField(
        label=_("Provider"), choices=[("posthog", "PostHog"), ("mixpanel", "Mixpanel")], initial="posthog"
    )
    api_key = forms.CharField(
        label=_("Project API key or token"),
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("PostHog: the project API key (phc_…). Mixpanel: the project token."),
    )
    host = forms.CharField(
        label=_("PostHog host"),
        max_length=200,
        required=False,
        help_text=_("Blank for PostHog's US cloud; https://eu.i.posthog.com for the EU cloud, or your own."),
    )
