"""The guest list API: the same services and visibility as the pages. Allotments and guest requests
(approve, decline, check in), the door's counts of an event, and accreditations."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.idempotency import once_per_call
from dragonfly.core.viewsets import ServiceCreateMixin, TenantServiceViewSet, TenantViewSet, detail_action
from events.models import Event

from .. import badges, door, services
from ..filters import AccreditationFilter, AllotmentFilter, GuestRequestFilter
from ..models import CHECKIN_PERM, Accreditation, Allotment, GuestRequest, GuestStatus
from . import serializers as s


class AllotmentViewSet(TenantServiceViewSet):
    """Guest list allotments: places per party on an event. The event's managers see and change every
    one; a requester sees their own."""

    model = Allotment
    ordering = ("event_id", "party", "id")
    serializer_class = s.AllotmentSerializer
    filterset_class = AllotmentFilter
    create_service = staticmethod(services.create_allotment)
    update_service = staticmethod(services.update_allotment)
    parent_field = "event"
    values_lists = False

    @staticmethod
    def selector(user):
        return (
            Allotment.objects.visible_to(user)
            .annotate(used=Sum(F("requests__plus_ones") + 1, filter=Q(requests__status=GuestStatus.APPROVED)))
            .order_by("event_id", "party", "id")
        )

    def fresh(self, instance):
        return self.get_queryset().get(pk=instance.pk)


class GuestRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Guests asked for on allotments. A requester asks on their own allotment; the event's managers
    approve (within the allotment's places, plus-ones counted) or decline; door staff check in approved
    guests (`check-in`: idempotent, a call replayed under its `Idempotency-Key` header counts once)."""

    model = GuestRequest
    ordering = ("event_id", "name", "id")
    serializer_class = s.GuestRequestSerializer
    filterset_class = GuestRequestFilter
    create_service = staticmethod(services.request_guest)

    def visible(self, user):
        if self.action == "check_in":
            return GuestRequest.objects.visible_to(user, CHECKIN_PERM).select_related("event").order_by("id")
        return super().visible(user)

    approve = detail_action(
        "approve",
        services.approve_request,
        s.DecisionSerializer,
        schema=extend_schema(request=s.DecisionSerializer, responses=s.GuestRequestSerializer),
        doc="Put the guest on the list, if their allotment has places left for them and their plus-ones (else 409).",
    )
    decline = detail_action(
        "decline",
        services.decline_request,
        s.DecisionSerializer,
        schema=extend_schema(request=s.DecisionSerializer, responses=s.GuestRequestSerializer),
        doc="Decline the guest (or take an approved one off the list before they are checked in).",
    )

    @staticmethod
    def _check_in(guest, *, actor, **data):
        return door.check_in(guest, actor=actor, **data).guest

    @extend_schema(request=s.CheckInSerializer, responses=s.GuestRequestSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        """Check an approved guest in with a number of their plus-ones; the same guest again counts once,
        and a call replayed under the same `Idempotency-Key` header answers its first result."""
        return once_per_call(request, lambda: self.act(self._check_in, s.CheckInSerializer))


class DoorCountsView(APIView):
    """The door's numbers of an event: checked in / expected (guests and plus-ones)."""

    @extend_schema(responses=s.DoorCountsSerializer)
    def get(self, request, pk):
        event = Event.objects.visible_to(request.user).filter(pk=pk).select_related("workspace").first()
        if event is None:
            raise Http404(_("No such event."))
        user = request.user
        if not (user.has_perm(CHECKIN_PERM, event) or services.may_manage(user, event)):
            raise PermissionDenied(_("Your role does not check guests in at this event."))
        return Response(s.DoorCountsSerializer(door.counts(event)).data)


class AccreditationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Accreditation badges of events: a person, their role and the venue zones they may enter."""

    model = Accreditation
    ordering = ("event_id", "name", "id")
    prefetch = ("zones",)
    serializer_class = s.AccreditationSerializer
    filterset_class = AccreditationFilter
    create_service = staticmethod(badges.accredit)
    values_lists = False
