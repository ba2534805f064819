"""Broadcasts over the API: the same service and rules as the page."""

from rest_framework import mixins

from dragonfly.core.viewsets import ServiceCreateMixin, TenantViewSet

from .. import services
from ..models import Broadcast
from .serializers import BroadcastSerializer


class BroadcastViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Broadcasts sent in your workspaces (ops users). POST sends one: everyone it reaches is notified
    at once (live on an open page, in the bell otherwise); it is kept here as the record."""

    model = Broadcast
    ordering = ("-sent_at", "-id")
    serializer_class = BroadcastSerializer
    create_service = staticmethod(services.send_broadcast)

    def service_data(self, data, instance=None):
        data["target_id"] = data.pop("target_id", None)
        return data
