"""A user's calendar sync: connect (the password stored encrypted), test, sync now, disconnect.
Only the user themself manages their sync. The calendar is never called here: these queue the
Celery tasks (integrations/calendar/tasks.py) after the commit, and `finish` writes their outcome."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import get_access

from ..crypto import seal, unseal
from ..models import CalendarSync
from .caldav_adapter import Credentials


class CalendarSyncInvalid(DomainError):
    code = "invalid_calendar_sync"


def require_owner(sync: CalendarSync, actor: Any) -> None:
    if sync.user_id != actor.pk:
        raise PermissionDenied(_("Only its owner manages a calendar sync."))


def sync_of(user: Any) -> CalendarSync | None:
    return CalendarSync.objects.filter(user=user).first()


def credentials(sync: CalendarSync) -> Credentials:
    return Credentials(sync.calendar_url, sync.username, unseal(sync.secrets).get("password", ""))


def check_url(url: str) -> str:
    """An http(s) calendar address without credentials in it, on a public host (no SSRF into our
    network) unless CALDAV_ALLOW_PRIVATE_URLS is on (a calendar server on the same host, tests)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise CalendarSyncInvalid(_("This is not a valid calendar address.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise CalendarSyncInvalid(_("A calendar address starts with https:// and names a host."))
    if parts.username or parts.password:
        raise CalendarSyncInvalid(_("Give the user name and password in their own fields, not in the address."))
    if getattr(settings, "CALDAV_ALLOW_PRIVATE_URLS", False):
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise CalendarSyncInvalid(_("The host %(host)s could not be found.") % {"host": parts.hostname}) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise CalendarSyncInvalid(_("A calendar on a private or local network address cannot be reached."))
    return url


def connect(*, actor: Any, calendar_url: str, username: str, password: str, organization: Any = None) -> CalendarSync:
    """Store the calendar and its password (encrypted), switch the sync on and queue a test and a
    first sync. Connecting again replaces the earlier calendar; its entries start afresh."""
    if organization is not None and organization.pk not in get_access(actor).organization_ids:
        raise PermissionDenied(_("You are not a member of this organization."))
    url = check_url(calendar_url)
    username, password = (username or "").strip(), password or ""
    if not username or len(username) > 255:
        raise CalendarSyncInvalid(_("Give the user name of your calendar account."))
    if not password or len(password) > 1000:
        raise CalendarSyncInvalid(_("Give the password (an app password for iCloud, Google or Fastmail)."))
    with transaction.atomic():
        sync, _created = CalendarSync.objects.select_for_update().get_or_create(
            user=actor, defaults={"calendar_url": url, "username": username}
        )
        if sync.calendar_url != url:
            sync.items.all().delete()  # another calendar: nothing of ours is in it yet
        sync.calendar_url, sync.username, sync.organization = url, username, organization
        sync.secrets = seal({"password": password})
        sync.enabled = True
        sync.last_error = ""
        sync.last_success_at = None
        sync.save()
        _queue(sync, check=True)
    return sync


def disconnect(sync: CalendarSync, *, actor: Any) -> CalendarSync:
    """Stop syncing and forget the password; what was pushed stays in the calendar."""
    require_owner(sync, actor)
    with transaction.atomic():
        sync.enabled = False
        sync.secrets = ""
        sync.save(update_fields=["enabled", "secrets", "updated_at"])
        sync.items.all().delete()
    return sync


def request_check(sync: CalendarSync, *, actor: Any) -> None:
    require_owner(sync, actor)
    if not sync.is_connected:
        raise CalendarSyncInvalid(_("Connect your calendar first."))
    with transaction.atomic():
        _queue(sync, check=True)


def request_sync(sync: CalendarSync, *, actor: Any) -> None:
    require_owner(sync, actor)
    if not sync.is_connected:
        raise CalendarSyncInvalid(_("Connect your calendar first."))
    with transaction.atomic():
        _queue(sync, check=False)


def _queue(sync: CalendarSync, *, check: bool) -> None:
    from .tasks import check_calendar, sync_calendar

    (check_calendar if check else sync_calendar).delay_on_commit(sync.pk)


def finish(sync: CalendarSync, *, error: str = "", checked: bool = False) -> CalendarSync:
    """What a task learnt: a success, or the server's refusal in words the user reads."""
    now = timezone.now()
    sync.last_error = error
    fields = ["last_error", "updated_at"]
    if checked:
        sync.last_checked_at = now
        fields.append("last_checked_at")
    else:
        sync.last_sync_at = now
        fields.append("last_sync_at")
    if not error:
        sync.last_success_at = now
        fields.append("last_success_at")
    sync.save(update_fields=fields)
    return sync
