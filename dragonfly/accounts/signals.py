"""At sign-in, decide once whether this session must set up two-factor first (the middleware
reads the flag). A sign-in through SSO (the user carries `sso_login`) never needs it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import login_policy, two_factor
from .middleware import SETUP_REQUIRED


@receiver(user_logged_in, dispatch_uid="accounts.two_factor_setup_required")
def flag_two_factor_setup(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    needed = (
        not getattr(user, "sso_login", False)
        and login_policy.two_factor_required(user)
        and not two_factor.is_enabled(user)
    )
    if needed:
        request.session[SETUP_REQUIRED] = True
    else:
        request.session.pop(SETUP_REQUIRED, None)
