"""The OpenID Connect relying party: discovery, the authorization code flow with PKCE, and the
id_token's checks (signature against the provider's JWKS, iss, aud, exp, nonce).

authlib's OAuth2Session builds the authorize URL and exchanges the code (client authentication,
code_verifier); joserfc (authlib's JOSE library) verifies the id_token. `Refused` is the provider
or its token saying no (no retry); `Unreachable` is a provider that could not be asked."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2 import OAuth2Error
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from integrations.payments.base import Refused, Unreachable

log = logging.getLogger(__name__)
TIMEOUT = 10
# Discovery and the signing keys change seldom: a sign-in reads them from the cache, not the provider.
# A token signed with a key we don't hold yet (the provider rotated its keys) fetches the keys once more.
METADATA_SECONDS = 3600
SCOPE = "openid email profile"
# Asymmetric algorithms only: "none" and HMAC (keyed by the client secret) are never accepted.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]


class InvalidToken(Refused):
    """The id_token failed a check: its signature, issuer, audience, expiry or nonce."""


@dataclass(frozen=True)
class Pending:
    """What the browser's session keeps between the redirect and the callback."""

    state: str
    nonce: str
    code_verifier: str


def new_pending() -> Pending:
    return Pending(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64))


def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise Unreachable(f"{what}: {exc.__class__.__name__}") from exc
    if response.status_code >= 500:
        raise Unreachable(f"{what}: HTTP {response.status_code}")
    if response.status_code != 200:
        raise Refused(f"{what}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise Refused(f"{what}: not JSON") from exc
    if not isinstance(data, dict):
        raise Refused(f"{what}: not a JSON object")
    return data


def _cached(kind: str, url: str, fetch: Any, *, fresh: bool) -> dict[str, Any]:
    """`fetch()` kept for METADATA_SECONDS under `url`; a cache that is away costs a fetch, not the sign-in."""
    from django.core.cache import cache

    key = f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"
    if not fresh:
        try:
            kept = cache.get(key)
        except Exception:
            log.warning("SSO: the cache did not answer; asking the provider", exc_info=True)
            kept = None
        if isinstance(kept, dict):
            return kept
    data = fetch()
    try:
        cache.set(key, data, METADATA_SECONDS)
    except Exception:
        log.warning("SSO: the cache did not keep the %s", kind, exc_info=True)
    return data


def discover(issuer: str, *, fresh: bool = False) -> dict[str, Any]:
    """The provider's metadata; its `issuer` must be the one configured (OIDC Discovery §4.3). Cached;
    `fresh` asks the provider (the admin's "Test connection")."""
    return _cached("discovery", issuer, lambda: _discover(issuer), fresh=fresh)


def _discover(issuer: str) -> dict[str, Any]:
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration", "Discovery")
    if metadata.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise Refused(f"Discovery names another issuer: {metadata.get('issuer', '?')}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not metadata.get(key):
            raise Refused(f"Discovery has no {key}.")
    return metadata


def jwks(metadata: dict[str, Any], *, fresh: bool = False) -> KeySet:
    """The provider's signing keys (cached like discovery; `fresh` asks the provider)."""
    data = _cached("jwks", metadata["jwks_uri"], lambda: _get_json(metadata["jwks_uri"], "JWKS"), fresh=fresh)
    try:
        keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"JWKS: {exc}") from exc
    if not keys.keys:
        raise Refused("JWKS has no keys.")
    return keys


def signing_keys(metadata: dict[str, Any], id_token: str) -> KeySet:
    """The keys to check `id_token` with: the cached ones, or the provider's own once more when the
    token names a key (`kid`) the cache does not hold: the provider rotated its keys since."""
    keys = jwks(metadata)
    kid = _kid(id_token)
    if kid and kid not in {key.kid for key in keys.keys}:
        keys = jwks(metadata, fresh=True)
    return keys


def _kid(id_token: str) -> str:
    """The `kid` of a JWT's header, read before its signature is checked (only to pick the key)."""
    try:
        head = id_token.split(".", 1)[0]
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, TypeError):
        return ""
    return str(header.get("kid") or "") if isinstance(header, dict) else ""


def check(issuer: str) -> str:
    """What "Test connection" asks: discovery and the signing keys, from the provider itself."""
    metadata = discover(issuer, fresh=True)
    return f"{len(jwks(metadata, fresh=True).keys)} signing key(s)"


def _session(metadata: dict[str, Any], client_id: str, client_secret: str, redirect_uri: str) -> OAuth2Session:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    return OAuth2Session(
        client_id,
        client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method=method,
    )


def authorize_url(
    metadata: dict[str, Any], *, client_id: str, redirect_uri: str, pending: Pending, login_hint: str = ""
) -> str:
    client = _session(metadata, client_id, "", redirect_uri)
    extra = {"login_hint": login_hint} if login_hint else {}
    url, _state = client.create_authorization_url(
        metadata["authorization_endpoint"],
        state=pending.state,
        nonce=pending.nonce,
        code_verifier=pending.code_verifier,
        **extra,
    )
    return url


def exchange_code(
    metadata: dict[str, Any], *, client_id: str, client_secret: str, redirect_uri: str, code: str, pending: Pending
) -> dict[str, Any]:
    client = _session(metadata, client_id, client_secret, redirect_uri)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"], code=code, code_verifier=pending.code_verifier, timeout=TIMEOUT
        )
    except OAuth2Error as exc:
        raise Refused(f"Token: {exc.error}") from exc
    except requests.RequestException as exc:
        raise Unreachable(f"Token: {exc.__class__.__name__}") from exc
    if not token.get("id_token"):
        raise Refused("Token: no id_token.")
    return dict(token)


def validate_id_token(id_token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str) -> dict[str, Any]:
    """The id_token's claims once its signature and claims check out (OIDC Core §3.1.3.7)."""
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        expected_issuer = str(token.claims.get("iss")) if _same(token.claims, issuer) else issuer
        jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": expected_issuer},
            aud={"essential": True, "value": client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except JoseError as exc:
        raise InvalidToken(f"{exc.__class__.__name__}: {exc.description or exc.error}") from exc
    except ValueError as exc:  # not a JWT at all
        raise InvalidToken(str(exc)) from exc
    claims = dict(token.claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise InvalidToken("InvalidClaimError: azp")
    return claims


def _same(claims: Any, issuer: str) -> bool:
    """A trailing slash is the one difference tolerated between the configured and the token's issuer."""
    return str(claims.get("iss", "")).rstrip("/") == issuer.rstrip("/")


def userinfo(metadata: dict[str, Any], access_token: str) -> dict[str, Any]:
    endpoint = metadata.get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    try:
        response = requests.get(endpoint, timeout=TIMEOUT, headers={"Authorization": f"Bearer {access_token}"})
    except requests.RequestException as exc:
        raise Unreachable(f"Userinfo: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise Refused(f"Userinfo: HTTP {response.status_code}")
    data = response.json()
    return data if isinstance(data, dict) else {}
