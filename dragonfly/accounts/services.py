from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import forget_user_timezone

from .models import profile_for


class AccountRefused(DomainError):
    pass


def update_profile(
    user,
    *,
    actor,
    first_name,
    last_name,
    email,
    phone,
    email_kinds,
    all_kinds,
    avatar=None,
    digest_kinds=None,
    timezone=None,
    language=None,
):
    with transaction.atomic():
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.save(update_fields=["first_name", "last_name", "email"])
        profile = profile_for(user)
        profile.phone = phone
        profile.email_muted_kinds = sorted(set(all_kinds) - set(email_kinds))
        if digest_kinds is not None:
            profile.email_digest_kinds = sorted(set(digest_kinds) & set(all_kinds))
        if timezone is not None:
            profile.timezone = timezone
            forget_user_timezone(user)
        if language is not None:
            profile.language = language
            forget_user_timezone(user)  # drops the cached access rows, which carry the language too
        if avatar is not None:
            profile.avatar = store_upload(avatar, bucket="avatars", actor=actor)
        profile.save()
    return profile


def update_organization_settings(organization, *, actor, name, currency, timezone, logo=None):
    with transaction.atomic():
        before = {"name": organization.name, "currency": organization.currency, "timezone": organization.timezone}
        organization.name, organization.currency, organization.timezone = name, currency, timezone
        if logo is not None:
            organization.logo = store_upload(logo, bucket="logos", actor=actor, organization=organization)
        organization.save()
        record_activity(
            organization,
            actor=actor,
            verb="organization.settings_changed",
            workspace=None,
            data={"before": before, "after": {"name": name, "currency": currency, "timezone": timezone}},
        )
    return organization


def create_account(*, email, first_name, last_name, password, verified=False):
    """A new person, signed in by email (their username is the address). An unverified account is
    inactive, so it cannot sign in until its owner follows the confirmation link (accounts.signup)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    User = get_user_model()
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        raise AccountRefused(_("An account already uses this address. Sign in, or reset your password."))
    with transaction.atomic():
        user = User.objects.create_user(
            username=email,
            email=email,
            password=password,
            first_name=(first_name or "").strip()[:150],
            last_name=(last_name or "").strip()[:150],
            is_active=verified,
        )
        profile = profile_for(user)
        profile.email_verified_at = timezone.now() if verified else None
        profile.save()
    return user
