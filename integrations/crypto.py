"""Credentials at rest: Fernet (AES + HMAC) with a key derived by HKDF from INTEGRATIONS_KEY, or
SECRET_KEY when that is not set. The derivation's `info` names the purpose, so the same secret
never serves as the key of anything else."""

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"dragonfly.integrations.credentials.v1"


def _fernet() -> Fernet:
    secret = (getattr(settings, "INTEGRATIONS_KEY", "") or settings.SECRET_KEY).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(values: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """The credentials, or {} when there are none or the key changed (the admin connects again)."""
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        return {}
