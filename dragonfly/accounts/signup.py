"""Open sign-up: an account waits, inactive, until its owner follows the link mailed to them.

An unverified account cannot sign in (it is inactive), so nobody can start an organization under
an address they do not own. The link is signed (django.core.signing) and expires after
EMAIL_VERIFICATION_MAX_AGE; following it activates the account and signs the person in."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dragonfly.core.errors import DomainError

from .mail import mail_on_commit
from .models import profile_for
from .services import create_account

SALT = "dragonfly.accounts.verify-email"


class SignUpRefused(DomainError):
    pass


def sign_up(*, email: str, first_name: str, last_name: str, password: str, base_url: str) -> Any:
    if not settings.OPEN_SIGNUP:
        raise SignUpRefused(_("Sign-up is by invitation only here. Ask your organization's admin to invite you."))
    waiting = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=False).first()
    if waiting is not None and not profile_for(waiting).email_verified_at:
        # Signed up before and never confirmed (the mail got lost): mail a fresh link. The account keeps
        # its first password; this form may not be its owner's, and the link signs the owner in anyway.
        with transaction.atomic():
            send_verification(waiting, base_url=base_url)
        return waiting
    with transaction.atomic():
        user = create_account(email=email, first_name=first_name, last_name=last_name, password=password)
        send_verification(user, base_url=base_url)
    return user


def send_verification(user: Any, *, base_url: str) -> None:
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT)
    link = base_url.rstrip("/") + reverse("signup_verify", args=[token])
    hours = settings.EMAIL_VERIFICATION_MAX_AGE // 3600
    # In the language the person signed up in (the request's), or the one they chose since.
    with translation.override(profile_for(user).language or translation.get_language()):
        body = _(
            "Welcome to Dragonfly, %(name)s.\n\n"
            "Confirm your email address to finish signing up (the link works for %(hours)s hours):\n%(link)s\n\n"
            "If you did not sign up, ignore this email: nothing happens without the link."
        ) % {"name": user.first_name or user.email, "hours": hours, "link": link}
        subject = _("Confirm your email address for Dragonfly")
    mail_on_commit(subject, body, user.email)


def verify_email(token: str) -> Any:
    """The account the link confirms, now active; a refusal says what to do instead."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise SignUpRefused(_("This confirmation link has expired. Sign up again to get a new one.")) from None
    except signing.BadSignature:
        raise SignUpRefused(_("This confirmation link is not valid. Check that you copied all of it.")) from None
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=data.get("u")).first()
        if user is None or user.email.lower() != data.get("e"):
            raise SignUpRefused(_("This confirmation link is not valid any more. Sign up again."))
        profile = profile_for(user)
        if profile.email_verified_at:
            raise SignUpRefused(_("Your address is already confirmed. Sign in."))
        profile.email_verified_at = timezone.now()
        profile.save()
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
