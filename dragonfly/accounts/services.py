import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import forget_user_timezone, is_org_admin, is_timezone_name
from dragonfly.tenancy.module_settings import clean_modules

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
    theme=None,
    sms_kinds=None,
    inapp_kinds=None,
):
    with transaction.atomic():
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.save(update_fields=["first_name", "last_name", "email"])
        profile = profile_for(user)
        profile.phone = phone
        profile.email_muted_kinds = sorted(set(all_kinds) - set(email_kinds))
        if digest_kinds is not None:
            profile.email_digest_kinds = sorted(set(digest_kinds) & set(all_kinds))
        if sms_kinds is not None:
            profile.sms_muted_kinds = _sms_muted(sms_kinds)
        if inapp_kinds is not None:
            _mute_in_app(user, profile, sorted(set(all_kinds) - set(inapp_kinds)))
        if timezone is not None:
            profile.timezone = timezone
            forget_user_timezone(user)
        if language is not None:
            profile.language = language
            forget_user_timezone(user)  # drops the cached access rows, which carry the language too
        if theme is not None:
            profile.theme = theme
            forget_user_timezone(user)  # the cached access rows carry the theme too
        if avatar is not None:
            profile.avatar = store_upload(avatar, bucket="avatars", actor=actor)
        profile.save()
    return profile


def _mute_in_app(user, profile, muted):
    """The kinds the person no longer sees in the app; the bell's cached count is counted again."""
    from dragonfly.notifications.services import forget_unread

    if muted != sorted(profile.inapp_muted_kinds):
        forget_unread([user.pk])
        forget_user_timezone(user)  # the cached access rows carry the muted kinds too
    profile.inapp_muted_kinds = muted


def _sms_muted(sms_kinds):
    """The urgent kinds left unticked: the ones the person does not want texted."""
    from dragonfly.notifications.kinds import SMS_KINDS

    return sorted(set(SMS_KINDS) - set(sms_kinds))


def update_preferences(
    user,
    *,
    actor,
    language=None,
    timezone=None,
    theme=None,
    email_kinds=None,
    digest_kinds=None,
    all_kinds=None,
    sms_kinds=None,
    inapp_kinds=None,
):
    """A person's own preferences (their language, time zone, theme, which notification kinds show in the
    app, which reach them by email, which as a daily digest, and which urgent ones by SMS); a value left
    None stays as it is. Only the person changes them."""
    from dragonfly.notifications.kinds import KINDS

    from .models import THEMES

    if actor.pk != user.pk:
        raise PermissionDenied(_("Only you change your preferences."))
    if timezone and not is_timezone_name(timezone):
        raise AccountRefused(_("Choose a time zone such as Europe/London or America/New_York."))
    if language and language not in dict(settings.LANGUAGES):
        raise AccountRefused(_("Choose one of the languages Dragonfly speaks."))
    if theme is not None and theme not in dict(THEMES):
        raise AccountRefused(_("Choose a theme: system, light or dark."))
    kinds = list(all_kinds or KINDS)
    with transaction.atomic():
        profile = profile_for(user)
        if language is not None:
            profile.language = language
        if timezone is not None:
            profile.timezone = timezone
        if theme is not None:
            profile.theme = theme
        if email_kinds is not None:
            profile.email_muted_kinds = sorted(set(kinds) - set(email_kinds))
        if digest_kinds is not None:
            profile.email_digest_kinds = sorted(set(digest_kinds) & set(kinds))
        if sms_kinds is not None:
            profile.sms_muted_kinds = _sms_muted(sms_kinds)
        if inapp_kinds is not None:
            _mute_in_app(user, profile, sorted(set(kinds) - set(inapp_kinds)))
        profile.save()
    forget_user_timezone(user)  # the cached access rows carry the zone, the language and the theme
    return profile


def _require_org_admin(organization, actor):
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may change organization settings."))


def _settings_of(organization):
    return {
        "name": organization.name,
        "currency": organization.currency,
        "timezone": organization.timezone,
        "disabled_modules": list(organization.disabled_modules),
    }


def update_organization_settings(
    organization, *, actor, name=None, currency=None, timezone=None, logo=None, disabled_modules=None
):
    """Change what an org admin sets for the whole organization; a value left None stays as it is.
    Switching a module off (`disabled_modules`) takes it out of every workspace of the organization."""
    _require_org_admin(organization, actor)
    if timezone is not None and not is_timezone_name(timezone):
        raise AccountRefused(_("Choose a time zone such as Europe/London or America/New_York."))
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency.upper()):
        raise AccountRefused(_("Use a three-letter ISO 4217 code, such as USD or EUR."))
    with transaction.atomic():
        # As stored, not as `organization` holds it: the settings page's ModelForm has already written the
        # posted values onto the instance, and the log (and a later stale save's message) needs the change.
        stored = type(organization)._base_manager.select_for_update().get(pk=organization.pk)
        before = _settings_of(stored)
        if name is not None:
            if not name.strip():
                raise AccountRefused(_("The organization needs a name."))
            organization.name = name.strip()
        if currency is not None:
            organization.currency = currency.upper()
        if timezone is not None:
            organization.timezone = timezone
        if disabled_modules is not None:
            organization.disabled_modules = clean_modules(disabled_modules)
        if logo is not None:
            organization.logo = store_upload(logo, bucket="logos", actor=actor, organization=organization)
        organization.save()
        after = _settings_of(organization)
        # The names changed, so a stale edit is told which (dragonfly.core.versioning.changes_since).
        changed = [name for name in after if after[name] != before[name]] + (["logo"] if logo is not None else [])
        record_activity(
            organization,
            actor=actor,
            verb="organization.settings_changed",
            workspace=None,
            data={"before": before, "after": after, "changed": changed},
        )
    return organization


def update_workspace_settings(workspace, *, actor, disabled_modules):
    """Switch modules off in one workspace (those the organization switched off stay off everywhere)."""
    _require_org_admin(workspace.organization, actor)
    with transaction.atomic():
        before = list(workspace.disabled_modules)
        workspace.disabled_modules = clean_modules(disabled_modules)
        workspace.save(update_fields=["disabled_modules"])
        record_activity(
            workspace,
            actor=actor,
            verb="workspace.settings_changed",
            workspace=workspace,
            data={
                "before": {"disabled_modules": before},
                "after": {"disabled_modules": workspace.disabled_modules},
                "changed": ["disabled_modules"] if before != workspace.disabled_modules else [],
            },
        )
    return workspace


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
