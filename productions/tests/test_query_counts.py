"""Lists cost the same number of queries at 10 rows as at 60 (pages and API)."""

import datetime

import pytest
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from events.models import Event, Incident
from productions.models import ChecklistItem, Task

from .helpers import make_location, make_production

pytestmark = pytest.mark.django_db
R = Role


def fill(tenant, rows):
    production = make_production(tenant)
    venue = make_location(tenant)
    raider = tenant.user(R.RAIDER)
    tasks = Task.objects.bulk_create(
        [
            Task(production=production, title=f"Task {i}", assignee=raider, due_date=datetime.date(2027, 1, 1 + i % 28))
            for i in range(rows)
        ]
    )
    ChecklistItem.objects.bulk_create([ChecklistItem(task=t, text="step") for t in tasks for _ in range(2)])
    start = timezone.now() + datetime.timedelta(days=1)
    events = Event.objects.bulk_create(
        [
            Event(
                workspace=tenant.workspace,
                production=production,
                title=f"Event {i}",
                location=venue,
                starts_at=start + datetime.timedelta(hours=4 * i),
                ends_at=start + datetime.timedelta(hours=4 * i + 2),
                timezone=venue.timezone,
            )
            for i in range(rows)
        ]
    )
    Incident.objects.bulk_create(
        [
            Incident(event=e, title=f"Incident {i}", description="x", occurred_at=timezone.now(), reported_by=raider)
            for i, e in enumerate(events)
        ]
    )
    make_location(tenant, "Venue 2")
    return production


@pytest.mark.parametrize("rows", [10, 60])
@pytest.mark.parametrize(
    "who,url,bound",
    [
        ("navigator", "/productions/{p}/tasks/", 14),
        ("navigator", "/productions/{p}/board/", 13),
        ("raider", "/productions/my-tasks/", 13),
        ("navigator", "/productions/{p}/schedule/", 13),
        ("navigator", "/events/w/{org}/{ws}/incidents/", 14),
        ("navigator", "/events/w/{org}/{ws}/venues/", 12),
        ("navigator", "/api/productions/", 8),
        ("navigator", "/api/tasks/", 8),
        ("navigator", "/api/events/", 8),
        ("navigator", "/api/incidents/", 8),
        ("navigator", "/api/run-of-show-cues/", 8),
    ],
)
def test_lists_do_not_grow_with_their_rows(tenant_a, login, django_assert_max_num_queries, rows, who, url, bound):
    production = fill(tenant_a, rows)
    user = tenant_a.user(R.RAIDER if who == "raider" else R.NAVIGATOR)
    client = login(user)
    target = url.format(p=production.pk, org=tenant_a.org.slug, ws=tenant_a.workspace.slug)
    client.get(target)
    with django_assert_max_num_queries(bound):
        response = client.get(target)
    assert response.status_code == 200
