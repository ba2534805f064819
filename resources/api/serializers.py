from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import ColleagueField, InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Workspace
from people.models import TrainingCourse

from ..models import ApplicationStatus, Course, Enrolment, Grant, GrantApplication, Lesson, Material
from ..services import APPLICATION_FIELDS, COURSE_FIELDS, GRANT_FIELDS, MATERIAL_FIELDS

User = get_user_model()


class MaterialSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    upload = serializers.FileField(
        write_only=True, required=False, help_text=gettext_lazy("A document's file (multipart upload).")
    )
    version = VersionField()

    class Meta:
        model = Material
        fields = ["id", "version", "workspace", *MATERIAL_FIELDS, "document", "upload", "created_at", "updated_at"]
        read_only_fields = ["document", "created_at", "updated_at"]
        extra_kwargs = {"url": {"validators": []}}  # the service says what a bad address is


class CourseSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    training_course = VisibleRelatedField(TrainingCourse, required=False, allow_null=True)
    version = VersionField()

    class Meta:
        model = Course
        fields = ["id", "version", "workspace", *COURSE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class LessonSerializer(serializers.ModelSerializer):
    course = VisibleRelatedField(Course)
    material = VisibleRelatedField(Material, required=False, allow_null=True)

    class Meta:
        model = Lesson
        fields = ["id", "course", "position", "title", "body", "material", "created_at"]
        read_only_fields = ["position", "created_at"]
        validators: list = []  # the service places a lesson at the end


class EnrolmentSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    course = VisibleRelatedField(Course)

    class Meta:
        model = Enrolment
        fields = ["id", "course", "user", "status", "progress", "enrolled_at", "completed_at", "training_record"]
        read_only_fields = ["user", "status", "progress", "enrolled_at", "completed_at", "training_record"]
        validators: list = []  # a second enrolment is the service's 409


class LessonDoneSerializer(serializers.Serializer):
    lesson = serializers.PrimaryKeyRelatedField(
        queryset=Lesson.objects.all(), help_text=gettext_lazy("The lesson of the enrolment's course marked done.")
    )


class GrantSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    owner = ColleagueField(required=False, allow_null=True, queryset=User.objects.none())
    version = VersionField()

    class Meta:
        model = Grant
        fields = ["id", "version", "workspace", *GRANT_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"url": {"validators": []}, "currency": {"required": False}}  # the service decides


class GrantApplicationSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    grant = VisibleRelatedField(Grant)
    version = VersionField()

    class Meta:
        model = GrantApplication
        fields = [
            "id",
            "version",
            "grant",
            "workspace",
            "applicant",
            *APPLICATION_FIELDS,
            "status",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "workspace",
            "applicant",
            "status",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]


class GrantApplicationMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=ApplicationStatus.choices, help_text=gettext_lazy("The status to move the application to.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class GrantApplicationDocumentSerializer(serializers.Serializer):
    upload = serializers.FileField(help_text=gettext_lazy("A document of the application: PDF, image or office file."))
