"""The venues API: the same services, filters and visibility as the venue pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
    TenantServiceViewSet,
    TenantViewSet,
    detail_action,
)

from .. import services
from ..filters import LocationFilter, MeterReadingFilter, OutageFilter, SiteMapFilter, UtilityFilter, ZoneFilter
from ..models import Location, MeterReading, Outage, SiteMap, Utility, Zone
from . import serializers as s


class LocationViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet
):
    model = Location
    related = ("parent",)
    ordering = ("name", "id")
    serializer_class = s.LocationSerializer
    filterset_class = LocationFilter
    create_service = staticmethod(services.create_location)
    update_service = staticmethod(services.update_location)


class _AddOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    pass


class SiteMapViewSet(ServiceUpdateMixin, ServiceDestroyMixin, _AddOnly):
    """Site maps of venues; a new one is a multipart upload of its plan. An update renames it; a delete
    removes its pins and zones too, refused (409) while an event, crew call or asset points at one."""

    model = SiteMap
    ordering = ("name", "id")
    serializer_class = s.SiteMapSerializer
    filterset_class = SiteMapFilter
    create_service = staticmethod(services.add_site_map)
    parent_field = "location"  # an update renames; the venue stays
    update_service = staticmethod(services.update_site_map)
    destroy_service = staticmethod(services.delete_site_map)


class ZoneViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    """Pins and zones on site maps, in coordinates relative to the plan."""

    model = Zone
    ordering = ("name", "id")
    serializer_class = s.ZoneSerializer
    filterset_class = ZoneFilter
    parent_field = "site_map"
    create_service = staticmethod(services.add_zone)
    update_service = staticmethod(services.update_zone)
    destroy_service = staticmethod(services.delete_zone)


class UtilityViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    """A site's power, water, internet and waste supply; a delete removes its readings and outages."""

    model = Utility
    ordering = ("location_id", "kind", "id")
    serializer_class = s.UtilitySerializer
    filterset_class = UtilityFilter
    parent_field = "location"
    create_service = staticmethod(services.add_utility)
    update_service = staticmethod(services.update_utility)
    destroy_service = staticmethod(services.delete_utility)


class MeterReadingViewSet(_AddOnly):
    model = MeterReading
    ordering = ("-read_on", "-id")
    serializer_class = s.MeterReadingSerializer
    filterset_class = MeterReadingFilter
    create_service = staticmethod(services.record_reading)


class OutageViewSet(_AddOnly):
    """Outages; a new one becomes an incident of the event on at the venue then, if any."""

    model = Outage
    ordering = ("-started_at", "-id")
    serializer_class = s.OutageSerializer
    filterset_class = OutageFilter
    create_service = staticmethod(services.report_outage)
    over = detail_action(
        "over",
        services.end_outage,
        s.OutageOverSerializer,
        schema=extend_schema(request=s.OutageOverSerializer, responses=s.OutageSerializer),
        doc="Mark an ongoing outage over at `ended_at` (after it started, not later than now).",
    )
