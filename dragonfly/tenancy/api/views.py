"""The invitations API: the same services and visibility as the Invitations page (org admins only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from dragonfly.core.api import VisibleRelatedField
from dragonfly.core.viewsets import ServiceCreateMixin, TenantViewSet

from .. import invitations
from ..models import Invitation, Organization, Workspace
from ..roles import Role


class InvitationSerializer(serializers.ModelSerializer):
    organization = VisibleRelatedField(Organization)
    workspace = VisibleRelatedField(Workspace, required=False, allow_null=True)
    role = serializers.ChoiceField(choices=Role.choices)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organization",
            "workspace",
            "email",
            "name",
            "role",
            "status",
            "invited_by",
            "created_at",
            "sent_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]
        read_only_fields = ["invited_by", "created_at", "sent_at", "expires_at", "accepted_at", "revoked_at"]


def _base_url(request):
    return request.build_absolute_uri("/")


class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Invitations of the organizations you administer. Creating one mails the invitee a single-use link."""

    model = Invitation
    related = ("organization", "workspace", "invited_by")
    ordering = ("-created_at", "-id")
    serializer_class = InvitationSerializer
    create_service = staticmethod(invitations.invite)

    def service_data(self, data, instance=None):
        return {**data, "base_url": _base_url(self.request)}

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Mail a new link (and a new expiry); the old link stops working."""
        return self.act(invitations.resend_invitation, base_url=_base_url(request))

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw the invitation: its link stops working."""
        return self.act(invitations.revoke_invitation)
