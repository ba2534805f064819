"""SMS: an org admin connects Twilio; a person opts in with their mobile number; an urgent
notification (see `dragonfly.notifications.kinds.is_urgent`) to an opted-in member of an
organization with Twilio connected is queued as an SmsMessage after the commit, and sent in Celery
(`integrations.sms.tasks`). Twilio's signed callbacks update its status; a STOP opts the number out.

The notification path is the one of `dragonfly.notifications`: `on_notification_saved` hears each
new Notification (post_save, which `notify` and `deliver` both send), nothing else sends an SMS."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.accounts.models import Profile
from dragonfly.activity.services import record_activity
from dragonfly.notifications.kinds import is_urgent
from dragonfly.tenancy.models import Membership, Workspace

from ..crypto import seal
from ..models import (
    Connection,
    Kind,
    Provider,
    SmsMessage,
    SmsOptIn,
    SmsOptOut,
    SmsOptOutReason,
    SmsStatus,
)
from ..services import IntegrationInvalid, _queue_check, _require_admin, credentials
from .base import E164

log = logging.getLogger(__name__)

ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
AUTH_TOKEN = re.compile(r"[0-9a-fA-F]{32}")
MESSAGING_SERVICE_SID = re.compile(r"MG[0-9a-fA-F]{32}")
# Twilio's keywords (https://help.twilio.com/articles/223134027): these stop and restart a sender.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
# A text stays within two segments: the title, then as much of the body as fits.
BODY_MAX = 300
# Twilio's statuses, as our few (a callback may name any of them).
STATUSES = {
    "accepted": SmsStatus.QUEUED,
    "scheduled": SmsStatus.QUEUED,
    "queued": SmsStatus.QUEUED,
    "sending": SmsStatus.SENT,
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "undelivered": SmsStatus.UNDELIVERED,
    "failed": SmsStatus.FAILED,
}
# A later status never goes back to an earlier one (callbacks may arrive out of order).
RANK: dict[str, int] = {
    SmsStatus.QUEUED: 0,
    SmsStatus.SENT: 1,
    SmsStatus.DELIVERED: 2,
    SmsStatus.UNDELIVERED: 2,
    SmsStatus.FAILED: 2,
}


def normalize_phone(value: str) -> str:
    """ "+44 7700 900-123" → "+447700900123"; a clear error unless it is an E.164 number."""
    phone = re.sub(r"[\s\-().]", "", value or "")
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if not E164.fullmatch(phone):
        raise IntegrationInvalid(
            _("Give the mobile number in international form: + and the country code, such as +447700900123.")
        )
    return phone


# Connecting (an org admin)


def connect_twilio(organization: Any, *, actor: Any, values: dict[str, str], site: str) -> Connection:
    """Store (encrypted) the Twilio credentials and sender, switch SMS on and queue a check.
    `site` is this deployment's address as the admin reached it ("https://host/"): Twilio reports
    each message's delivery to the status webhook there."""
    _require_admin(actor, organization)
    sid = (values.get("account_sid") or "").strip()
    token = (values.get("auth_token") or "").strip()
    sender = re.sub(r"[\s\-().]", "", values.get("sender") or "")
    if not ACCOUNT_SID.fullmatch(sid):
        raise IntegrationInvalid(_("The Account SID is AC followed by 32 hexadecimal characters."))
    if not AUTH_TOKEN.fullmatch(token):
        raise IntegrationInvalid(_("The Auth Token is 32 hexadecimal characters."))
    if not (E164.fullmatch(sender) or MESSAGING_SERVICE_SID.fullmatch(sender)):
        raise IntegrationInvalid(
            _("Send from a number in international form (+15005550006) or a Messaging Service SID (MG…).")
        )
    cleaned = {"account_sid": sid, "auth_token": token, "sender": sender, "site": site}
    with transaction.atomic():
        connection, _created = Connection.objects.select_for_update().get_or_create(
            organization=organization, kind=Kind.SMS, defaults={"provider": Provider.TWILIO}
        )
        connection.provider = Provider.TWILIO
        connection.secrets = seal(cleaned)
        connection.key_hint = token[-4:]
        connection.enabled = True
        connection.connected_by = actor
        connection.last_error = ""
        connection.last_success_at = None
        connection.save()
        record_activity(connection, actor=actor, verb="integration.connected", data={"provider": Provider.TWILIO})
        _queue_check(connection)
    return connection


def sms_connection(organization_id: int) -> Connection | None:
    found = Connection.objects.filter(organization_id=organization_id, kind=Kind.SMS).first()
    return found if found is not None and found.is_connected else None


def delivery_log(connection: Connection, limit: int = 20) -> list[SmsMessage]:
    return list(SmsMessage.objects.filter(organization_id=connection.organization_id).select_related("user")[:limit])


# A person's own opt-in


def opt_in(user: Any, *, actor: Any, phone: str) -> SmsOptIn:
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only you change your preferences."))
    phone = normalize_phone(phone)
    with transaction.atomic():
        choice, _created = SmsOptIn.objects.update_or_create(user=user, defaults={"phone": phone})
    return choice


def opt_out(user: Any, *, actor: Any) -> None:
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only you change your preferences."))
    SmsOptIn.objects.filter(user=user).delete()


def stopped_by(user: Any) -> list[SmsOptOut]:
    """The organizations whose sender this person's number told to stop (their page says so)."""
    choice = SmsOptIn.objects.filter(user=user).first()
    if choice is None:
        return []
    return list(SmsOptOut.objects.filter(phone=choice.phone).select_related("organization"))


# Queuing (after the notification)


def sms_text(title: str, body: str) -> str:
    text = title if not body else f"{title}\n{body}"
    return text if len(text) <= BODY_MAX else text[: BODY_MAX - 1].rstrip() + "…"


def on_notification_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A notification made one at a time (not by notify(), whose batch comes below): text it if urgent."""
    if created and not raw and not kwargs.get("in_batch"):
        text_urgent([instance])


def on_notifications_created(sender: Any, notifications: list[Any], **kwargs: Any) -> None:
    text_urgent(notifications)


def text_urgent(notifications: list[Any]) -> list[SmsMessage]:
    """An SMS for each urgent notification whose recipient opted in (and left its kind on), is a member of
    the organization it is about, whose number did not tell that organization's sender to stop, and whose
    organization has Twilio connected. A constant number of queries for a whole urgent broadcast."""
    urgent = [n for n in notifications if is_urgent(n) and n.workspace_id is not None]
    if not urgent:
        return []
    phones = dict(SmsOptIn.objects.filter(user_id__in={n.recipient_id for n in urgent}).values_list("user_id", "phone"))
    urgent = [n for n in urgent if n.recipient_id in phones]
    if not urgent:
        return []
    people = {n.recipient_id for n in urgent}
    muted = dict(Profile.objects.filter(user_id__in=people).values_list("user_id", "sms_muted_kinds"))
    urgent = [n for n in urgent if n.kind not in (muted.get(n.recipient_id) or [])]  # the profile's SMS choices
    org_of = dict(
        Workspace.objects.filter(pk__in={n.workspace_id for n in urgent}).values_list("pk", "organization_id")
    )
    connected = {
        c.organization_id
        for c in Connection.objects.filter(organization_id__in=set(org_of.values()), kind=Kind.SMS)
        if c.is_connected
    }
    members = set(
        Membership.objects.active()
        .filter(user_id__in=people, organization_id__in=connected)
        .values_list("user_id", "organization_id")
    )
    stopped = set(
        SmsOptOut.objects.filter(organization_id__in=connected, phone__in=set(phones.values())).values_list(
            "organization_id", "phone"
        )
    )
    messages = [
        SmsMessage(
            organization_id=org_of[n.workspace_id],
            user_id=n.recipient_id,
            notification=n,
            to=phones[n.recipient_id],
            body=sms_text(n.title, n.body),
        )
        for n in urgent
        if org_of.get(n.workspace_id) in connected
        # never text someone outside the organization whose sender it is, nor a number that said STOP
        and (n.recipient_id, org_of[n.workspace_id]) in members
        and (org_of[n.workspace_id], phones[n.recipient_id]) not in stopped
    ]
    if not messages:
        return []
    from .tasks import send_sms

    with transaction.atomic():
        made = SmsMessage.objects.bulk_create(messages)
        send_sms.delay_many_on_commit([(m.pk,) for m in made])
    return made


def status_callback(connection: Connection) -> str:
    site = credentials(connection).get("site", "")
    if not site:
        return ""
    return site.rstrip("/") + reverse("integrations:twilio_status", args=[connection.webhook_token])


def finish_send(message: SmsMessage, *, provider_sid: str = "", status: str = "", error: str = "") -> SmsMessage:
    message.provider_sid = provider_sid or message.provider_sid
    message.error = error
    message.status = SmsStatus.FAILED if error else STATUSES.get(status, SmsStatus.QUEUED)
    message.save(update_fields=["provider_sid", "error", "status", "updated_at"])
    return message


def skip(message: SmsMessage, reason: str) -> SmsMessage:
    message.status, message.error = SmsStatus.SKIPPED, reason
    message.save(update_fields=["status", "error", "updated_at"])
    return message


def mark_unsubscribed(message: SmsMessage, reason: str) -> SmsMessage:
    """Twilio refused: the number unsubscribed (21610). Recorded, so nothing is tried again."""
    SmsOptOut.objects.get_or_create(
        organization_id=message.organization_id, phone=message.to, defaults={"reason": SmsOptOutReason.UNSUBSCRIBED}
    )
    return finish_send(message, error=reason)


def is_opted_out(message: SmsMessage) -> bool:
    return SmsOptOut.objects.filter(organization_id=message.organization_id, phone=message.to).exists()


# Twilio's callbacks (verified by the view before these run)


def record_status(connection: Connection, params: dict[str, str]) -> str:
    """A delivery-status callback: the message's new status (never an earlier one), and its error."""
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    status = STATUSES.get(params.get("MessageStatus") or params.get("SmsStatus") or "")
    message = SmsMessage.objects.filter(organization_id=connection.organization_id, provider_sid=sid).first()
    if message is None or not sid or status is None:
        return "unknown message"
    code = params.get("ErrorCode") or ""
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().get(pk=message.pk)
        if RANK[status] < RANK.get(message.status, 0):
            return "stale"
        message.status = status
        if code:
            message.error = _("Twilio error %(code)s") % {"code": code}
        message.save(update_fields=["status", "error", "updated_at"])
        if code == "21610":
            SmsOptOut.objects.get_or_create(
                organization_id=connection.organization_id,
                phone=message.to,
                defaults={"reason": SmsOptOutReason.UNSUBSCRIBED},
            )
    return status


def record_inbound(connection: Connection, params: dict[str, str]) -> str:
    """An inbound text: STOP and its kin opt the number out of this organization's texts; START
    and UNSTOP opt it back in. Anything else is ignored."""
    word = (params.get("Body") or "").strip().upper()
    try:
        phone = normalize_phone(params.get("From") or "")
    except IntegrationInvalid:
        return "ignored"
    if word in STOP_WORDS:
        SmsOptOut.objects.get_or_create(
            organization_id=connection.organization_id, phone=phone, defaults={"reason": SmsOptOutReason.STOP}
        )
        return "opted out"
    if word in START_WORDS:
        SmsOptOut.objects.filter(organization_id=connection.organization_id, phone=phone).delete()
        return "opted in"
    return "ignored"
