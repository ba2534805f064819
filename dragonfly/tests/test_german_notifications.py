"""Each recipient reads a notification in their own language, whoever acted: an English-speaking
user (or a nightly task) makes the move, a German-speaking recipient gets German in the app and in
the mail's subject. One notification per module; the English wording is asserted by the modules."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from dragonfly.accounts.models import Profile
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_inline():
    """Run the Celery tasks (the mail) in-process even when REDIS_URL points at a broker."""
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def speaks(user, language):
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    user.email = f"{user.username}@acme.test"
    user.save(update_fields=["email"])
    return user


def title_of(user, kind):
    return Notification.objects.get(recipient=user, kind=kind).title


def subject_to(user):
    return [m.subject for m in mail.outbox if m.to == [user.email]]


def test_advancing_the_submitter_reads_the_decision_in_german(tenant_a, django_capture_on_commit_callbacks):
    from advancing import services
    from advancing.models import AdvanceStatus
    from advancing.tests.helpers import make_advance

    submitter = speaks(tenant_a.user(Role.DEVIATOR), "de")
    approver = speaks(tenant_a.user(Role.GLADIATOR), "en")
    advance = make_advance(tenant_a, AdvanceStatus.SUBMITTED)
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.approve_advance(advance, actor=approver)
    title = title_of(submitter, "advance.decided")
    assert title.startswith(f"Ihr Advance #{advance.pk} (") and title.endswith(") wurde freigegeben")
    assert subject_to(submitter) and all("wurde freigegeben" in s for s in subject_to(submitter))


def test_productions_a_german_team_member_reads_the_phase_move_in_german(tenant_a, django_capture_on_commit_callbacks):
    from productions.models import ProductionStatus, TeamMember
    from productions.services import move_production
    from productions.tests.helpers import make_production

    member = speaks(tenant_a.user(Role.DEVIATOR), "de")
    english = speaks(tenant_a.user(Role.AVIATOR), "en")
    production = make_production(tenant_a, name="Aurora", production_manager=english)
    TeamMember.objects.create(production=production, user=member)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        move_production(
            production, actor=tenant_a.user(Role.GLADIATOR), to_status=ProductionStatus.PLANNING, note="Budget in"
        )
    assert title_of(member, "production.phase") == "Aurora ist jetzt in der Phase „Planung“"
    assert title_of(english, "production.phase") == "Aurora is now in planning"  # the other reader: English


def test_events_a_german_manager_reads_the_critical_incident_alert_in_german(
    tenant_a, django_capture_on_commit_callbacks
):
    from events.services import report_incident
    from productions.tests.helpers import make_event, make_production

    manager = speaks(tenant_a.user(Role.GLADIATOR), "de")
    event = make_event(tenant_a, "Aurora night 1", production=make_production(tenant_a, production_manager=manager))
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        report_incident(
            event,
            actor=speaks(tenant_a.user(Role.DEVIATOR), "en"),
            title="Crowd crush at barrier",
            description="Two fans pulled out.",
            severity="critical",
            category="medical",
        )
    assert title_of(manager, "incident.critical").startswith("Kritischer Vorfall")
    assert subject_to(manager) and all(s.count("Kritischer Vorfall") == 1 for s in subject_to(manager))


def test_people_a_german_crew_member_reads_the_certificate_warning_in_german(tenant_a):
    from people.tasks import check_certification_expiry
    from people.tests.helpers import make_cert, make_person

    member = speaks(tenant_a.user(Role.RAIDER), "de")
    ana = make_person(tenant_a.workspace, "Ana", "Lopez", user=member)
    today = datetime.date(2027, 6, 1)
    make_cert(ana, "forklift", expires_on=today + datetime.timedelta(days=30), name="Forklift B")
    with translation.override("en"):  # the nightly task runs in the site's language
        check_certification_expiry(today)
    note = Notification.objects.get(recipient=member, kind="people.certificate_expiry")
    assert note.title.startswith("Ihr Zertifikat Forklift B") and "expires" not in note.title
    assert "expires on" not in note.body


def test_assets_a_german_manager_reads_the_maintenance_due_notice_in_german(
    tenant_a, django_capture_on_commit_callbacks
):
    from assets.services import add_maintenance_schedule, open_due_maintenance
    from assets.tests.helpers import make_asset

    manager = speaks(tenant_a.user(Role.GLADIATOR), "de")
    asset = make_asset(tenant_a.workspace, "RG-001", "Chain hoist", "Rigging")
    add_maintenance_schedule(
        asset, actor=manager, kind="inspection", every_days=90, manager=manager, last_done_on=datetime.date(2027, 1, 1)
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        open_due_maintenance(datetime.date(2027, 4, 1))
    title = title_of(manager, "assets.maintenance_due")
    assert title.endswith(" fällig: RG-001 Chain hoist") and "due" not in title


def test_finance_each_approver_reads_the_waiting_order_in_their_language(tenant_a, django_capture_on_commit_callbacks):
    from finance import services
    from finance.tests.helpers import make_budget, make_vendor

    german, english = speaks(tenant_a.user(Role.AVIATOR), "de"), speaks(tenant_a.user(Role.PHANTOM), "en")
    budget = make_budget(tenant_a)
    po = services.create_purchase_order(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        vendor=make_vendor(tenant_a),
        production=budget.production,
        budget_line=budget.lines.get(category="Technical"),
        lines=({"description": "PA hire", "quantity": 1, "unit_price": "4000.00", "tax_rate": "20"},),
    )
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.submit_purchase_order(po, actor=speaks(tenant_a.user(Role.GLADIATOR), "en"))
    assert title_of(german, "purchase_order.approval").endswith("wartet auf Freigabe")
    assert title_of(english, "purchase_order.approval").endswith("waits for approval")
    assert subject_to(german) and all("wartet auf Freigabe" in s for s in subject_to(german))
