"""The files API: the same services, filter and visibility as the files pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.parsers import FormParser, JSONParser, MultiPartParser
from dragonfly.core.viewsets import ServiceCreateMixin, ServiceUpdateMixin, TenantViewSet

from .. import services
from ..filters import DocumentFilter
from ..models import Document
from .serializers import (
    DocumentDetailSerializer,
    DocumentEditSerializer,
    DocumentSerializer,
    NewVersionSerializer,
    RestoreSerializer,
    RevokeSerializer,
    ShareLinkSerializer,
    ShareSerializer,
    VersionSerializer,
)


def _create(*, actor, workspace, file, **data):
    return services.create_document(workspace, actor=actor, upload=file, **data)


class DocumentViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet
):
    """Files with their versions: upload (multipart), rename or recategorize (PATCH), a new version,
    restore, share outside."""

    model = Document
    related = ("content_type", "current__uploaded_by", "current__restored_from")
    ordering = ("-updated_at", "-id")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    values_lists = False
    create_service = staticmethod(_create)
    update_service = staticmethod(services.update_document)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return DocumentEditSerializer
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("versions__uploaded_by", "versions__restored_from")
        return qs

    @extend_schema(request=NewVersionSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        """Upload a new version (multipart `file`, `note`); it becomes current, the old ones stay."""
        document = self.get_object()
        body = self.body(NewVersionSerializer)
        version = services.add_version(document, actor=request.user, upload=body["file"], note=body["note"])
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RestoreSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Make an old version current again (recorded as a new version)."""
        document = self.get_object()
        restored = services.restore_version(document, actor=request.user, **self.body(RestoreSerializer))
        return Response(VersionSerializer(restored).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ShareSerializer, responses={201: ShareLinkSerializer})
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        """A link for someone outside the organization; its `url` is answered this once."""
        document = self.get_object()
        link, token = services.share_document(document, actor=request.user, **self.body(ShareSerializer))
        data = ShareLinkSerializer(link, context={"request": request, "token": token}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses={200: ShareLinkSerializer})
    @action(detail=True, methods=["post"], url_path="revoke-share")
    def revoke_share(self, request, pk=None):
        """Revoke one of the file's share links: it answers 410 from now on."""
        document = self.get_object()
        link = get_object_or_404(document.share_links, pk=self.body(RevokeSerializer)["link"])
        link = services.revoke_share(link, actor=request.user)
        return Response(ShareLinkSerializer(link, context={"request": request}).data)
