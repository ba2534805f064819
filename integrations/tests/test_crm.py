"""An org admin connects HubSpot; companies and contacts are pushed (created once, then updated,
only when changed, contact ↔ company associated) and new deals become concept productions in the
picked workspace, each once; against a local stub of HubSpot's CRM API."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from finance import services as finance
from integrations.crm import services as crm
from integrations.crm.tasks import sync_all_crm, sync_crm
from integrations.crypto import seal
from integrations.models import Connection, CrmRecord, CrmState, Kind
from productions.models import Production, ProductionStatus

from .hubspot_stub import GOOD_TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def connected(tenant_a, login, hubspot_api, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    response = committed(client.post, reverse("integrations:crm_connect"), {"access_token": GOOD_TOKEN})
    assert response.status_code == 302
    return Connection.objects.get(organization=tenant_a.org, kind=Kind.CRM)


def posts(stub, prefix):
    return [(m, p) for m, p, _b in stub.requests if p.startswith(prefix) and m != "GET"]


def test_connecting_stores_the_token_encrypted_and_tests_it(tenant_a, login, hubspot_api, connected):
    assert connected.is_connected and connected.key_hint == GOOD_TOKEN[-4:]
    assert GOOD_TOKEN not in connected.secrets
    assert ("GET", "/crm/v3/objects/companies", {}) in hubspot_api.requests
    assert connected.last_success_at is not None and connected.last_error == ""
    body = login(tenant_a.user(Role.PHANTOM)).get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="crm-connection"' in body and GOOD_TOKEN not in body and "Sync now" in body


def test_a_refused_token_shows_hubspots_message(tenant_a, login, hubspot_api, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    committed(client.post, reverse("integrations:crm_connect"), {"access_token": "pat-na1-wrong"})
    connection = Connection.objects.get(kind=Kind.CRM)
    assert "HubSpot refused the access token" in connection.last_error
    assert "Authentication credentials not found" in connection.last_error
    assert "HubSpot refused the access token" in client.get(reverse("integrations:connections")).content.decode()


def test_bad_input_is_refused_and_changes_nothing(tenant_a, login, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    response = committed(client.post, reverse("integrations:crm_connect"), {"access_token": "sk_live_nope"})
    assert response.status_code == 400 and "does not look like" in response.content.decode()
    assert committed(client.post, reverse("integrations:crm_connect"), {}).status_code == 400
    assert not Connection.objects.exists()


def test_saved_companies_and_contacts_are_pushed_once_then_updated(tenant_a, hubspot_api, connected, committed):
    gladiator = tenant_a.user(Role.GLADIATOR)
    company = committed(
        finance.create_company, actor=gladiator, workspace=tenant_a.workspace, name="Festival Ltd", kind="client"
    )
    committed(finance.save_contact, company, actor=gladiator, name="Ada Lovelace", email="ada@festival.test")
    companies, contacts = hubspot_api.objects["companies"], hubspot_api.objects["contacts"]
    assert [c["name"] for c in companies.values()] == ["Festival Ltd"]
    assert [(c["firstname"], c["lastname"], c["email"]) for c in contacts.values()] == [
        ("Ada", "Lovelace", "ada@festival.test")
    ]
    company_id = CrmRecord.objects.get(object_type="company", object_id=company.pk).remote_id
    contact_id = CrmRecord.objects.get(object_type="contact").remote_id
    assert hubspot_api.associations == [(contact_id, company_id)]

    # A change updates the same objects; an unchanged company is not sent again.
    committed(finance.update_company, company, actor=gladiator, phone="+49 30 1234")
    assert len(companies) == 1 and companies[company_id]["phone"] == "+49 30 1234"
    assert ("PATCH", f"/crm/v3/objects/companies/{company_id}") in posts(hubspot_api, "/crm/v3/objects/companies")
    before = len(hubspot_api.requests)
    committed(sync_crm.delay, connected.pk)
    assert len(hubspot_api.requests) == before  # nothing changed; no deals workspace: no pull
    state = CrmState.objects.get(connection=connected)
    assert state.last_push_at is not None and state.last_sync_error == ""


def test_the_periodic_sync_pushes_what_was_saved_before_connecting(tenant_a, hubspot_api, login, committed):
    gladiator = tenant_a.user(Role.GLADIATOR)
    finance.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Old Client", kind="client")
    committed(
        login(tenant_a.user(Role.PHANTOM)).post, reverse("integrations:crm_connect"), {"access_token": GOOD_TOKEN}
    )
    assert hubspot_api.objects["companies"] == {}
    assert sync_all_crm() == 1
    assert [c["name"] for c in hubspot_api.objects["companies"].values()] == ["Old Client"]


def test_new_deals_become_concept_productions_once(tenant_a, login, hubspot_api, connected, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    hubspot_api.add_deal("Before picking", created=datetime.now(UTC) - timedelta(days=1))
    url = reverse("integrations:crm_deals_workspace", args=[connected.pk])
    assert client.post(url, {"workspace": tenant_a.other_workspace.pk}).status_code == 302
    later = datetime.now(UTC) + timedelta(seconds=5)
    hubspot_api.add_deal("Summer Festival 2027", amount="12500.50", closedate="2027-07-01T00:00:00Z", created=later)
    hubspot_api.add_deal("Winter Gala", created=later + timedelta(seconds=1))
    assert committed(client.post, reverse("integrations:crm_sync", args=[connected.pk])).status_code == 302
    made = Production.objects.filter(workspace=tenant_a.other_workspace).order_by("name")
    assert [(p.name, p.status) for p in made] == [
        ("Summer Festival 2027", ProductionStatus.CONCEPT),
        ("Winter Gala", ProductionStatus.CONCEPT),
    ]
    summer = made[0]
    assert str(summer.start_date) == "2027-07-01" and "12500.50" in summer.description
    committed(client.post, reverse("integrations:crm_sync", args=[connected.pk]))
    assert Production.objects.filter(workspace=tenant_a.other_workspace).count() == 2
    assert CrmState.objects.get().last_pull_at is not None


def test_a_workspace_of_another_organization_is_refused(tenant_a, tenant_b, login, connected):
    client = login(tenant_a.user(Role.PHANTOM))
    url = reverse("integrations:crm_deals_workspace", args=[connected.pk])
    response = client.post(url, {"workspace": tenant_b.workspace.pk}, follow=True)
    assert "Pick a workspace of this organization." in response.content.decode()
    assert CrmState.objects.get().deals_workspace is None


def test_a_refusal_during_sync_is_shown_on_the_card(tenant_a, login, hubspot_api, connected, committed):
    finance.create_company(actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, name="X", kind="client")
    Connection.objects.filter(pk=connected.pk).update(secrets=seal({"access_token": "pat-na1-revoked"}))
    committed(sync_crm.delay, connected.pk)
    assert "HubSpot refused the access token" in CrmState.objects.get().last_sync_error
    page = login(tenant_a.user(Role.PHANTOM)).get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="crm-sync-error"' in page


def test_only_the_org_admin_manages_the_crm(tenant_a, tenant_b, login, hubspot_api, connected):
    routes = ["check", "crm_sync", "crm_deals_workspace"]
    member = login(tenant_a.user(Role.GLADIATOR))
    for name in routes:
        assert member.post(reverse(f"integrations:{name}", args=[connected.pk])).status_code == 403
    assert member.post(reverse("integrations:crm_connect"), {"access_token": GOOD_TOKEN}).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    for name in routes:
        assert other.post(reverse(f"integrations:{name}", args=[connected.pk])).status_code == 404
    assert not CrmState.objects.exclude(deals_workspace=None).exists()


def test_other_organizations_companies_are_not_pushed(tenant_a, tenant_b, hubspot_api, connected, committed):
    committed(
        finance.create_company,
        actor=tenant_b.user(Role.GLADIATOR),
        workspace=tenant_b.workspace,
        name="Bravo Secret",
        kind="client",
    )
    committed(sync_crm.delay, connected.pk)
    assert hubspot_api.objects["companies"] == {}
    assert crm.crm_connection(tenant_b.org.pk) is None


def test_a_contact_already_in_hubspot_by_email_is_updated_not_duplicated(tenant_a, hubspot_api, connected, committed):
    hubspot_api.objects["contacts"]["777"] = {"email": "ada@festival.test", "firstname": "A."}
    gladiator = tenant_a.user(Role.GLADIATOR)
    company = finance.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Festival Ltd", kind="client")
    committed(finance.save_contact, company, actor=gladiator, name="Ada Lovelace", email="ada@festival.test")
    assert list(hubspot_api.objects["contacts"]) == ["777"]
    assert hubspot_api.objects["contacts"]["777"]["firstname"] == "Ada"
    assert CrmRecord.objects.get(object_type="contact").remote_id == "777"


def test_test_connection_from_the_page_and_the_api_asks_hubspot(tenant_a, login, hubspot_api, connected, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    hubspot_api.requests.clear()
    assert committed(client.post, reverse("integrations:check", args=[connected.pk])).status_code == 302
    checked = committed(client.post, reverse("integration-connection-check", args=[connected.pk]))
    assert checked.status_code == 202 and checked.json()["kind"] == "crm" and checked.json()["last_error"] == ""
    assert [r[:2] for r in hubspot_api.requests] == [("GET", "/crm/v3/objects/companies")] * 2


def test_a_saved_companys_push_is_written_with_the_save_so_a_broker_outage_loses_none(tenant_a, connected):
    """The push's intent is an outbox row in the save's own transaction: there before any commit (a broker
    that is down then loses nothing; the relay sends it later), and gone with a save that rolls back."""
    from django.db import transaction

    from dragonfly.notifications.models import OutboxMessage

    gladiator = tenant_a.user(Role.GLADIATOR)
    pushes = OutboxMessage.objects.filter(task_name="integrations.crm.tasks.push_company")
    company = finance.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Festival Ltd", kind="client")
    assert list(pushes.values_list("args", flat=True)) == [[connected.pk, company.pk]]
    with pytest.raises(RuntimeError), transaction.atomic():
        finance.create_company(actor=gladiator, workspace=tenant_a.workspace, name="Never Saved", kind="client")
        raise RuntimeError("the save fails after the company was written")
    assert pushes.count() == 1
