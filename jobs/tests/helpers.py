"""Builders for stories with job postings and contracts (the tenants come from conftest.py)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from finance.models import Company
from jobs import services
from people.models import Person


def today(tenant):
    return local_today(tenant.workspace)


def make_posting(tenant, title="Rigger", **fields):
    start = today(tenant) + datetime.timedelta(days=10)
    fields.setdefault("starts_on", start)
    fields.setdefault("ends_on", start + datetime.timedelta(days=3))
    fields.setdefault("rate", Decimal("350"))
    fields.setdefault("place", "Berlin")
    return services.create_posting(tenant.workspace, actor=tenant.user(Role.GLADIATOR), title=title, **fields)


def make_freelancer(tenant, first_name="Fran", last_name="Lance", **fields):
    return Person.objects.create(workspace=tenant.workspace, first_name=first_name, last_name=last_name, **fields)


def make_company(tenant, name="Stage Works GmbH"):
    return Company.objects.create(workspace=tenant.workspace, name=name)


def make_contract(tenant, title="Lighting crew chief", **fields):
    if "person" not in fields and "company" not in fields:
        fields["person"] = make_freelancer(tenant)
    fields.setdefault("starts_on", today(tenant))
    fields.setdefault("rate", Decimal("400"))
    return services.create_contract(tenant.workspace, actor=tenant.user(Role.GLADIATOR), title=title, **fields)


def signed_pdf(name="signed-contract.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%signed\n", content_type="application/pdf")


def sign(contract, tenant):
    """A contract taken through sent to signed by the organization's admin, with its signed copy."""
    admin = tenant.user(Role.PHANTOM)
    services.move_contract(contract, actor=admin, to_status="sent")
    services.attach_signed_document(contract, actor=admin, upload=signed_pdf())
    return services.move_contract(contract, actor=admin, to_status="signed")
