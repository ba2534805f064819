"""The user's own API tokens: list, create (only when signed in with a session: a token never mints
another token) and revoke. The same services as the API tokens page."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from .. import services
from ..models import APIToken
from .serializers import APITokenSerializer, CreatedTokenSerializer, NewTokenSerializer


class APITokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = APITokenSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return APIToken.objects.none()
        return services.tokens_of(self.request.user)

    @extend_schema(request=NewTokenSerializer, responses={201: CreatedTokenSerializer})
    def create(self, request):
        if isinstance(request.auth, APIToken):
            raise PermissionDenied(_("Tokens are created when signed in, not with another token."))
        body = NewTokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        token, secret = services.create_token(request.user, actor=request.user, **body.validated_data)
        token.token = secret
        return Response(CreatedTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, id=None):
        token = get_object_or_404(self.get_queryset(), public_id=id)
        services.revoke_token(token, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
