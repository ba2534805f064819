"""Where a webhook may go: never to this machine's or a private network (SSRF), unless allowed.

A URL is checked when an endpoint is saved and again at each send. At send time the address the
check approved is the one connected to (`resolve_public`), so a name that resolves to a public
address at the check and to 127.0.0.1 a moment later (DNS rebinding) can't reach inside.
`WEBHOOKS_ALLOW_PRIVATE_URLS = True` lifts the rule (a receiver on the same host, tests).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from dragonfly.core.errors import DomainError


class UnsafeURL(DomainError):
    code = "unsafe_url"


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; anything else is refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL(_("This is not a valid URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("A webhook URL starts with https:// (or http://) and names a host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("A webhook URL may not carry a user name or password."))
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolve_public(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for `url`, refused (UnsafeURL) when the host is, or
    resolves to, a private, loopback, link-local or otherwise non-public address."""
    scheme, host, port = split_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeURL(_("The host %(host)s could not be resolved.") % {"host": host}) from None
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
        except ValueError:
            continue
    if not addresses:
        raise UnsafeURL(_("The host %(host)s could not be resolved.") % {"host": host})
    if not getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_URLS", False) and any(_refused(a) for a in addresses):
        raise UnsafeURL(
            _("Webhooks may not be sent to private, loopback or link-local addresses (%(host)s).") % {"host": host}
        )
    return scheme, host, port, str(addresses[0])


def check_url(url: str) -> None:
    resolve_public(url)
