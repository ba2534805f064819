"""An org admin whose organization requires two-factor, signed in with a password and without an
authenticator, reaches only the security page (and signing out) until they set one up.

The need is decided once, at sign-in (`SETUP_REQUIRED` in the session, dragonfly.accounts.signals):
a request pays no query for it."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SETUP_REQUIRED = "two_factor_setup_required"
# (and the installable app's manifest, service worker and offline page: dragonfly/core/pwa.py)
ALLOWED: tuple[str, ...] = ("/me/security/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")
ALLOWED += ("/manifest.webmanifest", "/sw.js", "/offline/")


class TwoFactorSetupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SETUP_REQUIRED) and not request.path.startswith(ALLOWED):
            message = _("Your organization requires two-factor authentication for admins: set it up first.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            return redirect(reverse("accounts:security"))
        return self.get_response(request)
