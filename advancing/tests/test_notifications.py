"""Reviewers hear of a submission, the submitter of every decision: after the commit, once."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from advancing import services
from advancing.models import AdvanceStatus
from advancing.notifications import notify_for_entry, reviewers_of
from advancing.tasks import notify_advance_event
from advancing.tests.helpers import history, lines, make_advance
from dragonfly.accounts.models import profile_for
from dragonfly.notifications.models import Notification
from dragonfly.notifications.outbox import relay
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
S = AdvanceStatus
REVIEWERS = {Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR, Role.NAVIGATOR}


@pytest.fixture(autouse=True)
def tasks_run_inline():
    """Run the Celery tasks in-process even when REDIS_URL points at a broker (as in CI)."""
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def with_email(tenant_a):
    for role, user in tenant_a.users.items():
        user.email = f"{Role(role).label.lower()}@acme.test"
        user.save(update_fields=["email"])
    return tenant_a


def test_reviewers_hear_of_a_submission_after_the_commit(with_email, django_capture_on_commit_callbacks):
    tenant = with_email
    advance = make_advance(tenant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_advance(advance, actor=tenant.user(Role.DEVIATOR))
    assert not Notification.objects.exists()  # nothing before the commit
    assert callbacks  # the notifying (and the live pushes: dragonfly/realtime) wait for the commit
    with django_capture_on_commit_callbacks(execute=True):  # the commit: the task runs, queues the emails
        for callback in callbacks:
            callback()

    notes = Notification.objects.select_related("recipient")
    assert {n.recipient for n in notes} == {tenant.user(r) for r in REVIEWERS}
    note = notes.first()
    assert (note.kind, note.trigger, note.action) == (
        "advance.submitted",
        "compvss.advance.submitted",
        "atlvs.advance.review",
    )
    assert f"#{advance.pk}" in note.title and "waiting for review" in note.title
    assert note.workspace == tenant.workspace
    assert sorted(m.to[0] for m in mail.outbox) == sorted(tenant.user(r).email for r in REVIEWERS)


def test_the_submitter_hears_of_the_decision(with_email, django_capture_on_commit_callbacks):
    tenant = with_email
    advance = make_advance(tenant, S.SUBMITTED)
    hands = advance.items.first()
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_advance(
            advance, actor=tenant.user(Role.GLADIATOR), note="Two is enough", approved_quantities={hands.pk: 2}
        )
    note = Notification.objects.get()
    assert note.recipient == tenant.user(Role.DEVIATOR)
    assert (note.kind, note.trigger, note.action) == (
        "advance.decided",
        "atlvs.advance.approved",
        "compvss.advance.notify_status",
    )
    assert note.title.endswith("was approved in part")
    assert "Stagehands: 2 of 4 approved." in note.body and "Two is enough" in note.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [tenant.user(Role.DEVIATOR).email]


@pytest.mark.parametrize(
    "move, trigger",
    [
        (lambda a, t: services.reject_advance(a, actor=t.user(Role.GLADIATOR), note="No"), "atlvs.advance.rejected"),
        (lambda a, t: services.cancel_advance(a, actor=t.user(Role.AVIATOR)), "compvss.advance.cancelled"),
    ],
)
def test_other_decisions_reach_the_submitter(tenant_a, django_capture_on_commit_callbacks, move, trigger):
    advance = make_advance(tenant_a, S.SUBMITTED)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        move(advance, tenant_a)
    assert list(Notification.objects.values_list("recipient", "trigger")) == [
        (tenant_a.user(Role.DEVIATOR).pk, trigger)
    ]


def later(monkeypatch, minutes):
    """The clock `minutes` from now, for the outbox relay that the beat sweep runs every minute."""
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def test_fulfilled_lines_reach_the_submitter_in_one_notification(
    tenant_a, django_capture_on_commit_callbacks, monkeypatch
):
    """Five lines fulfilled within a minute: one notification listing them, once the batch window closes."""
    five = [(f"Line {n}", 1, "10") for n in range(1, 6)]
    advance = make_advance(tenant_a, S.APPROVED, submitter=tenant_a.user(Role.RAIDER), items=lines(*five))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.process_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    for item in advance.items.order_by("id"):
        with django_capture_on_commit_callbacks(execute=True):
            services.record_fulfilment(
                advance, actor=tenant_a.user(Role.NAVIGATOR), item_id=item.pk, quantity_fulfilled=item.quantity
            )
    advance.refresh_from_db()
    assert advance.status == S.FULFILLED
    assert list(Notification.objects.values_list("trigger", flat=True)) == ["atlvs.advance.processed"]

    later(monkeypatch, 4)
    relay()  # the beat sweep: the batch is due
    relay()  # and again: nothing twice
    batch = Notification.objects.get(kind="advance.fulfilment")
    assert batch.recipient == tenant_a.user(Role.RAIDER)
    assert batch.trigger == "compvss.advance.fulfilled" and batch.title.endswith("is fulfilled")
    assert [line for line in batch.body.splitlines() if "fulfilled" in line] == [
        f"Line {n}: 1 of 1 fulfilled." for n in range(1, 6)
    ]


def test_fulfilments_in_later_windows_are_separate_notifications(
    tenant_a, django_capture_on_commit_callbacks, monkeypatch
):
    advance = make_advance(tenant_a, S.APPROVED, submitter=tenant_a.user(Role.RAIDER))
    hands, forklift = advance.items.order_by("id")
    navigator = tenant_a.user(Role.NAVIGATOR)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_fulfilment(advance, actor=navigator, item_id=hands.pk, quantity_fulfilled=2)
        services.record_fulfilment(advance, actor=navigator, item_id=forklift.pk, quantity_fulfilled=1)
    later(monkeypatch, 4)
    relay()
    first = Notification.objects.get(kind="advance.fulfilment")
    assert first.title.endswith("has 2 fulfilments")
    assert "Stagehands: 2 of 4 fulfilled." in first.body and "Forklift: 1 of 2 fulfilled." in first.body
    with django_capture_on_commit_callbacks(execute=True):
        services.record_fulfilment(advance, actor=navigator, item_id=hands.pk, quantity_fulfilled=4)
    later(monkeypatch, 8)
    relay()
    assert Notification.objects.filter(kind="advance.fulfilment").count() == 2


def test_nobody_is_told_of_their_own_action(tenant_a, django_capture_on_commit_callbacks):
    gladiator = tenant_a.user(Role.GLADIATOR)
    advance = make_advance(tenant_a, submitter=gladiator)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_advance(advance, actor=gladiator)
        services.cancel_advance(advance, actor=gladiator)
    assert not Notification.objects.filter(recipient=gladiator).exists()


def test_a_rolled_back_change_notifies_nobody(tenant_a, django_capture_on_commit_callbacks):
    advance = make_advance(tenant_a)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
        raise RuntimeError("the request failed after the service")
    assert callbacks == []
    assert not Notification.objects.exists()
    advance.refresh_from_db()
    assert advance.status == S.DRAFT


def test_a_task_that_runs_twice_delivers_and_emails_once(with_email, django_capture_on_commit_callbacks):
    tenant = with_email
    advance = make_advance(tenant, S.SUBMITTED)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_advance(advance, actor=tenant.user(Role.GLADIATOR), note="Over budget")
    entry = history(advance)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        notify_advance_event(entry.pk)
        notify_advance_event.delay(entry.pk)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_email_respects_the_muted_kinds(with_email, django_capture_on_commit_callbacks):
    tenant = with_email
    deviator = tenant.user(Role.DEVIATOR)
    profile = profile_for(deviator)
    profile.email_muted_kinds = ["advance.decided"]
    profile.save()
    advance = make_advance(tenant, S.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_advance(advance, actor=tenant.user(Role.GLADIATOR))
    assert Notification.objects.filter(recipient=deviator, kind="advance.decided").exists()  # in-app still arrives
    assert mail.outbox == []


def test_reviewers_include_grant_holders_and_leave_out_other_workspaces(tenant_a):
    from guardian.shortcuts import assign_perm

    from dragonfly.testing.factories import make_member

    advance = make_advance(tenant_a, S.SUBMITTED)
    elsewhere = make_member(Role.GLADIATOR, tenant_a.org, tenant_a.other_workspace)
    merchant = tenant_a.user(Role.MERCHANT)
    assign_perm("advancing.approve_advance", merchant, advance)
    people = set(reviewers_of(advance))
    assert people == {tenant_a.user(r) for r in REVIEWERS} | {merchant}
    assert elsewhere not in people


def test_an_entry_that_is_not_an_event_delivers_nothing(tenant_a):
    advance = make_advance(tenant_a)  # only "advance.created"
    assert notify_for_entry(history(advance)[0].pk) == []
    assert notify_for_entry(999999) == []


def test_amounts_in_notifications_read_as_on_the_pages(tenant_a, django_capture_on_commit_callbacks):
    """ "USD 13,750.99", as the advance page shows it, not "13750.99 USD"."""
    advance = make_advance(tenant_a, items=lines(("Line array", 1, "13750.99")))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    submitted = Notification.objects.filter(kind="advance.submitted").first()
    assert "Estimated USD 13,750.99." in submitted.body
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    approved = Notification.objects.get(kind="advance.decided")
    assert "Approved cost USD 13,750.99." in approved.body
