"""TOTP two-factor for password sign-in (django-otp): one authenticator device per user, confirmed
with a first code, plus one-time recovery codes (a static device) shown once at confirmation.

A sign-in with SSO never asks for it: the organization's identity provider does its own MFA."""

from __future__ import annotations

import base64
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"


class TwoFactorInvalid(DomainError):
    pass


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enabled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_setup_key() -> str:
    """A fresh secret for the setup; kept in the session until confirmed, so an abandoned setup leaves
    no row behind."""
    return default_key()


def setup_device(user: Any, key: str) -> TOTPDevice:
    """The device `key` makes, unsaved: for its otpauth:// URI and the key typed in."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def confirm_setup(user: Any, key: str, code: str) -> list[str]:
    """Switch two-factor on when `code` is the current one of the setup's `key`; returns the
    recovery codes (the only time they are shown)."""
    if is_enabled(user):
        raise TwoFactorInvalid(_("Two-factor authentication is already on."))
    if not key:
        raise TwoFactorInvalid(_("Start the setup first."))
    device = setup_device(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = _clean(code)
    if not (code.isdigit() and totp.verify(int(code), tolerance=device.tolerance)):
        raise TwoFactorInvalid(_("That code is not the current one. Check the time on your phone and try again."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.confirmed, device.last_t = True, totp.t()  # this code is spent
        device.save()
        codes = _new_recovery_codes(user)
        record_activity(user, actor=user, verb="two_factor.enabled", data={})
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user: Any, code: str) -> bool:
    """A current TOTP code, or an unused recovery code (spent by this use)."""
    code = _clean(code)
    if not code:
        return False
    device = confirmed_device(user)
    if device is not None and device.verify_token(code):
        return True
    return any(static.verify_token(code) for static in StaticDevice.objects.filter(user=user, confirmed=True))


def disable(user: Any, code: str) -> None:
    if not is_enabled(user):
        raise TwoFactorInvalid(_("Two-factor authentication is off."))
    if not verify(user, code):
        raise TwoFactorInvalid(_("That code is not valid."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_activity(user, actor=user, verb="two_factor.disabled", data={})
