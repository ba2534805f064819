"""A new workspace's finance lists say what each is for and offer the button to start it, only to
the roles that may; a list emptied by a filter offers to clear the filters instead."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def ws_url(tenant, name):
    return reverse(f"finance:{name}", args=[tenant.org.slug, tenant.workspace.slug])


# list → (empty-state title, the action's URL name, its label)
LISTS = {
    "budgets": ("No budgets yet", "new_budget", "New budget"),
    "purchase_orders": ("No purchase orders yet", "new_purchase_order", "New purchase order"),
    "invoices": ("No invoices yet", "new_invoice", "New invoice"),
    "expenses": ("No expenses yet", "new_expense", "Record expense"),
    "companies": ("No companies yet", "new_company", "New company"),
    "rfqs": ("No requests for quote yet", "new_rfq", "New request for quote"),
    "agreements": ("No vendor agreements yet", "new_agreement", "New agreement"),
}


def empty_state(html):
    """The empty-state section of a page ('' when the page has none)."""
    start = html.find('class="card empty empty-state"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


@pytest.mark.parametrize("name", list(LISTS))
def test_a_gladiator_is_told_what_each_empty_list_is_for_and_offered_the_first_step(tenant_a, login, name):
    client = login(tenant_a.user(Role.GLADIATOR))
    title, action, label = LISTS[name]
    response = client.get(ws_url(tenant_a, name))
    assert response.status_code == 200
    section = empty_state(response.content.decode())
    assert title in section
    assert f'href="{ws_url(tenant_a, action)}">{label}</a>' in section


def test_a_navigator_records_expenses_but_is_offered_no_other_finance_button(tenant_a, login):
    client = login(tenant_a.user(Role.NAVIGATOR))
    section = empty_state(client.get(ws_url(tenant_a, "expenses")).content.decode())
    assert f'href="{ws_url(tenant_a, "new_expense")}">Record expense</a>' in section
    assert client.get(ws_url(tenant_a, "budgets")).status_code == 403


def test_a_role_an_admin_narrowed_to_reading_sees_the_empty_states_without_buttons(tenant_a, login):
    # No default role reads a finance list it may not add to, so an admin narrows the Gladiators' group.
    gladiators = Group.objects.get(name=Role.GLADIATOR.group_name)
    gladiators.permissions.remove(
        *Permission.objects.filter(content_type__app_label="finance", codename__startswith="add_")
    )
    client = login(tenant_a.user(Role.GLADIATOR))
    for name, (title, _action, _label) in LISTS.items():
        response = client.get(ws_url(tenant_a, name))
        assert response.status_code == 200, name
        section = empty_state(response.content.decode())
        assert title in section
        assert 'class="btn primary"' not in section, name


@pytest.mark.parametrize(
    "name, query",
    [
        ("budgets", "?q=nothing-like-this"),
        ("purchase_orders", "?q=nothing-like-this"),
        ("invoices", "?q=nothing-like-this"),
        ("expenses", "?status=approved"),
        ("companies", "?q=nothing-like-this"),
        ("rfqs", "?q=nothing-like-this"),
        ("agreements", "?q=nothing-like-this"),
    ],
)
def test_a_list_emptied_by_its_filters_offers_to_clear_them(tenant_a, login, name, query):
    client = login(tenant_a.user(Role.GLADIATOR))
    section = empty_state(client.get(ws_url(tenant_a, name) + query).content.decode())
    assert "Nothing matches these filters" in section
    assert f'href="{ws_url(tenant_a, name)}">Clear filters</a>' in section
