"""API conventions shared by every module: error shape and domain-error mapping."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import Conflict, DomainError


def exception_handler(exc, context):
    if isinstance(exc, Conflict):
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        return Response({"detail": str(exc) or "You may not do this."}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)


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


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key among the rows the requesting user may see (or holds `perm` on): another
    organization's id reads exactly like one that does not exist."""

    def __init__(self, model, perm=None, **kwargs):
        self.model, self.perm = model, perm
        self.select = kwargs.pop("select_related", ())
        super().__init__(**kwargs)

    def get_queryset(self):
        user = getattr(self.context.get("request"), "user", None)
        if user is None:
            return self.model.objects.none()
        queryset = self.model.objects.visible_to(user, self.perm) if self.perm else self.model.objects.visible_to(user)
        return queryset.select_related(*self.select) if self.select else queryset


@extend_schema_field(OpenApiTypes.INT)
class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A user id among the people of the requesting user's organizations (the services then check
    that the person belongs to the object's workspace)."""

    def get_queryset(self):
        from .filters import colleagues

        request = self.context.get("request")
        return colleagues(request) if request is not None else None
