"""DRF authentication by personal API token: `Authorization: Bearer <token>` (or `Token <token>`).

An unknown, expired or revoked token is a 401. A known token whose scopes do not cover the request
(a write with a read scope, another module than the one it names) is a 403, decided here for every
API view at once: the module is the app that defines the view, the write is any unsafe method."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import scopes as scope_rules
from .services import record_use, token_for_secret

KEYWORDS = (b"bearer", b"token")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class APITokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give one token after Bearer."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token.")) from None
        token = token_for_secret(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        view = (getattr(request, "parser_context", None) or {}).get("view")
        module = scope_rules.module_of(view) if view is not None else None
        write = request.method not in SAFE_METHODS
        if not scope_rules.allows(token.scopes, module, write=write):
            raise exceptions.PermissionDenied(scope_rules.refusal(module, write=write))
        record_use(token)
        return (token.user, token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
