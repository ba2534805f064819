"""The one place that speaks CalDAV (the `caldav` client): check a calendar, list its ETags, read,
write and delete one VEVENT resource. Nothing here runs in a request: the sync tasks call it.

Errors are the integrations' two (integrations/payments/base.py): `Refused` when the server says
no (401/403 credentials, 404 no such calendar, 412/4xx): a message for the user, no retry;
`Unreachable` when it could not be asked (timeout, network, 5xx): the task retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from caldav.davclient import DAVClient
from caldav.lib import error
from django.conf import settings
from django.utils.translation import gettext as _

from ..payments.base import Refused, Unreachable

CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
ICS = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Credentials:
    url: str
    username: str
    password: str


class Conflict(Exception):
    """A write's precondition failed: the resource changed (or appeared) since we read it."""


@dataclass(frozen=True)
class Found:
    """One resource of a PROPFIND answer: its href and the properties the server returned with 200."""

    href: str
    properties: dict[str, Any]


def _propfind_body(props: list[str]) -> str:
    """A PROPFIND asking for `props` ("{namespace}name"), written out: the client's own helpers for it
    changed between caldav releases."""
    wanted = "".join(f'<x:{name.split("}", 1)[1]} xmlns:x="{name[1:].split("}", 1)[0]}"/>' for name in props)
    return f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>{wanted}</d:prop></d:propfind>'


def _found(response: Any) -> list[Found]:
    """The multistatus answer's resources; a property is a child-tag list (resourcetype) or its text."""
    tree = getattr(response, "tree", None)
    if tree is None:
        return []
    found = []
    for item in tree.iter("{DAV:}response"):
        href = item.findtext("{DAV:}href") or ""
        properties: dict[str, Any] = {}
        for propstat in item.iter("{DAV:}propstat"):
            if " 200 " not in f"{propstat.findtext('{DAV:}status') or ''} ":
                continue
            for prop in propstat.iter("{DAV:}prop"):
                for value in prop:
                    properties[value.tag] = [child.tag for child in value] if len(value) else (value.text or "")
        found.append(Found(href, properties))
    return found


def _client(creds: Credentials) -> DAVClient:
    return DAVClient(
        url=creds.url,
        username=creds.username or None,
        password=creds.password or None,
        timeout=settings.INTEGRATIONS_TIMEOUT,
    )


def _call(creds: Credentials, method: str, url: str, body: Any = "", headers: dict[str, str] | None = None) -> Any:
    """One request; the server's refusals and the network's failures as Refused / Unreachable."""
    try:
        with _client(creds) as client:
            if method == "PROPFIND":
                response = client.propfind(url, _propfind_body(body), depth=int((headers or {}).get("Depth", "0")))
            else:
                response = client.request(url, method, body, headers or {})
    except error.AuthorizationError as exc:
        raise Refused(_("The calendar server refused the user name or password (401).")) from exc
    except (OSError, error.DAVError) as exc:  # requests' connection errors and timeouts are OSErrors
        raise Unreachable(_("The calendar server could not be reached: %(error)s") % {"error": exc}) from exc
    status = response.status
    if status == 412:
        raise Conflict(url)
    if status == 429:
        raise Unreachable(_("The calendar server asked us to slow down; trying again later."))
    if status == 404 and method == "PROPFIND":
        raise Refused(_("There is no calendar at this address (404)."))
    if status >= 500:
        raise Unreachable(_("The calendar server answered with an error (%(status)s).") % {"status": status})
    if status >= 400 and not (status == 404 and method in ("GET", "DELETE")):
        raise Refused(_("The calendar server refused the request (%(status)s).") % {"status": status})
    return response


def check(creds: Credentials) -> str:
    """The calendar's name, or Refused saying why the address is not a calendar we can use."""
    response = _call(creds, "PROPFIND", creds.url, ["{DAV:}resourcetype", "{DAV:}displayname"], {"Depth": "0"})
    found = _found(response)
    if found and CALENDAR_TYPE in (found[0].properties.get("{DAV:}resourcetype") or []):
        return str(found[0].properties.get("{DAV:}displayname") or creds.url)
    # Not a calendar itself: discover the principal's calendars, so the message can name them.
    try:
        with _client(creds) as client:
            names = [str(c.url) for c in client.principal().calendars()]
    except (OSError, error.DAVError):
        names = []
    if names:
        raise Refused(_("This address is not a calendar. Your calendars: %(urls)s") % {"urls": ", ".join(names[:5])})
    raise Refused(_("This address is not a calendar."))


def etags(creds: Credentials) -> dict[str, str]:
    """href (absolute URL) → ETag of every resource in the calendar."""
    response = _call(creds, "PROPFIND", creds.url, ["{DAV:}getetag"], {"Depth": "1"})
    found = {}
    for result in _found(response):
        href = urljoin(creds.url, result.href)
        etag = result.properties.get("{DAV:}getetag")
        if href.rstrip("/") != creds.url.rstrip("/") and etag:
            found[href] = etag
    return found


def get(creds: Credentials, href: str) -> tuple[str, str] | None:
    """The resource's ICS text and ETag, or None when it is gone."""
    response = _call(creds, "GET", href)
    if response.status == 404:
        return None
    raw = response._raw
    return (raw.decode() if isinstance(raw, bytes) else str(raw)), response.headers.get("etag", "")


def put(creds: Credentials, href: str, ics: bytes, *, etag: str | None) -> str:
    """Write the resource: only if it is new (etag None) or still at `etag`; returns the new ETag
    ("" when the server does not say). Raises Conflict when the precondition fails."""
    headers = {"Content-Type": ICS, **({"If-Match": etag} if etag else {"If-None-Match": "*"})}
    response = _call(creds, "PUT", href, ics.decode(), headers)
    return response.headers.get("etag", "")


def delete(creds: Credentials, href: str) -> None:
    _call(creds, "DELETE", href)
