"""Hiring and training API: the same querysets, permissions and services as the pages.

An applicant's email, phone, notes and CV appear only where the caller may see their personal data
(`people.privacy`), as on the applicant's page."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response

from dragonfly.core.api import VisibleRelatedField
from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    TenantViewSet,
    detail_action,
)
from dragonfly.tenancy.models import Workspace
from productions.models import Production

from .. import services
from ..models import (
    Application,
    ApplicationCertificate,
    ApplicationStatus,
    InterviewNote,
    Opening,
    Person,
    TrainingCourse,
    TrainingRecord,
    TrainingResult,
    TrainingSession,
)
from ..privacy import applicant_data_pks


# --- serializers ------------------------------------------------------------------------------
class OpeningSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    production = VisibleRelatedField(Production, required=False, allow_null=True)

    class Meta:
        model = Opening
        fields = ["id", "workspace", "production", "title", "department", "description", "is_open", "created_at"]
        read_only_fields = ["is_open", "created_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    opening = VisibleRelatedField(Opening)
    cv = serializers.FileField(required=False, write_only=True, help_text="PDF, office document or photo.")
    cv_attachment = serializers.PrimaryKeyRelatedField(source="cv", read_only=True, allow_null=True)
    personal_data_visible = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "opening",
            "first_name",
            "last_name",
            "email",
            "phone",
            "notes",
            "cv",
            "cv_attachment",
            "status",
            "person",
            "personal_data_visible",
            "created_at",
        ]
        read_only_fields = ["status", "person", "created_at"]

    def get_personal_data_visible(self, obj) -> bool:
        return obj.pk in self.context.get("personal_pks", set())

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if obj.pk not in self.context.get("personal_pks", set()):
            for name in ("email", "phone", "notes"):
                data.pop(name, None)
            data["cv_attachment"] = None  # always in the answer (read-only fields are), empty when not allowed
        return data


class StageMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ApplicantCertificateSerializer(serializers.ModelSerializer):
    application = VisibleRelatedField(Application)

    class Meta:
        model = ApplicationCertificate
        fields = ["id", "application", "kind", "name", "issuer", "expires_on"]


class InterviewNoteSerializer(serializers.ModelSerializer):
    application = VisibleRelatedField(Application)

    class Meta:
        model = InterviewNote
        fields = ["id", "application", "author", "body", "rating", "created_at"]
        read_only_fields = ["author", "created_at"]


class TrainingCourseSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)

    class Meta:
        model = TrainingCourse
        fields = ["id", "workspace", "name", "description", "certification_kind", "validity_months", "created_at"]
        read_only_fields = ["created_at"]


class TrainingSessionSerializer(serializers.ModelSerializer):
    course = VisibleRelatedField(TrainingCourse)

    class Meta:
        model = TrainingSession
        fields = ["id", "course", "date", "trainer", "location", "capacity", "created_at"]
        read_only_fields = ["created_at"]


class TrainingRecordSerializer(serializers.ModelSerializer):
    session = VisibleRelatedField(TrainingSession)
    person = VisibleRelatedField(Person)

    class Meta:
        model = TrainingRecord
        fields = ["id", "session", "person", "result", "expires_on", "certification", "created_at"]
        read_only_fields = ["result", "expires_on", "certification", "created_at"]


class TrainingResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[TrainingResult.PASSED, TrainingResult.FAILED])


# --- viewsets ---------------------------------------------------------------------------------
class ListCreateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """Rows added through a service and never edited in place (a note, a session)."""


class OpeningViewSet(ListCreateViewSet):
    """Open positions. `close` stops new applicants."""

    model = Opening
    ordering = ("-is_open", "title", "id")
    serializer_class = OpeningSerializer
    create_service = staticmethod(services.create_opening)

    close = detail_action("close", services.close_opening, schema=extend_schema(request=None))


class ApplicationViewSet(ListCreateViewSet):
    """Applicants and their stage. `move` goes one stage on (or declines); a refused move answers 409,
    a role that may not make it 403. Hiring makes the applicant a crew record (`person`)."""

    model = Application
    ordering = ("opening", "last_name", "first_name", "id")
    serializer_class = ApplicationSerializer
    create_service = staticmethod(services.add_applicant)
    values_lists = False  # the personal fields depend on the caller

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "personal_pks": applicant_data_pks(request.user, rows)}
        data = ApplicationSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "kwargs", None) and "pk" in self.kwargs and self.request is not None:
            context["personal_pks"] = applicant_data_pks(self.request.user, [self.get_object()])
        return context

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object

    def answer(self, instance, status=200):
        context = {**self.get_serializer_context(), "personal_pks": applicant_data_pks(self.request.user, [instance])}
        return Response(ApplicationSerializer(instance, context=context).data, status=status)

    def created(self, instance):
        return self.answer(instance, status=201)

    move = detail_action(
        "move",
        services.move_application,
        StageMoveSerializer,
        schema=extend_schema(request=StageMoveSerializer, responses=ApplicationSerializer),
    )


class ApplicantCertificateViewSet(ListCreateViewSet):
    model = ApplicationCertificate
    ordering = ("application_id", "kind", "id")
    serializer_class = ApplicantCertificateSerializer
    create_service = staticmethod(services.add_applicant_certificate)


class InterviewNoteViewSet(ListCreateViewSet):
    model = InterviewNote
    ordering = ("application_id", "-created_at", "-id")
    serializer_class = InterviewNoteSerializer
    create_service = staticmethod(services.add_interview_note)


class TrainingCourseViewSet(ListCreateViewSet):
    model = TrainingCourse
    ordering = ("name", "id")
    serializer_class = TrainingCourseSerializer
    create_service = staticmethod(services.create_course)


class TrainingSessionViewSet(ListCreateViewSet):
    model = TrainingSession
    ordering = ("-date", "id")
    serializer_class = TrainingSessionSerializer
    create_service = staticmethod(services.schedule_session)


class TrainingRecordViewSet(ListCreateViewSet):
    """Who is on which session and how it went. POST enrols (a full session answers 400); `result`
    records passed or failed once, and a pass writes the course's certificate on the crew record."""

    model = TrainingRecord
    ordering = ("person__last_name", "person__first_name", "id")
    serializer_class = TrainingRecordSerializer
    create_service = staticmethod(services.enroll)

    result = detail_action(
        "result",
        services.record_result,
        TrainingResultSerializer,
        schema=extend_schema(request=TrainingResultSerializer, responses=TrainingRecordSerializer),
    )
