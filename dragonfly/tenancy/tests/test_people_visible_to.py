"""Privacy inside an organization: every "people of the organization" choice list (filters, pickers,
API user fields) reads `people_visible_to`, so nobody is named to a viewer who shares no workspace
with them."""

import pytest
from django.test import RequestFactory

from assets.forms import MaintenanceScheduleForm
from dragonfly.tenancy.access import people_visible_to
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_user
from finance.filters import ExpenseFilter
from people.forms import PersonForm
from productions.filters import MilestoneFilter, ProductionFilter, TaskFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def fay(tenant_a):
    """A crew member of the organization's other workspace only (the Festival)."""
    return make_member(Role.RAIDER, tenant_a.org, tenant_a.other_workspace, user=make_user("festival-fay"))


def test_a_workspace_member_sees_the_people_of_their_workspaces_only(tenant_a, tenant_b, fay):
    gladiator = tenant_a.user(Role.GLADIATOR)
    people = set(people_visible_to(gladiator))
    assert fay not in people
    assert {tenant_a.user(Role.RAIDER), tenant_a.user(Role.PHANTOM), gladiator} <= people
    assert not people & set(tenant_b.users.values())
    assert fay in people_visible_to(tenant_a.user(Role.PHANTOM))  # org-wide: every workspace
    assert not people_visible_to(gladiator, tenant_a.other_workspace).exists()  # not their workspace
    assert set(people_visible_to(fay, tenant_a.other_workspace)) == {fay, tenant_a.user(Role.PHANTOM)}


def _choices(filterset_class, field, user):
    request = RequestFactory().get("/")
    request.user = user
    return set(filterset_class(request=request).form.fields[field].queryset)


@pytest.mark.parametrize(
    "filterset_class, field",
    [
        (ProductionFilter, "production_manager"),
        (TaskFilter, "assignee"),
        (MilestoneFilter, "owner"),
        (ExpenseFilter, "spent_by"),
    ],
)
def test_filters_name_only_people_the_viewer_shares_a_workspace_with(tenant_a, fay, filterset_class, field):
    gladiator = tenant_a.user(Role.GLADIATOR)
    choices = _choices(filterset_class, field, gladiator)
    assert tenant_a.user(Role.RAIDER) in choices and fay not in choices


def test_pickers_name_only_people_of_the_workspace(tenant_a, fay, login):
    phantom = tenant_a.user(Role.PHANTOM)  # sees Fay elsewhere, but these pickers are the Tour's
    login_choices = PersonForm(user=phantom, workspace=tenant_a.workspace).fields["user"].queryset
    manager_choices = MaintenanceScheduleForm(user=phantom, workspace=tenant_a.workspace).fields["manager"].queryset
    for choices in (login_choices, manager_choices):
        assert tenant_a.user(Role.RAIDER) in choices and fay not in choices


def test_the_people_api_refuses_to_link_a_login_from_another_workspace(tenant_a, fay, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    body = {"workspace": tenant_a.workspace.pk, "first_name": "Fay", "user": fay.pk}
    response = client.post("/api/people/", body, content_type="application/json")
    assert response.status_code == 400 and "user" in response.json()["errors"]
    ok = client.post("/api/people/", {**body, "user": tenant_a.user(Role.RAIDER).pk}, content_type="application/json")
    assert ok.status_code == 201, ok.content
