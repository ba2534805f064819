from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.files.models import Document
from dragonfly.tenancy.models import Workspace
from finance.models import Company, RequestForQuote
from people.models import CertificationKind, Person
from productions.models import Production

from ..models import Contract, ContractStatus, JobApplication, JobPosting, PublicBid, PublicRfp
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


# --- public requests for proposals ---------------------------------------------------------------
class PublicRfpLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    unit = serializers.CharField(read_only=True)


class PublicRfpSerializer(serializers.ModelSerializer):
    """What every organization reads of a public request (its title, scope, deadline, lines and the
    shared documents); `rfq`, `scope` and `documents` publish one (the requester's office)."""

    rfq = VisibleRelatedField(RequestForQuote, perm="finance.change_requestforquote", write_only=True)
    documents = VisibleRelatedField(Document, many=True, required=False, write_only=True)
    scope = serializers.CharField()
    title = serializers.CharField(source="rfq.title", read_only=True)
    organization = serializers.CharField(source="workspace.organization.name", read_only=True)
    respond_by = serializers.DateField(source="rfq.respond_by", read_only=True)
    currency = serializers.CharField(source="rfq.currency", read_only=True)
    lines = PublicRfpLineSerializer(source="rfq.lines", many=True, read_only=True)
    shared_documents = serializers.SerializerMethodField()

    class Meta:
        model = PublicRfp
        fields = [
            "id",
            "rfq",
            "title",
            "organization",
            "scope",
            "respond_by",
            "currency",
            "lines",
            "documents",
            "shared_documents",
            "status",
            "published_at",
        ]
        read_only_fields = ["status", "published_at"]

    def get_shared_documents(self, obj) -> list[dict]:
        return [
            {"id": d.pk, "title": d.title, "url": reverse("jobs:rfp_document", args=[obj.pk, d.pk])}
            for d in obj.documents.all()
        ]


class PublicBidPriceSerializer(serializers.Serializer):
    rfq_line = serializers.IntegerField(help_text="A line of the request.")
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"))


class PublicBidBodySerializer(serializers.Serializer):
    workspace = VisibleRelatedField(
        Workspace, select_related=("organization",), help_text="Your workspace whose organization bids."
    )
    valid_until = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    lines = PublicBidPriceSerializer(many=True)


class PublicBidSerializer(serializers.ModelSerializer):
    """The bidder's side of a bid on a public request: their own prices and its status."""

    organization = serializers.CharField(source="workspace.organization.name", read_only=True)
    request_title = serializers.CharField(source="bid.rfq.title", read_only=True)
    requested_by = serializers.CharField(source="bid.rfq.workspace.organization.name", read_only=True)
    status = serializers.CharField(source="bid.status", read_only=True)
    total = serializers.DecimalField(source="bid.total", max_digits=14, decimal_places=2, read_only=True)
    currency = serializers.CharField(source="bid.rfq.currency", read_only=True)
    valid_until = serializers.DateField(source="bid.valid_until", read_only=True)
    notes = serializers.CharField(source="bid.notes", read_only=True)

    class Meta:
        model = PublicBid
        fields = [
            "id",
            "rfp",
            "workspace",
            "organization",
            "request_title",
            "requested_by",
            "status",
            "total",
            "currency",
            "valid_until",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class WithdrawNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
