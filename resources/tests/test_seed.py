"""The demo learning loads through the services and adds nothing on a second run."""

import io

import pytest
from django.core.management import call_command

from dragonfly.files.models import Document
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_org, make_workspace
from resources.models import Course, Enrolment, Grant, GrantApplication, Lesson, Material

pytestmark = pytest.mark.django_db
MODELS = (Material, Course, Lesson, Enrolment, Grant, GrantApplication)


def test_the_demo_learning_loads_twice_without_duplicates():
    org = make_org("Northstar Live", slug="northstar")
    workspace = make_workspace(org, "Aurora Tour", slug="aurora-tour")
    for role in (Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER, Role.DEVIATOR):
        make_member(role, org, workspace)
    call_command("seed_resources_demo", stdout=io.StringIO())
    counts = [model.objects.count() for model in MODELS]
    call_command("seed_resources_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in MODELS] == counts == [4, 2, 5, 2, 3, 2]
    assert Material.objects.get(kind="document").document is not None
    assert set(Enrolment.objects.values_list("status", "progress")) == {("active", 33), ("completed", 100)}
    # Grants are dated from the organization's today, so their deadlines are ahead whenever it runs.
    assert min(Grant.objects.values_list("deadline", flat=True)) > local_today(workspace)
    assert set(GrantApplication.objects.values_list("status", flat=True)) == {"draft", "awarded"}
    draft = GrantApplication.objects.get(status="draft")
    budget = Document.objects.filter(content_type__model="grantapplication", object_id=str(draft.pk))
    assert list(budget.values_list("bucket", flat=True)) == ["documents"]
