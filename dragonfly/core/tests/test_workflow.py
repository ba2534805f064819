"""The transition engine's words and table, read the same way by every status model."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from dragonfly.activity.services import record_activity
from dragonfly.core.events import capture, publish, subscribe, unsubscribe
from dragonfly.core.workflow import Workflow
from dragonfly.tenancy.models import Organization

TABLE = {"draft": {"submitted", "cancelled"}, "submitted": {"approved", "rejected"}, "approved": set()}


def workflow():
    wf = Workflow(
        "advance",
        TABLE,
        states={"draft": "a draft", "approved": "already approved"},
        moves={"rejected": "rejected", "approved": "approved"},
        perms={"approved": "advancing.approve_advance"},
    )
    return wf


class Row:
    """A stand-in object with a status (the words need no model)."""

    _meta = Organization._meta
    pk = 0

    def __init__(self, status):
        self.status = status


@pytest.mark.django_db
def test_a_refused_move_reads_one_way():
    wf = workflow()
    assert wf.refusal(Row("approved"), "rejected") == "This advance is already approved; it can't be rejected."
    assert wf.refusal(Row("approved"), "approved") == "This advance is already approved."
    assert wf.refusal(Row("draft"), "approved") == "This advance is a draft; it can't be approved."
    assert wf.refusal(Row("submitted"), "cancelled") == "This advance is submitted; it can't be moved to cancelled."


@pytest.mark.django_db
def test_the_refusal_names_who_moved_it_last_when_that_was_someone_else():
    org = Organization.objects.create(name="Northstar", slug="ns", timezone="America/New_York")
    org.status = "approved"
    dana = get_user_model().objects.create(username="dana", first_name="Dana", last_name="Reyes")
    sam = get_user_model().objects.create(username="sam")
    with transaction.atomic():
        record_activity(org, actor=dana, verb="advance.approved", from_state="submitted", to_state="approved")
    message = workflow().refusal(org, "rejected", actor=sam)
    assert message.startswith("This advance is already approved; it can't be rejected. Dana Reyes changed it at ")
    assert workflow().refusal(org, "rejected", actor=dana) == "This advance is already approved; it can't be rejected."


def test_the_table_answers_what_may_move_where():
    wf = workflow()
    assert wf.can_move("draft", "submitted") and not wf.can_move("approved", "rejected")
    assert wf.allowed("approved") == set()
    assert wf.perm_for("approved") == "advancing.approve_advance" and wf.perm_for("rejected") is None


@pytest.mark.django_db(transaction=True)
def test_events_reach_after_commit_subscribers_only_when_the_change_commits():
    heard = []

    def listener(event):
        heard.append(event.name)

    subscribe("thing.*")(listener)
    org = Organization.objects.create(name="Northstar", slug="ns2")
    try:
        with capture() as published:
            with transaction.atomic():
                publish("thing.done", org)
            try:
                with transaction.atomic():
                    publish("thing.undone", org)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        assert [e.name for e in published] == ["thing.done", "thing.undone"]
        assert heard == ["thing.done"]  # the rolled-back change told no one
    finally:
        unsubscribe(listener)


@pytest.mark.django_db
def test_an_in_transaction_subscriber_can_refuse_the_change():
    from dragonfly.core.errors import DomainError

    def refuse(event):
        raise DomainError("Over budget.")

    subscribe("thing.approved", in_transaction=True)(refuse)
    org = Organization.objects.create(name="Northstar", slug="ns3")
    try:
        with pytest.raises(DomainError), transaction.atomic():
            Organization.objects.filter(pk=org.pk).update(name="Changed")
            publish("thing.approved", org)
        assert Organization.objects.get(pk=org.pk).name == "Northstar"
    finally:
        unsubscribe(refuse)


@pytest.mark.django_db
def test_a_quiet_bulk_load_keeps_the_rules_but_tells_no_one(django_capture_on_commit_callbacks):
    from dragonfly.core.events import quietly
    from dragonfly.notifications.models import Notification, OutboxMessage
    from dragonfly.notifications.services import notify
    from dragonfly.testing.factories import make_user

    heard, checked = [], []
    listener = subscribe("thing.*")(heard.append)
    rule = subscribe("thing.*", in_transaction=True)(checked.append)
    org = Organization.objects.create(name="Northstar", slug="ns4")
    dana = make_user("dana", email="dana@example.com")
    try:
        with django_capture_on_commit_callbacks(execute=True), quietly(), transaction.atomic():
            publish("thing.done", org)
            notify([dana], kind="general", title="Doors at six", dedupe_key="doors")
        assert [e.name for e in checked] == ["thing.done"]  # the business rules still ran
        assert heard == []  # after-commit side effects did not
        assert not OutboxMessage.objects.exists()  # and nothing was queued to mail
        assert not Notification.objects.exists()  # nor anyone told in the app (notify() is quiet too)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            publish("thing.redone", org)
        assert [e.name for e in heard] == ["thing.redone"]  # loud again after the block
    finally:
        unsubscribe(listener)
        unsubscribe(rule)
