"""A crew lead removes a certificate, an assignment or a period away through the API: the row goes,
the activity log says who removed it, and someone who may not remove it is refused and changes nothing."""

import datetime

import pytest

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from people.models import Assignment, Certification, Unavailability

from .helpers import at, make_assignment, make_cert, make_person, make_position, make_production

D = datetime.date


@pytest.fixture
def rows(tenant_a):
    ws = tenant_a.workspace
    ana = make_person(ws, "Ana", "Lopez")
    show = make_production(ws, "Main stage", start_date=D(2027, 6, 10), end_date=D(2027, 6, 14))
    return {
        "certifications": make_cert(ana, "rigging"),
        "assignments": make_assignment(ana, show, make_position(ws), at("2027-06-10", 8), at("2027-06-10", 16)),
        "unavailability": Unavailability.objects.create(
            workspace=ws, person=ana, start_date=D(2027, 7, 1), end_date=D(2027, 7, 3)
        ),
    }


@pytest.mark.parametrize(
    ("prefix", "model", "verb"),
    [
        ("certifications", Certification, "certification.removed"),
        ("assignments", Assignment, "assignment.removed"),
        ("unavailability", Unavailability, "unavailability.removed"),
    ],
)
def test_removing_through_the_api_goes_through_the_service(tenant_a, login, rows, prefix, model, verb):
    row = rows[prefix]
    url = f"/api/people/{prefix}/{row.pk}/"

    refused = login(tenant_a.user(Role.RAIDER)).delete(url)
    assert refused.status_code in (403, 404) and model.objects.filter(pk=row.pk).exists()

    lead = tenant_a.user(Role.NAVIGATOR)
    assert login(lead).delete(url).status_code == 204
    assert not model.objects.filter(pk=row.pk).exists()
    assert ActivityEntry.objects.filter(verb=verb, actor=lead).exists()
