"""The webhooks API: the same services and rules as the pages (organization admins only)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.viewsets import ServiceDestroyMixin, ServiceUpdateMixin, TenantViewSet
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Organization

from .. import services
from ..models import WebhookDelivery, WebhookEndpoint
from .serializers import DeliverySerializer, EndpointEditSerializer, EndpointSerializer, EventTypesSerializer


def managed_organization_ids(user):
    """The organizations whose webhooks `user` runs (403 when none)."""
    organizations = Organization.objects.filter(pk__in=get_access(user).organization_ids).order_by("pk")
    ids = [org.pk for org in organizations if services.may_manage(user, org)]
    if not ids and not get_access(user).is_platform_admin:
        raise PermissionDenied(_("Only organization admins manage webhooks."))
    return ids


class _Managed(TenantViewSet):
    def visible(self, user):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()  # the schema generator reads the model, as nobody in particular
        if self.action == "list":
            managed_organization_ids(user)  # a member who manages none: 403
            return self.model.objects.visible_to(user).order_by(*self.ordering)
        # A detail: the organization's members find it (then 403 in get_object), others 404.
        return self.model.objects.of_member(user).order_by(*self.ordering)

    def get_object(self):
        obj = super().get_object()  # another organization's: 404
        services.require_manager(self.request.user, obj.organization)  # a member who may not: 403
        return obj


class EndpointViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, ServiceDestroyMixin, _Managed
):
    """Outgoing webhook endpoints of your organization (organization admins).

    Each domain event an endpoint chose is POSTed to its URL as JSON
    `{"type": "<event>", "timestamp": "<ISO 8601>", "data": {"version": 1, "organization": id,
    "workspace": id, "object": {"type": "app.model", "id": "…"}, "actor": id, "activity_entry": id,
    "details": {…}}}` with the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and
    `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under the `secret`).
    A non-2xx answer is retried for about a day; see the deliveries log."""

    model = WebhookEndpoint
    ordering = ("-id",)
    serializer_class = EndpointSerializer
    values_lists = False
    update_service = staticmethod(services.update_endpoint)
    destroy_service = staticmethod(services.delete_endpoint)
    parent_field = "organization_id"

    def get_serializer_class(self):
        return EndpointEditSerializer if self.action in ("update", "partial_update") else EndpointSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organization = self._organization(data.pop("organization_id", None))
        endpoint = services.create_endpoint(organization, actor=request.user, **data)
        return self.created(endpoint)

    def _organization(self, pk):
        ids = managed_organization_ids(self.request.user)
        if pk is None:
            if len(ids) != 1:
                raise serializers.ValidationError({"organization": [_("Name the organization.")]})
            pk = ids[0]
        organization = Organization.objects.filter(pk=pk, pk__in=get_access(self.request.user).organization_ids).first()
        if organization is None and get_access(self.request.user).is_platform_admin:
            organization = Organization.objects.filter(pk=pk).first()
        if organization is None:
            raise serializers.ValidationError({"organization": [_("Unknown organization.")]})
        services.require_manager(self.request.user, organization)
        return organization

    @extend_schema(request=None, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a signed `webhook.test` message to the endpoint now; the answer is its delivery."""
        delivery = services.send_test(self.get_object(), actor=request.user)
        delivery.refresh_from_db()
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: EndpointSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new signing secret; the old one stops signing at once."""
        return self.answer(services.rotate_secret(self.get_object(), actor=request.user))

    @extend_schema(responses={200: EventTypesSerializer})
    @action(detail=False, methods=["get"], url_path="event-types")
    def event_types(self, request):
        """The event types an endpoint may subscribe to."""
        managed_organization_ids(request.user)
        return Response(EventTypesSerializer.current())


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("endpoint", int, description="Only this endpoint's deliveries.")])
)
class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Managed):
    """The delivery log: each message, its attempts' outcome, and replay."""

    model = WebhookDelivery
    ordering = ("-id",)
    related = ("endpoint__organization",)
    serializer_class = DeliverySerializer
    values_lists = False

    def visible(self, user):
        rows = super().visible(user)
        endpoint = self.request.query_params.get("endpoint")
        if endpoint is not None:
            if not endpoint.isdigit() or len(endpoint) > 18:
                raise serializers.ValidationError({"endpoint": [_("Give an endpoint id.")]})
            rows = rows.filter(endpoint_id=int(endpoint))
        return rows

    def get_object(self):
        obj = super(_Managed, self).get_object()
        services.require_manager(self.request.user, obj.endpoint.organization)
        return obj

    @extend_schema(request=None, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Send this message again (same `webhook-id`); the answer is the new delivery."""
        delivery = services.replay_delivery(self.get_object(), actor=request.user)
        delivery.refresh_from_db()
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)
