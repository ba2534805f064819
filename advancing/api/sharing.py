"""The crew's API of an advance's share links: list, create, reset, revoke (advancing/sharing.py).

The advance is fetched through `visible_to` (another organization's id is a 404); who may not edit it
gets a 403. A new or reset link's URL is in that one answer only: only the token's hash is kept."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from dragonfly.core.api import error_responses
from dragonfly.core.pagination import Pagination

from .. import sharing
from ..models import Advance, AdvanceShareLink, ShareField

ERRORS = error_responses(
    {
        403: "Only who may edit this advance shares it.",
        404: "No advance (or link of it) with this id is visible to you.",
        409: "The link was already revoked.",
    }
)


class AdvanceShareLinkSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    has_passcode = serializers.BooleanField(read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = AdvanceShareLink
        fields = [
            "id",
            "label",
            "state",
            "valid_from",
            "valid_until",
            "has_passcode",
            "shared_fields",
            "created_by",
            "created_at",
            "reset_at",
            "revoked_at",
            "last_used_at",
            "last_used_by",
        ]
        read_only_fields = fields

    def get_state(self, link) -> str:
        return link.state()

    def get_created_by(self, link) -> str:
        user = link.created_by
        return (user.get_full_name() or user.username) if user is not None else ""


class NewAdvanceShareLinkSerializer(AdvanceShareLinkSerializer):
    url = serializers.SerializerMethodField(help_text="The link to pass on; shown in this answer only.")

    class Meta(AdvanceShareLinkSerializer.Meta):
        fields = [*AdvanceShareLinkSerializer.Meta.fields, "url"]
        read_only_fields = fields

    def get_url(self, link) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(reverse("advancing:shared", args=[self.context["token"]]))


class AdvanceShareLinkCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200, help_text="Who the link is for.")
    valid_from = serializers.DateTimeField(required=False, help_text="Default: now.")
    valid_until = serializers.DateTimeField(required=False, help_text="Default: 14 days after valid_from.")
    passcode = serializers.CharField(required=False, allow_blank=True, min_length=4, max_length=64)
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=ShareField.values), required=False, max_length=len(ShareField.values)
    )


def _advance(request, pk):
    advance = Advance.objects.visible_to(request.user).select_related("workspace").filter(pk=pk).first()
    if advance is None:
        raise NotFound(_("No advance with this id is visible to you."))
    if not sharing.may_share(request.user, advance):
        raise PermissionDenied(_("Only who may edit this advance shares it outside the organization."))
    return advance


def _link(advance, link_id):
    link = sharing.links_of(advance).filter(pk=link_id).first()
    if link is None:
        raise NotFound(_("No link with this id on this advance."))
    return link


def _created(request, link, token, code=status.HTTP_201_CREATED):
    fresh = sharing.links_of(link.advance).get(pk=link.pk)
    body = NewAdvanceShareLinkSerializer(fresh, context={"request": request, "token": token}).data
    return Response(body, status=code, headers={"Cache-Control": "no-store"})


class ShareLinkListView(generics.GenericAPIView):
    """The advance's share links, newest first (with their last use); POST makes a new one."""

    serializer_class = AdvanceShareLinkSerializer
    pagination_class = Pagination
    queryset = AdvanceShareLink.objects.none()

    @extend_schema(responses={200: AdvanceShareLinkSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        advance = _advance(request, pk)
        page = self.paginate_queryset(sharing.links_of(advance))
        return self.get_paginated_response(AdvanceShareLinkSerializer(page, many=True).data)

    @extend_schema(request=AdvanceShareLinkCreateSerializer, responses={201: NewAdvanceShareLinkSerializer, **ERRORS})
    def post(self, request, pk):
        advance = _advance(request, pk)
        body = AdvanceShareLinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link, token = sharing.share_advance(advance, actor=request.user, **body.validated_data)
        return _created(request, link, token)


class ShareLinkResetView(generics.GenericAPIView):
    """A new token for the link: the old URL stops working at once."""

    serializer_class = NewAdvanceShareLinkSerializer
    queryset = AdvanceShareLink.objects.none()

    @extend_schema(request=None, responses={200: NewAdvanceShareLinkSerializer, **ERRORS})
    def post(self, request, pk, link_id):
        link, token = sharing.reset_share_link(_link(_advance(request, pk), link_id), actor=request.user)
        return _created(request, link, token, status.HTTP_200_OK)


class ShareLinkRevokeView(generics.GenericAPIView):
    """The link stops working for good."""

    serializer_class = AdvanceShareLinkSerializer
    queryset = AdvanceShareLink.objects.none()

    @extend_schema(request=None, responses={200: AdvanceShareLinkSerializer, **ERRORS})
    def post(self, request, pk, link_id):
        advance = _advance(request, pk)
        link = sharing.revoke_share_link(_link(advance, link_id), actor=request.user)
        return Response(AdvanceShareLinkSerializer(sharing.links_of(advance).get(pk=link.pk)).data)
