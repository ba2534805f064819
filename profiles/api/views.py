"""The profiles API: the same services, privacy and visibility as the profile pages."""

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.parsers import MultiPartParser
from dragonfly.core.viewsets import ServiceCreateMixin, ServiceDestroyMixin, ServiceUpdateMixin, TenantViewSet
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Membership

from .. import services
from ..filters import EndorsementFilter, WorkHistoryFilter
from ..models import Endorsement, MemberProfile, WorkHistoryEntry
from .serializers import EndorsementSerializer, PhotoSerializer, ProfileSerializer, WorkHistorySerializer


def profiles(user):
    """The profiles `user` may see, each marked whether its owner shares an organization with them."""
    orgs = list(get_access(user).organization_ids)
    colleague = Membership.objects.active().filter(user_id=OuterRef("user_id"), organization_id__in=orgs)
    return (
        MemberProfile.objects.visible_to(user)
        .annotate(colleague=Exists(colleague))
        .select_related("user", "user__profile")
        .order_by("user_id")
    )


def _update_profile(profile, *, actor, **data):
    return services.update_profile(profile.user, actor=actor, **data)


class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet):
    """People's profiles, each section as its owner lets the reader see it; one edits only one's own."""

    selector = staticmethod(profiles)
    serializer_class = ProfileSerializer
    update_service = staticmethod(_update_profile)
    parent_field = "user"

    @extend_schema(responses=ProfileSerializer, request=ProfileSerializer)
    @action(detail=False, methods=["get", "patch"])
    def me(self, request):
        """One's own profile (empty until first saved); PATCH changes it."""
        if request.method == "PATCH":
            body = self.get_serializer(data=request.data, partial=True)
            body.is_valid(raise_exception=True)
            services.update_profile(request.user, actor=request.user, **body.validated_data)
        return self._mine()

    def _mine(self):
        user = self.request.user
        return self.answer(self.get_queryset().filter(user=user).first() or services.profile_of(user))

    @extend_schema(methods=["POST"], request={"multipart/form-data": PhotoSerializer}, responses=ProfileSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=False, methods=["post", "delete"], url_path="me/photo", parser_classes=[MultiPartParser])
    def photo(self, request):
        """One's photo: POST a multipart `photo` (the avatars bucket's type and size limits; a refusal is
        a 400 and stores nothing), DELETE to take it off."""
        if request.method == "DELETE":
            services.remove_photo(request.user, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.set_photo(request.user, actor=request.user, upload=self.body(PhotoSerializer)["photo"])
        return self._mine()


class WorkHistoryViewSet(
    mixins.ListModelMixin,
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    ServiceDestroyMixin,
    TenantViewSet,
):
    """Work history entries, as each owner's privacy choice lets the reader see them; one writes only one's own."""

    model = WorkHistoryEntry
    ordering = ("user_id", "-ended_on", "-id")
    serializer_class = WorkHistorySerializer
    filterset_class = WorkHistoryFilter
    parent_field = "user"
    create_service = staticmethod(services.add_history_entry)
    update_service = staticmethod(services.update_history_entry)
    destroy_service = staticmethod(services.remove_history_entry)


class EndorsementViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """Endorsements of skills: given by a colleague who worked on a production with the person; either may remove it."""

    model = Endorsement
    related = ("endorser",)
    ordering = ("user_id", "skill", "id")
    serializer_class = EndorsementSerializer
    filterset_class = EndorsementFilter
    create_service = staticmethod(services.endorse)
    destroy_service = staticmethod(services.remove_endorsement)
