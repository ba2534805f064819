from django.db import transaction

from dragonfly.activity.services import record_activity
from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import forget_user_timezone

from .models import profile_for


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
