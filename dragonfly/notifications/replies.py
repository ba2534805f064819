"""Replies to notification emails become comments on the object the notification was about.

A notification about a commentable object (`notify(..., reply_about=obj)`) is mailed with
`Reply-To: reply+<token>@EMAIL_INBOUND_DOMAIN` when that domain is set. The token is signed
(django.core.signing, its own salt) and names the recipient and the object, nothing else, so it
fits an address's 64-character local part. The provider posts the reply to anymail's inbound webhook
(hooks.py); `on_inbound_email` checks the token, that the sender is that recipient, and hands the
reply, quoted text stripped, to the comment function the object's module registered, which checks
the same permission its comment page does. Anything that fails is logged and creates nothing.

The core knows no module: a module registers its commentable model in its AppConfig.ready()."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from dragonfly.core.errors import DomainError

from .models import normalize_address

log = logging.getLogger(__name__)

SALT = "dragonfly.notifications.reply"
PREFIX = "reply+"


@dataclass(frozen=True)
class ReplyTarget:
    label: str  # the model's label_lower, e.g. "productions.task"
    code: str  # one or two letters in the token, e.g. "t"
    # comment(pk, user, body): adds the comment as `user` through the module's service, checking
    # what its page checks; raises ObjectDoesNotExist, PermissionDenied or a DomainError to refuse.
    comment: Callable[[int, Any, str], Any]


TARGETS: dict[str, ReplyTarget] = {}


def register(label: str, code: str, comment: Callable[[int, Any, str], Any]) -> None:
    TARGETS[label] = ReplyTarget(label, code, comment)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")  # ":" is not allowed in an address's local part


def reply_address(user, target: str) -> str:
    """The Reply-To for `user`'s notification about `target` ("app.model:pk"), or "" when replies are off."""
    domain = settings.EMAIL_INBOUND_DOMAIN
    label, _sep, pk = target.partition(":")
    if not domain or label not in TARGETS or not pk.isdigit():
        return ""
    token = _signer().sign(f"{_b36(user.pk)}.{TARGETS[label].code}.{_b36(int(pk))}")
    return f"{PREFIX}{token}@{domain}"


def read_token(address: str) -> tuple[int, ReplyTarget, int] | None:
    """(user pk, target, object pk) from a reply address, or None when it is not a valid one of ours."""
    local, _at, domain = (address or "").rpartition("@")
    if domain.lower() != settings.EMAIL_INBOUND_DOMAIN or not local.lower().startswith(PREFIX):
        return None
    try:
        value = _signer().unsign(local[len(PREFIX) :])
    except signing.BadSignature:
        return None
    user, code, pk = value.split(".")
    target = next((t for t in TARGETS.values() if t.code == code), None)
    return (int(user, 36), target, int(pk, 36)) if target else None


QUOTE_START = re.compile(
    r"^(>|-{2,}\s*Original Message|_{5,}|On .{0,200}wrote:$|Am .{0,200}schrieb .{0,100}:$|From: )",
    re.IGNORECASE,
)


def strip_quoted(text: str) -> str:
    """The reply without the quoted message below it ("On … wrote:", "> …") and the signature."""
    kept = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if QUOTE_START.match(line.strip()) or line.rstrip() == "--":
            break
        kept.append(line)
    return "\n".join(kept).strip()


def on_inbound_email(sender, event, esp_name, **kwargs):
    """anymail's `inbound` signal: a reply to a notification becomes a comment, or is ignored and logged."""
    message = event.message
    candidates = [message.envelope_recipient or ""] + [a.addr_spec for a in (message.to or []) + (message.cc or [])]
    found = next((t for t in map(read_token, candidates) if t), None)
    if found is None:
        log.warning("Inbound email (%s) ignored: no valid reply address in %s", esp_name, candidates)
        return
    user_pk, target, object_pk = found
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    sender_address = normalize_address(getattr(message.from_email, "addr_spec", ""))
    if user is None or not user.email or sender_address != normalize_address(user.email):
        log.warning("Inbound email ignored: sent by %s, not by the notification's recipient", sender_address)
        return
    body = strip_quoted(message.stripped_text or message.text or "")
    if not body:
        log.warning("Inbound email from %s ignored: nothing above the quoted message", sender_address)
        return
    try:
        target.comment(object_pk, user, body)
    except (ObjectDoesNotExist, PermissionDenied, DomainError) as exc:
        log.warning("Inbound email from %s on %s:%s refused: %s", sender_address, target.label, object_pk, exc)
