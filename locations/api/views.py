"""The venues API: the same services, filter and visibility as the venue pages."""

from rest_framework import mixins

from dragonfly.core.viewsets import ServiceCreateMixin, ServiceUpdateMixin, TenantViewSet

from .. import services
from ..filters import LocationFilter
from ..models import Location
from .serializers import LocationSerializer


class LocationViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet
):
    model = Location
    related = ("parent",)
    ordering = ("name", "id")
    serializer_class = LocationSerializer
    filterset_class = LocationFilter
    create_service = staticmethod(services.create_location)
    update_service = staticmethod(services.update_location)
