"""Builders for learning stories: materials, a course of lessons, a crew member who takes it."""

from dragonfly.tenancy.roles import Role
from people.models import CertificationKind, Person
from people.services import training
from resources import services


def make_material(tenant, title="Rigging basics", *, workspace=None, **fields):
    fields = {"kind": "link", "url": "https://example.com/rigging", "category": "technical", **fields}
    return services.create_material(
        workspace or tenant.workspace, actor=tenant.user(Role.GLADIATOR), title=title, **fields
    )


def make_course(tenant, title="Working at height", *, lessons=2, workspace=None, **fields):
    author = tenant.user(Role.GLADIATOR)
    course = services.create_course(workspace or tenant.workspace, actor=author, title=title, **fields)
    for n in range(lessons):
        services.add_lesson(course, actor=author, title=f"Lesson {n + 1}")
    return course


def make_training(tenant, name="Working at height (IPAF)"):
    return training.create_course(
        tenant.workspace,
        actor=tenant.user(Role.GLADIATOR),
        name=name,
        certification_kind=CertificationKind.values[0],
        validity_months=24,
    )


def crew_record(tenant, role=Role.RAIDER):
    user = tenant.user(role)
    person, _ = Person.objects.get_or_create(
        workspace=tenant.workspace, user=user, defaults={"first_name": user.username, "last_name": "Crew"}
    )
    return person


def make_grant(tenant, title="Touring support fund", *, days=30, workspace=None, **fields):
    """A grant of the tenant's workspace whose deadline is `days` after the organization's today."""
    import datetime
    from decimal import Decimal

    from dragonfly.tenancy.access import local_today

    workspace = workspace or tenant.workspace
    fields = {"funder": "Arts Council", "amount": Decimal("25000"), "currency": "EUR", **fields}
    fields.setdefault("deadline", local_today(workspace) + datetime.timedelta(days=days))
    return services.create_grant(workspace, actor=tenant.user(Role.GLADIATOR), title=title, **fields)


def pdf(name="budget.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%grant\n", content_type="application/pdf")
