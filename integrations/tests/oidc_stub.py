"""A local OpenID Connect provider speaking the parts of OIDC Core and Discovery a relying party
uses (https://openid.net/specs/openid-connect-core-1_0.html): discovery, /authorize (approves the
configured test user at once and redirects back with code and state), /token (checks the code,
the PKCE code_verifier, the redirect URI and the client's credentials; answers an RS256-signed
id_token carrying the nonce), /jwks and /userinfo.

`tamper` makes the next id_tokens wrong in one way: "signature", "aud", "expired" or "iss"."""

import base64
import hashlib
import json
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

CLIENT_ID = "dragonfly-test"
CLIENT_SECRET = "s3cret-client-value"


class OIDCStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stub-1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.user = {
            "sub": "idp-user-1",
            "email": "dana@acme.test",
            "email_verified": True,
            "given_name": "Dana",
            "family_name": "Okafor",
        }
        self.tamper = ""
        self.token_requests: list[dict] = []
        self.gets: list[str] = []  # the paths asked for, in order
        self.forger = None  # a key that signs the next id_tokens but is never published at /jwks

    def rotate(self):
        """A new signing key (a new kid): tokens are signed with it from now on; the old one is retired."""
        kid = f"stub-{int(self.key.kid.rsplit('-', 1)[1]) + 1}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})

    def id_token(self, nonce):
        now = int(time.time())
        claims = {**self.user, "iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce}
        if self.tamper == "aud":
            claims["aud"] = "someone-else"
        if self.tamper == "iss":
            claims["iss"] = "https://evil.example"
        if self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        signer = self.forger or self.key
        token = jwt.encode({"alg": "RS256", "kid": signer.kid}, claims, signer)
        if self.tamper == "signature":
            head, body, sig = token.split(".")
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            payload["email"] = "mallory@acme.test"  # a changed claim under the original signature
            body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
            token = f"{head}.{body}.{sig}"
        return token


class Handler(JsonHandler):
    server: OIDCStub

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        base = self.server.url
        self.server.gets.append(url.path)
        if url.path == "/.well-known/openid-configuration":
            return self._answer(
                200,
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "jwks_uri": f"{base}/jwks",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                },
            )
        if url.path == "/jwks":
            return self._answer(200, {"keys": [self.server.key.as_dict(private=False)]})
        if url.path == "/authorize":
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                return self._answer(400, {"error": "invalid_request"})
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return self._answer(400, {"error": "invalid_request", "error_description": "PKCE required"})
            code = secrets.token_urlsafe(16)
            self.server.codes[code] = {
                "nonce": query.get("nonce", ""),
                "challenge": query["code_challenge"],
                "redirect_uri": query["redirect_uri"],
            }
            target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return None
        if url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.server.tokens:
                return self._answer(401, {"error": "invalid_token"})
            return self._answer(200, self.server.tokens[token])
        return self._answer(404, {"error": "not_found"})

    def do_POST(self):
        if urlparse(self.path).path != "/token":
            return self._answer(404, {"error": "not_found"})
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.token_requests.append(form)
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return self._answer(401, {"error": "invalid_client"})
        grant = self.server.codes.pop(form.get("code", ""), None)  # a code is used once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._answer(400, {"error": "invalid_grant"})
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._answer(400, {"error": "invalid_grant", "error_description": "redirect_uri"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        if challenge != grant["challenge"]:
            return self._answer(400, {"error": "invalid_grant", "error_description": "code_verifier"})
        access = secrets.token_urlsafe(16)
        self.server.tokens[access] = dict(self.server.user)
        return self._answer(
            200,
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.server.id_token(grant["nonce"]),
            },
            headers=[("Cache-Control", "no-store")],
        )


def start() -> OIDCStub:
    return serve(OIDCStub())
