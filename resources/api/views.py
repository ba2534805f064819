"""The resources API: the same services, filters and visibility as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser

from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    ServiceDestroyMixin,
    TenantServiceViewSet,
    TenantViewSet,
    detail_action,
)

from .. import services
from ..filters import CourseFilter, EnrolmentFilter, GrantApplicationFilter, GrantFilter, LessonFilter, MaterialFilter
from ..models import Course, Enrolment, Grant, GrantApplication, Lesson, Material
from . import serializers as s


class MaterialViewSet(ServiceDestroyMixin, TenantServiceViewSet):
    """Learning materials: a document (multipart `upload`), a video or a link (`url`, http or https)."""

    model = Material
    ordering = ("title", "id")
    serializer_class = s.MaterialSerializer
    filterset_class = MaterialFilter
    create_service = staticmethod(services.create_material)
    update_service = staticmethod(services.update_material)
    destroy_service = staticmethod(services.delete_material)


class CourseViewSet(TenantServiceViewSet):
    """Courses; completing one that names a training records a pass of it for the learner."""

    model = Course
    related = ("training_course",)
    ordering = ("title", "id")
    serializer_class = s.CourseSerializer
    filterset_class = CourseFilter
    create_service = staticmethod(services.create_course)
    update_service = staticmethod(services.update_course)


class LessonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """A course's lessons in order; a new one goes at the end."""

    model = Lesson
    ordering = ("course_id", "position", "id")
    serializer_class = s.LessonSerializer
    filterset_class = LessonFilter
    create_service = staticmethod(services.add_lesson)


class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    """The caller's enrolments (and, for those who follow a workspace's learning, its learners'). A new
    one enrols the caller on the course."""

    model = Enrolment
    ordering = ("-enrolled_at", "-id")
    serializer_class = s.EnrolmentSerializer
    filterset_class = EnrolmentFilter
    create_service = staticmethod(services.enrol)
    complete_lesson = detail_action(
        "complete_lesson",
        services.complete_lesson,
        s.LessonDoneSerializer,
        url_path="complete-lesson",
        schema=extend_schema(request=s.LessonDoneSerializer, responses=s.EnrolmentSerializer),
        doc="The learner marks a lesson done; the last one left completes the enrolment.",
    )


class GrantViewSet(TenantServiceViewSet):
    """Grants (funding opportunities): funder, amount and currency, deadline, eligibility."""

    model = Grant
    ordering = ("deadline", "id")
    serializer_class = s.GrantSerializer
    filterset_class = GrantFilter
    create_service = staticmethod(services.create_grant)
    update_service = staticmethod(services.update_grant)


class GrantApplicationViewSet(TenantServiceViewSet):
    """Applications for grants: a new one is a draft of the caller's; `move` goes draft → submitted →
    awarded or declined (or withdrawn); `document` stores one of its documents (multipart `upload`)."""

    model = GrantApplication
    related = ("grant",)
    ordering = ("-created_at", "-id")
    parent_field = "grant"
    serializer_class = s.GrantApplicationSerializer
    filterset_class = GrantApplicationFilter
    create_service = staticmethod(services.apply_for_grant)
    update_service = staticmethod(services.update_application)
    move = detail_action(
        "move",
        services.move_application,
        s.GrantApplicationMoveSerializer,
        schema=extend_schema(request=s.GrantApplicationMoveSerializer, responses=s.GrantApplicationSerializer),
        doc="Move the application to `to_status` (submitted before the deadline; awarded or declined by Gladiator+).",
    )

    @extend_schema(
        request={"multipart/form-data": s.GrantApplicationDocumentSerializer}, responses=s.GrantApplicationSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def document(self, request, pk=None):
        """Store a document of an open application (the documents bucket)."""
        return self.act(services.attach_application_document, s.GrantApplicationDocumentSerializer)
