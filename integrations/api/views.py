"""The integrations API: the connections' status (no secrets) for the organization admins, and a
test of a connection (queued in Celery, like the page's). Another organization's connection is a
404; a member who administers no organization gets 403."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from dragonfly.core.api import error_responses
from dragonfly.core.viewsets import TenantViewSet
from dragonfly.tenancy.access import administers_any, is_org_admin

from .. import services
from ..models import Connection
from .serializers import ConnectionSerializer

ERRORS = error_responses()
MESSAGE = _("Only organization admins (Phantom or Legend) may manage integrations.")


class AdministersAnOrganization(permissions.BasePermission):
    message = MESSAGE

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return bool(getattr(view, "detail", False)) or administers_any(request.user)


class ConnectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The integration connections of the organizations the user administers (status only)."""

    model = Connection
    ordering = ("organization_id", "kind")
    serializer_class = ConnectionSerializer
    permission_classes = [permissions.IsAuthenticated, AdministersAnOrganization]
    values_lists = False

    def get_object(self):
        obj = get_object_or_404(Connection.objects.of_member(self.request.user), pk=self.kwargs.get("pk"))
        if not is_org_admin(self.request.user, obj.organization_id):
            raise PermissionDenied(MESSAGE)
        return obj

    @extend_schema(request=None, responses={202: ConnectionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """Queue a test of the connection with its provider; read the outcome on the connection."""
        connection = self.get_object()
        services.request_check(connection, actor=request.user)
        connection.refresh_from_db()
        return Response(ConnectionSerializer(connection).data, status=status.HTTP_202_ACCEPTED)
