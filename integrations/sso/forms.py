from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.roles import Role

from .services import JIT_ROLES


class SSOConfigForm(forms.Form):
    """An OIDC provider's settings; the client secret is never filled back in once stored."""

    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The provider's issuer; its settings are read from /.well-known/openid-configuration there."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted. Leave empty to keep the stored one."),
    )
    domains = forms.CharField(
        label=_("Email domains"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The domains this provider signs in, separated by spaces or commas (example.com)."),
    )
    default_role = forms.TypedChoiceField(
        label=_("Role of new members"),
        coerce=int,
        choices=[(role.value, role.label) for role in JIT_ROLES],
        initial=Role.RAIDER,
        help_text=_("Someone signing in for the first time joins the organization with this role."),
    )
    enforce_sso = forms.BooleanField(
        label=_("Enforce SSO for these domains"),
        required=False,
        help_text=_("Password sign-in is refused for addresses in these domains."),
    )
    require_admin_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication for organization admins"),
        required=False,
        help_text=_("Admins signing in with a password must set up an authenticator app."),
    )
