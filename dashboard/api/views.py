"""GET /api/workspaces/{id}/dashboard: the platform spec's get_workspace_dashboard — a workspace's key
figures in one answer, each widget's the user may see, at a fixed number of queries."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.tenancy.models import Workspace

from .. import services


class WorkspaceDashboardView(APIView):
    """The workspace's key figures, keyed by widget (only those your role sees: no budget without finance)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, workspace_id):
        workspace = get_object_or_404(
            Workspace.objects.visible_to(request.user).select_related("organization"), pk=workspace_id
        )
        return Response(services.get_workspace_dashboard(workspace, user=request.user))
