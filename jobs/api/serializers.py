from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Workspace
from finance.models import Company
from people.models import CertificationKind, Person
from productions.models import Production

from ..models import Contract, ContractStatus, JobApplication, JobPosting
from ..services import CONTRACT_FIELDS, POSTING_FIELDS


class JobPostingSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    """What a posting says; the same for its workspace and for the board (nothing private on it)."""

    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    certifications = serializers.ListField(
        child=serializers.ChoiceField(choices=CertificationKind.choices), required=False
    )
    organization = serializers.CharField(source="workspace.organization.name", read_only=True)

    class Meta:
        model = JobPosting
        fields = ["id", "workspace", "organization", *POSTING_FIELDS, "status", "published_at"]
        read_only_fields = ["status", "published_at"]


class JobApplySerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class JobApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobApplication
        fields = ["id", "posting", "application", "created_at"]


class ContractSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    person = VisibleRelatedField(Person, required=False, allow_null=True)
    company = VisibleRelatedField(Company, required=False, allow_null=True)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    version = VersionField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "version",
            "workspace",
            *CONTRACT_FIELDS,
            "status",
            "document",
            "bid",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "document", "bid", "created_at", "updated_at"]


class InvoiceTimeSerializer(serializers.Serializer):
    exchange_rate = serializers.DecimalField(
        max_digits=14,
        decimal_places=6,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Needed when the contract's currency is not the organization's."),
    )


class ContractMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=ContractStatus.choices, help_text=gettext_lazy("The status to move the contract to.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ContractDocumentSerializer(serializers.Serializer):
    upload = serializers.FileField(help_text=gettext_lazy("The signed agreement: a PDF or an office document."))
