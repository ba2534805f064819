"""Incidents: a critical one alerts the production manager at once, and only once."""

import datetime

import pytest
from django.utils import timezone

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from events.errors import EventInvalid, InvalidTransition
from events.models import Incident, IncidentStatus
from events.notifications import notify_for_entry
from events.services import move_incident, report_incident, update_incident
from productions.tests.helpers import make_event, make_production

pytestmark = pytest.mark.django_db


def crew_report(event, tenant, title, description, severity, category, **fields):
    """A crew lead (Deviator) reports an incident on `event`."""
    return report_incident(
        event,
        actor=tenant.user(Role.DEVIATOR),
        title=title,
        description=description,
        severity=severity,
        category=category,
        **fields,
    )


def test_a_critical_incident_alerts_the_production_manager_once(tenant_a, django_capture_on_commit_callbacks):
    manager = tenant_a.user(Role.GLADIATOR)
    event = make_event(tenant_a, "Aurora night 1", production=make_production(tenant_a, production_manager=manager))
    with django_capture_on_commit_callbacks(execute=True):
        incident = crew_report(
            event,
            tenant_a,
            "Crowd crush at barrier",
            "Two fans pulled out, medics on site.",
            "critical",
            "medical",
            actions_taken="Show paused",
        )
    alert = Notification.objects.get()
    assert alert.recipient == manager and alert.kind == "incident.critical"
    assert "Critical incident" in alert.title and "Show paused" in alert.body
    assert alert.url == f"/events/incident/{incident.pk}/"
    from dragonfly.activity.models import ActivityEntry

    notify_for_entry(ActivityEntry.objects.get(verb="incident.reported").pk)  # the task runs again
    assert Notification.objects.count() == 1


def test_a_minor_incident_alerts_no_one_until_it_is_raised_to_critical(tenant_a, django_capture_on_commit_callbacks):
    manager = tenant_a.user(Role.AVIATOR)
    event = make_event(tenant_a, production=make_production(tenant_a, production_manager=manager))
    with django_capture_on_commit_callbacks(execute=True):
        incident = crew_report(event, tenant_a, "Cable trip hazard", "Taped down.", "low", "safety")
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        update_incident(incident, actor=tenant_a.user(Role.NAVIGATOR), severity="critical")
    assert Notification.objects.get().recipient == manager


def test_without_a_manager_the_office_hears(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        crew_report(make_event(tenant_a), tenant_a, "Fire alarm", "Evacuated", "critical", "safety")
    recipients = {n.recipient for n in Notification.objects.all()}
    assert recipients == {tenant_a.user(r) for r in (Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR, Role.NAVIGATOR)}


def test_incident_statuses(tenant_a):
    navigator = tenant_a.user(Role.NAVIGATOR)
    incident = report_incident(
        make_event(tenant_a),
        actor=navigator,
        title="Lost child",
        description="Found",
        actions_taken="Reunited at info tent",
    )
    move_incident(incident, actor=navigator, to_status="investigating")
    move_incident(incident, actor=navigator, to_status="resolved")
    assert incident.status == IncidentStatus.RESOLVED and incident.resolved_at
    with pytest.raises(InvalidTransition):
        move_incident(incident, actor=navigator, to_status="resolved")
    move_incident(incident, actor=navigator, to_status="investigating")  # reopened
    assert incident.resolved_at is None


def test_an_incident_on_a_show_months_ahead_needs_its_time_and_is_never_stamped_now(tenant_a):
    """A stage manager opening the wrong show (or filing ahead) is asked when it happened, not stamped "now"."""
    start = timezone.now() + datetime.timedelta(days=120)
    event = make_event(tenant_a, "Autumn gala", start=start)
    with pytest.raises(EventInvalid) as refused:
        crew_report(event, tenant_a, "Cable across the aisle", "Taped it down.", "low", "safety")
    assert str(refused.value) == (
        f"Autumn gala starts on {timezone.localtime(start):%-d %b %Y}: say when the incident happened."
    )
    assert not Incident.objects.exists()
    with pytest.raises(EventInvalid, match="cannot happen in the future"):
        crew_report(event, tenant_a, "Cable", "Taped.", "low", "safety", occurred_at=start)
    # a site visit's incident, with its time: filed
    site_visit = timezone.now() - datetime.timedelta(hours=2)
    incident = crew_report(event, tenant_a, "Loose rail", "Seen at the visit.", "low", "safety", occurred_at=site_visit)
    assert incident.occurred_at == site_visit


def test_an_incident_during_the_show_defaults_to_now(tenant_a):
    event = make_event(tenant_a, "Tonight", start=timezone.now() - datetime.timedelta(hours=1))
    incident = crew_report(event, tenant_a, "Spill", "Mopped.", "low", "safety")
    assert abs(incident.occurred_at - timezone.now()) < datetime.timedelta(minutes=1)
