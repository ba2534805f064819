"""The midnight compliance check: status from the dates and one warning per stage to the manager."""

import datetime

import pytest

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from productions.models import ComplianceItem
from productions.services import create_compliance_item, expiry_stage, update_compliance_item
from productions.tasks import check_compliance

from .helpers import make_production

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2027, 3, 1, 0, 5, tzinfo=datetime.UTC)
TODAY = NOW.date()


def run(now=NOW):
    return check_compliance.delay(now.isoformat()).get()


def item(production, days, **fields):
    return ComplianceItem.objects.create(
        production=production,
        title=f"Permit {days}",
        status="approved",
        expires_on=TODAY + datetime.timedelta(days=days),
        **fields,
    )


def test_stages_from_the_expiry_date():
    for days, stage in ((45, None), (30, "30"), (8, "30"), (7, "7"), (0, "7"), (-1, "expired")):
        obj = ComplianceItem(status="approved", expires_on=TODAY + datetime.timedelta(days=days))
        assert expiry_stage(obj, TODAY) == stage, days
    assert expiry_stage(ComplianceItem(status="waived", expires_on=TODAY), TODAY) is None


def test_the_manager_is_warned_at_30_and_7_days_and_on_expiry_once_each(tenant_a, django_capture_on_commit_callbacks):
    manager = tenant_a.user(Role.GLADIATOR)
    production = make_production(tenant_a, production_manager=manager)
    permit = item(production, 20)
    later = item(production, 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 1
        assert run() == 1  # the task runs twice: nothing new
    permit.refresh_from_db()
    later.refresh_from_db()
    assert permit.status == "expiring" and later.status == "approved"
    notes = Notification.objects.filter(recipient=manager, kind="compliance.expiring")
    assert [n.title for n in notes] == [f"Permit 20 expires within 30 days ({production.name})"]
    with django_capture_on_commit_callbacks(execute=True):
        run(NOW + datetime.timedelta(days=14))  # 6 days left
        run(NOW + datetime.timedelta(days=14))
        run(NOW + datetime.timedelta(days=21))  # expired yesterday
        run(NOW + datetime.timedelta(days=22))
    titles = sorted(n.title for n in Notification.objects.filter(kind="compliance.expiring"))
    assert (
        len(titles) == 3 and any("within 7 days" in t for t in titles) and any(t.startswith("Expired") for t in titles)
    )
    permit.refresh_from_db()
    assert permit.status == "expired"


def test_a_renewed_item_is_valid_again_and_warned_afresh(tenant_a, django_capture_on_commit_callbacks):
    manager = tenant_a.user(Role.GLADIATOR)
    production = make_production(tenant_a, production_manager=manager)
    permit = item(production, -3)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    permit.refresh_from_db()
    assert permit.status == "expired"
    update_compliance_item(permit, actor=manager, expires_on=TODAY + datetime.timedelta(days=365), status="approved")
    permit.refresh_from_db()
    assert permit.status == "approved"


def test_without_a_manager_the_owner_or_the_office_hears(tenant_a, django_capture_on_commit_callbacks):
    production = make_production(tenant_a)
    owner = tenant_a.user(Role.NAVIGATOR)
    item(production, 5, owner=owner)
    orphan_production = make_production(tenant_a, "No one")
    item(orphan_production, 5)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert Notification.objects.filter(recipient=owner).count() == 1
    office = {n.recipient for n in Notification.objects.filter(title__contains="No one")}
    assert office == {tenant_a.user(r) for r in (Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR)}


def test_items_are_created_with_their_date_status(tenant_a):
    production = make_production(tenant_a)
    created = create_compliance_item(
        production,
        actor=tenant_a.user(Role.GLADIATOR),
        title="Insurance",
        kind="insurance",
        status="approved",
        expires_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert created.status == "expired"
