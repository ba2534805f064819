"""The reports API: the same templates, engine, services and visibility as the pages.

`GET /api/reports/templates/?workspace=<id>` lists the templates the user may run there (without
`workspace`: every template the product ships, which are code, not anyone's rows);
`POST /api/reports/templates/<key>/run/` and `POST /api/reports/saved/<id>/run/` answer a report's
columns and rows; `POST /api/reports/exports/` queues an export, `GET /api/reports/exports/<id>/`
says how far it is and where its file downloads."""

from itertools import islice

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.api import error_responses
from dragonfly.core.viewsets import TenantViewSet
from dragonfly.tenancy.models import Workspace

from .. import services
from ..catalog import TEMPLATES
from ..models import ExportJob, SavedReport
from .serializers import (
    ExportJobSerializer,
    ExportRequestSerializer,
    ReportResultSerializer,
    RunSerializer,
    SavedReportSerializer,
    TemplateSerializer,
)

ERRORS = error_responses()
API_ROWS = 500


def _answer(result):
    rows = [list(row) for row in islice(result.rows, API_ROWS)]
    data = {"title": result.title, "columns": result.columns, "rows": rows, "count": result.count}
    return Response(ReportResultSerializer({**data, "notes": result.notes}).data)


class ReportTemplateViewSet(viewsets.ViewSet):
    lookup_field = "key"
    lookup_value_converter = "slug"
    serializer_class = TemplateSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "workspace", OpenApiTypes.INT, description="Only the templates the user may run in this workspace."
            )
        ],
        responses={200: TemplateSerializer(many=True), **ERRORS},
    )
    def list(self, request):
        ws = request.query_params.get("workspace")
        workspace = _workspace(request, ws) if ws else None
        shown = [
            {
                "key": t.key,
                "label": t.label,
                "description": t.description,
                "params": list(t.params),
                "groupings": list(t.groupings or ()),
            }
            for t in TEMPLATES.values()
            if workspace is None or t.may_run(request.user, workspace)
        ]
        return Response(TemplateSerializer(shown, many=True).data)

    @extend_schema(request=RunSerializer, responses={200: ReportResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def run(self, request, key=None):
        template = TEMPLATES.get(key or "")
        if template is None:  # an unknown template is a 404 whatever the body says
            raise Http404("No such report template.")
        body = RunSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        params = body.validated_data.get("params") or {}
        return _answer(
            services.run_template(
                template, user=request.user, workspace=body.validated_data["workspace"], params=params
            )
        )


def _workspace(request, pk):
    try:
        return Workspace.objects.visible_to(request.user).get(pk=int(pk))
    except (TypeError, ValueError, Workspace.DoesNotExist):
        raise Http404("Name a workspace you belong to (?workspace=<id>).") from None


class SavedReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    model = SavedReport
    ordering = ("name", "id")
    serializer_class = SavedReportSerializer

    @extend_schema(request=None, responses={200: ReportResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        return _answer(services.run_saved(self.get_object(), user=request.user))


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    model = ExportJob
    ordering = ("-created_at", "-id")
    serializer_class = ExportJobSerializer

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer, **ERRORS})
    def create(self, request):
        body = ExportRequestSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        job = services.request_export(
            actor=request.user,
            workspace=data["workspace"],
            fmt=data["format"],
            template=data["template"],
            saved_report=data["saved_report"],
            params=data.get("params") or {},
        )
        job.refresh_from_db()
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
