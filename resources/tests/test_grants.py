"""A producer finds a grant, applies, attaches the budget, submits before the deadline and hears the
funder's answer; the rules refuse what they should with nothing changed; the 09:00 run reminds the
people working on open applications (and the grant's owner) once per grant per reminder day."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import InvalidTransition
from dragonfly.files.models import Document
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from events.reminders import send_daily_reminders
from resources import services
from resources.errors import GrantInvalid
from resources.models import Grant, GrantApplication
from resources.reminders import send_grant_reminders

from .helpers import make_grant, pdf

pytestmark = pytest.mark.django_db
R = Role


def test_a_navigator_applies_attaches_the_budget_submits_and_is_awarded(tenant_a):
    nav, boss = tenant_a.user(R.NAVIGATOR), tenant_a.user(R.GLADIATOR)
    grant = make_grant(tenant_a, tags="Touring, ARTS, touring", currency="eur")
    assert (grant.tags, grant.currency, grant.owner) == ("touring, arts", "EUR", boss)

    application = services.apply_for_grant(grant, actor=nav, requested_amount="20000", notes=" Spring tour ")
    assert (application.status, application.applicant, application.workspace) == ("draft", nav, tenant_a.workspace)
    assert (application.requested_amount, application.notes) == (Decimal("20000.00"), "Spring tour")
    services.update_application(application, actor=nav, requested_amount=Decimal("18000"))
    services.attach_application_document(application, actor=nav, upload=pdf())
    document = Document.objects.get(object_id=str(application.pk))
    assert document.bucket == "documents" and document.content_object == application

    services.move_application(application, actor=nav, to_status="submitted")
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_at is not None
    with pytest.raises(GrantInvalid):  # a submitted application is changed by withdrawing it
        services.update_application(application, actor=nav, requested_amount=Decimal("1"))

    services.move_application(application, actor=boss, to_status="awarded", note="Two instalments")
    application.refresh_from_db()
    assert application.status == "awarded" and application.decided_at is not None
    told = Notification.objects.get(recipient=nav, kind="resources.grant_decided")
    assert "awarded" in told.title and told.url == f"/resources/application/{application.pk}/"
    verbs = list(ActivityEntry.objects.filter(object_id=str(application.pk)).values_list("verb", flat=True))
    assert {"grant_application.created", "grant_application.submitted", "grant_application.awarded"} <= set(verbs)


def test_the_workflow_and_the_roles_refuse_with_nothing_changed(tenant_a):
    nav, raider = tenant_a.user(R.NAVIGATOR), tenant_a.user(R.RAIDER)
    grant = make_grant(tenant_a)
    with pytest.raises(PermissionDenied):  # a Raider reads grants but does not apply
        services.apply_for_grant(grant, actor=raider, requested_amount=100)
    with pytest.raises(PermissionDenied):
        services.create_grant(tenant_a.workspace, actor=nav, title="x", funder="y", deadline=grant.deadline)
    application = services.apply_for_grant(grant, actor=nav, requested_amount=100)
    with pytest.raises(InvalidTransition) as refused:  # a draft is not decided
        services.move_application(application, actor=tenant_a.user(R.GLADIATOR), to_status="awarded")
    assert "draft" in str(refused.value)
    services.move_application(application, actor=nav, to_status="submitted")
    with pytest.raises(PermissionDenied):  # the funder's answer is recorded by Gladiator and up
        services.move_application(application, actor=nav, to_status="awarded")
    services.move_application(application, actor=nav, to_status="withdrawn")
    with pytest.raises(InvalidTransition):
        services.move_application(application, actor=nav, to_status="submitted")
    with pytest.raises(GrantInvalid):  # a closed application takes no more documents
        services.attach_application_document(application, actor=nav, upload=pdf())
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.decided_at is None
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"funder": ""}, "funder"),
        ({"currency": "euro"}, "three-letter"),
        ({"amount": Decimal("-5")}, "0 or more"),
        ({"url": "ftp://example.com"}, "http"),
        ({"category": "nope"}, "category"),
    ],
)
def test_a_bad_grant_is_refused_and_nothing_saved(tenant_a, fields, message):
    with pytest.raises(GrantInvalid) as refused:
        make_grant(tenant_a, **fields)
    assert message in str(refused.value)
    assert not Grant.objects.exists()


def test_applications_respect_the_amount_and_the_deadline(tenant_a):
    nav = tenant_a.user(R.NAVIGATOR)
    grant = make_grant(tenant_a, amount=Decimal("1000"))
    with pytest.raises(GrantInvalid, match="more than the grant gives"):
        services.apply_for_grant(grant, actor=nav, requested_amount=2000)
    with pytest.raises(GrantInvalid):
        services.apply_for_grant(grant, actor=nav, requested_amount="lots")
    closed = make_grant(tenant_a, "Closed fund", days=-1)
    with pytest.raises(GrantInvalid, match="has passed"):
        services.apply_for_grant(closed, actor=nav, requested_amount=10)
    draft = services.apply_for_grant(grant, actor=nav, requested_amount=10)
    Grant.objects.filter(pk=grant.pk).update(deadline=local_today(grant) - datetime.timedelta(days=1))
    draft.grant.refresh_from_db()
    with pytest.raises(GrantInvalid, match="has passed"):  # submitting after the deadline
        services.move_application(draft, actor=nav, to_status="submitted")
    draft.refresh_from_db()
    assert draft.status == "draft" and GrantApplication.objects.count() == 1


def test_another_organization_reads_only_public_grants_and_no_applications(tenant_a, tenant_b):
    grant = make_grant(tenant_a)
    public = make_grant(tenant_a, "Open call", is_public=True)
    services.apply_for_grant(grant, actor=tenant_a.user(R.NAVIGATOR), requested_amount=10)
    outsider = tenant_b.user(R.GLADIATOR)
    assert list(Grant.objects.visible_to(outsider)) == [public]
    assert not GrantApplication.objects.visible_to(outsider).exists()
    with pytest.raises(PermissionDenied):  # a public grant is read, not applied for, by outsiders
        services.apply_for_grant(public, actor=outsider, requested_amount=10)


# --- deadline reminders ----------------------------------------------------------------------------
def _nine_in_berlin(tenant, days_ahead=1):
    """09:00 Berlin time on a day after today (so the grants are still open whenever the test runs)."""
    tenant.org.timezone = "Europe/Berlin"
    tenant.org.save()
    day = local_today(tenant.workspace) + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo("Europe/Berlin")), day


def test_the_nine_oclock_run_reminds_owners_and_applicants_once_per_grant_and_day(tenant_a, tenant_b):
    now, day = _nine_in_berlin(tenant_a)
    nav, boss, raider = tenant_a.user(R.NAVIGATOR), tenant_a.user(R.GLADIATOR), tenant_a.user(R.RAIDER)
    week = make_grant(tenant_a, "Touring fund", deadline=day + datetime.timedelta(days=7))
    fortnight = make_grant(tenant_a, "Green stages", deadline=day + datetime.timedelta(days=14))
    make_grant(tenant_a, "Far off", deadline=day + datetime.timedelta(days=10))  # not a reminder day
    services.apply_for_grant(week, actor=nav, requested_amount=10)
    withdrawn = services.apply_for_grant(fortnight, actor=nav, requested_amount=10)
    services.move_application(withdrawn, actor=nav, to_status="withdrawn")  # no longer working on it

    send_daily_reminders(now)
    reminders = Notification.objects.filter(kind="resources.grant_deadline")
    got = sorted((n.recipient.username, n.title) for n in reminders)
    assert got == sorted(
        [
            (boss.username, "“Touring fund”: the deadline is in 7 days"),
            (nav.username, "“Touring fund”: the deadline is in 7 days"),
            (boss.username, "“Green stages”: the deadline is in 14 days"),
        ]
    )
    assert not reminders.filter(recipient=raider).exists()
    assert reminders.get(recipient=nav).url == f"/resources/grant/{week.pk}/"

    send_daily_reminders(now)  # the hourly beat again, or a retry: nothing twice
    send_daily_reminders(now + datetime.timedelta(minutes=30))
    assert reminders.count() == 3
    send_daily_reminders(now + datetime.timedelta(hours=1))  # 10:00 in Berlin: not due
    assert reminders.count() == 3

    next_week = now + datetime.timedelta(days=6)  # the day before the deadline
    assert send_grant_reminders(tenant_a.org, day + datetime.timedelta(days=6))
    send_daily_reminders(next_week)
    tomorrow = reminders.filter(title="“Touring fund”: the deadline is tomorrow")
    assert sorted(tomorrow.values_list("recipient__username", flat=True)) == sorted([boss.username, nav.username])
    assert not Notification.objects.filter(recipient__in=list(tenant_b.users.values())).exists()


def test_no_reminder_for_someone_who_left_the_organization(tenant_a):
    from django.utils import timezone

    from dragonfly.tenancy.models import Membership

    now, day = _nine_in_berlin(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    make_grant(tenant_a, deadline=day + datetime.timedelta(days=1), owner=raider)
    Membership.objects.filter(user=raider).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    send_daily_reminders(now)
    assert not Notification.objects.filter(kind="resources.grant_deadline").exists()
