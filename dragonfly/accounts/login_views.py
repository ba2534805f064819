"""Password sign-in with its two steps: the password (refused for an SSO-enforced domain), then,
for a user with an authenticator, the TOTP or a recovery code. Between the steps nobody is
signed in: the session keeps only the pending user's id, for a few minutes and a few tries.

Also the user's security page: set up two-factor, see it on, switch it off."""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError

from . import login_policy, two_factor
from .middleware import SETUP_REQUIRED

PENDING = "two_factor_pending"
SETUP_KEY = "two_factor_setup_key"


class PolicyAuthenticationForm(AuthenticationForm):
    def clean(self):
        reason = login_policy.password_refusal((self.data.get("username") or "").strip())
        if reason:  # before the password is checked: no hint whether it was right
            raise ValidationError(reason, code="sso_required")
        return super().clean()


class PolicyPasswordResetForm(PasswordResetForm):
    """No reset link for an account that must sign in with SSO: a new password could not be used."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if not login_policy.password_refusal(user.get_username()))


class PasswordLoginView(auth_views.LoginView):
    authentication_form = PolicyAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_enabled(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "at": time.time(),
                "tries": 0,
            }
            return redirect("login_verify")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_email"] = self.request.GET.get("email", "")
        return context


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


@login_not_required
def login_verify(request):
    pending = request.session.get(PENDING)
    expired = not pending or time.time() - pending.get("at", 0) > settings.TWO_FACTOR_PENDING_SECONDS
    if expired or pending.get("tries", 0) >= settings.TWO_FACTOR_MAX_ATTEMPTS:
        request.session.pop(PENDING, None)
        if pending:
            messages.error(request, _("The sign-in timed out or had too many wrong codes. Sign in again."))
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(user, form.cleaned_data["code"]):
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        pending["tries"] = pending.get("tries", 0) + 1
        request.session[PENDING] = pending
        form.add_error("code", _("That code is not valid."))
        status = 400
    return render(request, "registration/login_verify.html", {"form": form}, status=status)


@never_cache  # the setup key and its QR code: no copy in a browser's or the offline app's cache
def security(request):
    user = request.user
    context = {
        "enabled": two_factor.is_enabled(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "required": bool(request.session.get(SETUP_REQUIRED)),
        "form": CodeForm(),
    }
    key = None if context["enabled"] else request.session.get(SETUP_KEY)
    if key:
        device = two_factor.setup_device(user, key)
        context.update(device=device, secret=two_factor.secret_text(device), qr=_qr_svg(device.config_url))
    return render(request, "accounts/security.html", context)


def _qr_svg(text):
    """The otpauth:// URI as an inline SVG QR code (qrcode is already installed for asset labels)."""
    import qrcode
    import qrcode.image.svg

    return qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).to_string(encoding="unicode")


@require_POST
def security_start(request):
    if two_factor.is_enabled(request.user):
        messages.error(request, _("Two-factor authentication is already on."))
    else:
        request.session[SETUP_KEY] = two_factor.new_setup_key()
    return redirect("accounts:security")


@require_POST
def security_confirm(request):
    form = CodeForm(request.POST)
    try:
        codes = two_factor.confirm_setup(request.user, request.session.get(SETUP_KEY, ""), form.data.get("code", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:security")
    request.session.pop(SETUP_REQUIRED, None)
    request.session.pop(SETUP_KEY, None)
    messages.success(request, _("Two-factor authentication is on."))
    # Shown once, in this answer only: nothing stores them readable.
    return render(request, "accounts/security_codes.html", {"codes": codes})


@require_POST
def security_disable(request):
    try:
        two_factor.disable(request.user, request.POST.get("code", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Two-factor authentication is off."))
        if login_policy.two_factor_required(request.user):
            request.session[SETUP_REQUIRED] = True
    return redirect("accounts:security")
