"""API conventions shared by every module: one error shape, domain-error mapping, throttles, error schema.

Every 4xx/5xx under /api/ is `{"detail": "...", "errors": {field: [...]}, "code": "..."}`: `detail` is a
sentence a person can act on, `errors` names the fields (empty when none), `code` is kept where there
is one. DRF's exceptions come through `exception_handler`; Django's own 404/403/400/500 for /api/ URLs
(no route, an unhandled exception) through the handlers in dragonfly.core.views (`api_error_response`).
"""

import hashlib

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status, throttling
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .api_fields import ColleagueField, VisibleRelatedField  # noqa: F401  (re-exported: modules import them from here)
from .errors import Conflict, DomainError
from .versioning import StaleEdit, etag

VALIDATION_DETAIL = _("Check the highlighted fields.")
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def error_body(detail, *, errors=None, code=None, **extra) -> dict:
    body = {"detail": str(detail), "errors": dict(errors or {})}
    if code:
        body["code"] = str(code)
    body.update(extra)
    return body


def api_error_response(status_code: int, detail: str, code: str) -> JsonResponse:
    """The same shape, for Django's handlers (outside DRF)."""
    return JsonResponse(error_body(detail, code=code), status=status_code)


def validation_body(errors) -> dict:
    """A DRF/Django validation error (a dict by field, or a list) in the one shape."""
    if not isinstance(errors, dict):
        errors = {NON_FIELD: list(errors) if isinstance(errors, list | tuple) else [errors]}
    detail = str(VALIDATION_DETAIL)
    if list(errors) == [NON_FIELD] and errors[NON_FIELD]:
        detail = str(errors[NON_FIELD][0])  # one message about the whole body: say it
    return error_body(detail, errors=errors, code="invalid")


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        # If-Match named another version: 412 (RFC 9110); a stale body `version`: 409. Either way the
        # answer says which fields changed since, who changed them, and the current ETag.
        code, status_code = (
            ("precondition_failed", status.HTTP_412_PRECONDITION_FAILED)
            if exc.precondition
            else (exc.code, status.HTTP_409_CONFLICT)
        )
        return Response(
            error_body(exc, code=code, **exc.as_json()), status=status_code, headers={"ETag": etag(exc.current)}
        )
    if isinstance(exc, Conflict):
        return Response(error_body(exc, code=exc.code), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response(error_body(exc, code=exc.code), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return Response(validation_body(errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        detail = str(exc) or gettext("You may not do this.")
        return Response(error_body(detail, code="permission_denied"), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RequestDataTooBig):
        body = error_body(gettext("The request body is too large."), code="too_large")
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body(gettext("The request is malformed."), code="bad_request"), status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unhandled: Django's handler500 answers (JSON under /api/)
    if isinstance(exc, exceptions.ValidationError):
        response.data = validation_body(response.data)
    else:
        response.data = _reshape(response.data, exc)
    return response


def _reshape(data, exc) -> dict:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(exc, Http404):  # DRF turned it into a NotFound: keep its code
        codes = "not_found"
    if isinstance(data, dict) and "detail" in data:
        code = codes.get("detail") if isinstance(codes, dict) else codes
        extra = {k: v for k, v in data.items() if k not in ("detail", "errors", "code")}
        return error_body(data["detail"], errors=data.get("errors"), code=data.get("code") or code, **extra)
    return error_body(str(getattr(exc, "detail", "") or exc), code=codes if isinstance(codes, str) else None)


# --- throttling --------------------------------------------------------------------------------------
# Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings, from the environment), read at
# request time: DRF's classes read them once at import, so a test's override_settings would not reach them.
class SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    """Requests without a signed-in user, per client address."""


class UserThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    """Requests per signed-in user, however they signed in (session or any of their tokens)."""


class TokenThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    """Requests per API token, so one runaway script does not use up its owner's whole allowance."""

    scope = "token"

    def get_cache_key(self, request, view):
        key = getattr(request.auth, "digest", None)  # a personal API token (dragonfly.tokens), already a hash
        if not isinstance(key, str) or not key:
            return None  # not signed in with a token: not this throttle's business
        ident = hashlib.sha256(key.encode()).hexdigest()[:32]  # never the token itself in the cache
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PageThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    """Form posts of a public page (sign-up, accepting an invitation), per client address and scope."""

    def __init__(self, scope):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def page_throttled(request, scope) -> bool:
    """Whether this POST goes over the `scope` rate (DEFAULT_THROTTLE_RATES); GETs are never counted."""
    return request.method == "POST" and not PageThrottle(scope).allow_request(request, None)  # type: ignore[arg-type]  # no view: keyed by address


# --- schema --------------------------------------------------------------------------------------------
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error under /api/ has this shape.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "errors": {
            "type": "object",
            "description": "Messages by field name (non_field_errors for the body as a whole); empty when none.",
            "additionalProperties": {},
        },
        "code": {"type": "string", "description": "A stable machine-readable reason, where there is one."},
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": "The request is invalid, or a rule refused it (`errors` names the fields).",
    "403": "Not signed in, or your role may not do this.",
    "404": "Nothing with this id is visible to you.",
    "429": "Too many requests: wait for the seconds in Retry-After.",
}
WRITE_ERROR_RESPONSES = {
    "409": "The object's current status forbids this, or the body's `version` is no longer the current one "
    "(`changed_fields` and `changed_by` say what changed since); nothing changed.",
}
UPDATE_ERROR_RESPONSES = {
    "412": "If-Match names a version that is no longer the current one (`changed_fields` and `changed_by` say "
    "what changed since; the ETag header is the current one); nothing changed.",
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of the version this edit was made on (a detail's GET answers it): a stale one is "
    "refused with 412 and nothing changes. Without If-Match (and without a body `version`) the update applies "
    "to whatever version is current. Objects without a version ignore it.",
    "schema": {"type": "string"},
}
BODY_ERROR_RESPONSES = {
    "413": "The request body is too large.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the Error component on every operation's error responses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = dict(ERROR_RESPONSES)
            if method != "get":
                wanted.update(WRITE_ERROR_RESPONSES)
            if "requestBody" in operation:
                wanted.update(BODY_ERROR_RESPONSES)
            if method in ("put", "patch"):
                wanted.update(UPDATE_ERROR_RESPONSES)
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "If-Match" and p.get("in") == "header" for p in parameters):
                    parameters.append(dict(IF_MATCH))
            responses = operation["responses"]
            for code, description in wanted.items():
                response = responses.setdefault(code, {"description": description})
                if not response.get("content"):
                    response["content"] = content
    return result


ERROR_WORDING = {
    400: "The body is invalid, or a rule refused it (the detail says which).",
    403: "Your role may not do this.",
    404: "Nothing with this id is visible to you.",
    409: "The object's status forbids this move; nothing changed.",
}


def error_responses(wording=None):
    """The OpenAPI answers of a refused request (400 invalid, 403 role, 404 unseen, 409 status), for
    extend_schema(responses={200: ..., **ERRORS}); `wording` words some of them for one module."""
    return {code: OpenApiResponse(description=text) for code, text in {**ERROR_WORDING, **(wording or {})}.items()}


# A serializer mixin for fields set at creation only (the parent: a workspace, a budget): an update that
# names another value is a 400 whose reason is `fixed[field]`. (A comment, not a docstring: drf-spectacular
# would print it as the description of every serializer using it.)
class FixedOnUpdate:
    fixed: dict[str, str] = {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            for name, reason in self.fixed.items():
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: reason})
        return attrs
