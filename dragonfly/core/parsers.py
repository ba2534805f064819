"""Request parsers for the API: bounded in size and depth, so no body a client sends is a 500."""

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json

# Deeper than any body of ours (an advance with lines is 3 levels); far below Python's recursion limit.
MAX_JSON_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def max_body_bytes() -> int:
    return settings.API_MAX_BODY_BYTES


def read_bounded(stream, parser_context) -> bytes:
    """The body, refused with a 413 past API_MAX_BODY_BYTES (announced or actually sent)."""
    limit = max_body_bytes()
    request = (parser_context or {}).get("request")
    announced = request.META.get("CONTENT_LENGTH") if request is not None else None
    if announced and str(announced).isdecimal() and int(announced) > limit:
        raise RequestTooLarge(gettext("The request body is too large: at most %(limit)s bytes.") % {"limit": limit})
    raw = stream.read(limit + 1) if stream is not None else b""
    if len(raw) > limit:
        raise RequestTooLarge(gettext("The request body is too large: at most %(limit)s bytes.") % {"limit": limit})
    return raw


def json_depth_exceeds(data, limit: int) -> bool:
    """True when lists/objects nest deeper than `limit` (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing over-large bodies (413) and deep nesting (400) instead of crashing."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = read_bounded(stream, parser_context)
        try:
            text = raw.decode(encoding)
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data


class FormParser(parsers.FormParser):
    """URL-encoded forms, bounded like JSON bodies."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        return QueryDict(read_bounded(stream, parser_context), encoding=encoding)


# Multipart keeps DRF's parser: Django bounds its non-file fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and
# the exception handler answers RequestDataTooBig with a 413.
MultiPartParser = parsers.MultiPartParser
