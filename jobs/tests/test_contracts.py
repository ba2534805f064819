"""Contracts: a production manager drafts one with a freelancer, sends it; the organization's admin
stores the signed copy and marks it signed; its rate then applies to the freelancer's time and
invoices. Another organization sees none of it, roles that may not act get 403."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import InvalidTransition
from dragonfly.tenancy.roles import Role
from jobs import selectors, services
from jobs.errors import JobsInvalid
from jobs.models import Contract

from .helpers import make_company, make_contract, make_freelancer, make_posting, sign, signed_pdf, today

pytestmark = pytest.mark.django_db
R = Role


def ws_url(tenant, suffix=""):
    return f"/jobs/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def test_a_contract_from_draft_to_signed_and_its_terms(tenant_a, login):
    fran = make_freelancer(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    start = today(tenant_a)
    response = client.post(
        ws_url(tenant_a, "contracts/new/"),
        {
            "title": "Lighting crew chief",
            "person": fran.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=30)).isoformat(),
            "rate": "420.00",
            "rate_unit": "day",
            "currency": "eur",
            "scope": "Run the lighting crew",
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.status, contract.person, contract.currency) == ("draft", fran, "EUR")
    assert response["Location"] == f"/jobs/contract/{contract.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Lighting crew chief" in page and "Fran Lance" in page

    # The Gladiator sends it; signing without the signed document is refused and changes nothing.
    assert client.post(f"/jobs/contract/{contract.pk}/move/sent/").status_code == 302
    client.post(f"/jobs/contract/{contract.pk}/move/signed/")
    contract.refresh_from_db()
    assert contract.status == "sent"
    # The contracts bucket is for organization admins: the Gladiator may not store the signed copy.
    refused = client.post(f"/jobs/contract/{contract.pk}/document/", {"upload": signed_pdf()})
    assert refused.status_code == 403
    contract.refresh_from_db()
    assert contract.document_id is None

    admin = login(tenant_a.user(R.PHANTOM))
    assert admin.post(f"/jobs/contract/{contract.pk}/document/", {"upload": signed_pdf()}).status_code == 302
    assert admin.post(f"/jobs/contract/{contract.pk}/move/signed/").status_code == 302
    contract.refresh_from_db()
    assert contract.status == "signed" and contract.document.bucket == "contracts"
    verbs = list(ActivityEntry.objects.filter(object_id=contract.pk).values_list("verb", flat=True))
    assert {"contract.created", "contract.sent", "contract.document_added", "contract.signed"} <= set(verbs)

    # Its terms are the freelancer's rate while it is in force.
    terms = selectors.terms_on(start + datetime.timedelta(days=2), person=fran)
    assert terms is not None and (terms.rate, terms.rate_unit, terms.currency) == (Decimal("420.00"), "day", "EUR")
    assert selectors.terms_on(start + datetime.timedelta(days=31), person=fran) is None


def test_terms_only_from_signed_or_active_contracts_of_that_party(tenant_a):
    company = make_company(tenant_a)
    draft = make_contract(tenant_a, company=company, rate=Decimal("1000"))
    assert selectors.terms_on(today(tenant_a), company=company) is None
    sign(draft, tenant_a)
    assert selectors.terms_on(today(tenant_a), company=company).contract == draft
    services.move_contract(draft, actor=tenant_a.user(R.GLADIATOR), to_status="active")
    services.move_contract(draft, actor=tenant_a.user(R.GLADIATOR), to_status="terminated")
    assert selectors.terms_on(today(tenant_a), company=company) is None


def test_bad_input_is_refused_and_changes_nothing(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    fran = make_freelancer(tenant_a)
    company = make_company(tenant_a)
    start = today(tenant_a)
    both = client.post(
        ws_url(tenant_a, "contracts/new/"),
        {
            "title": "Both",
            "person": fran.pk,
            "company": company.pk,
            "starts_on": start,
            "rate": "1",
            "rate_unit": "day",
        },
    )
    assert both.status_code == 400 and "exactly one" in both.content.decode()
    backwards = client.post(
        ws_url(tenant_a, "contracts/new/"),
        {
            "title": "Backwards",
            "person": fran.pk,
            "starts_on": start,
            "ends_on": start - datetime.timedelta(days=1),
            "rate": "1",
            "rate_unit": "day",
        },
    )
    assert backwards.status_code == 400 and "before the start date" in backwards.content.decode()
    assert not Contract.objects.exists()

    contract = make_contract(tenant_a)
    services.move_contract(contract, actor=tenant_a.user(R.GLADIATOR), to_status="sent")
    with pytest.raises(JobsInvalid):
        services.update_contract(contract, actor=tenant_a.user(R.GLADIATOR), rate=Decimal("1"))
    with pytest.raises(InvalidTransition):
        services.move_contract(contract, actor=tenant_a.user(R.GLADIATOR), to_status="completed")
    contract.refresh_from_db()
    assert (contract.status, contract.rate) == ("sent", Decimal("400.00"))


def test_editing_a_draft(tenant_a, login):
    contract = make_contract(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    assert client.get(f"/jobs/contract/{contract.pk}/edit/").status_code == 200
    data = {
        "title": "Lighting director",
        "person": contract.person_id,
        "starts_on": contract.starts_on,
        "rate": "450",
        "rate_unit": "day",
        "currency": "EUR",
        "version": contract.version,
    }
    assert client.post(f"/jobs/contract/{contract.pk}/edit/", data).status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.rate) == ("Lighting director", Decimal("450.00"))


@pytest.mark.parametrize("role", [R.NAVIGATOR, R.DEVIATOR, R.RAIDER, R.PASSENGER, R.MERCHANT])
def test_roles_that_may_not_handle_contracts_get_403(tenant_a, login, role):
    contract = make_contract(tenant_a)
    client = login(tenant_a.user(role))
    assert client.get(ws_url(tenant_a, "contracts/new/")).status_code == 403
    assert client.get(ws_url(tenant_a, "contracts/")).status_code == 403
    assert client.post(f"/jobs/contract/{contract.pk}/move/sent/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.move_contract(contract, actor=tenant_a.user(role), to_status="sent")
    contract.refresh_from_db()
    assert contract.status == "draft"


def test_another_organization_gets_404_and_sees_nothing(tenant_a, tenant_b, login):
    contract = make_contract(tenant_a, title="Acme private deal")
    client = login(tenant_b.user(R.PHANTOM))
    assert client.get(f"/jobs/contract/{contract.pk}/").status_code == 404
    assert client.post(f"/jobs/contract/{contract.pk}/move/sent/").status_code == 404
    assert client.get(f"/api/contracts/{contract.pk}/").status_code == 404
    assert client.get("/api/contracts/").json()["results"] == []
    own = client.get(ws_url(tenant_b, "contracts/"))
    assert own.status_code == 200 and "Acme private deal" not in own.content.decode()
    contract.refresh_from_db()
    assert contract.status == "draft"


def test_the_contract_list_pins_its_queries(tenant_a, login, django_assert_max_num_queries):
    for n in range(3):
        make_contract(tenant_a, title=f"Contract {n}", company=make_company(tenant_a, f"Co {n}"))
    client = login(tenant_a.user(R.GLADIATOR))
    client.get(ws_url(tenant_a, "contracts/"))  # warm the caches (access, module switches)
    with django_assert_max_num_queries(20) as counted:
        response = client.get(ws_url(tenant_a, "contracts/"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 3
    baseline = len(counted)
    for n in range(3, 8):
        make_contract(tenant_a, title=f"Contract {n}", person=make_freelancer(tenant_a, last_name=f"L{n}"))
    with django_assert_max_num_queries(baseline) as _more:
        client.get(ws_url(tenant_a, "contracts/"))


def test_search_finds_contracts_and_postings_for_who_may_see_them(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    from search import services as search

    with django_capture_on_commit_callbacks(execute=True):
        contract = make_contract(tenant_a, title="Pyrotechnics supervisor")
        posting = make_posting(tenant_a, title="Pyrotechnics assistant")

    def found(user):
        return {(g.source.key, h.obj.pk) for g in search.search(user, "pyrotechnics", size=20) for h in g.hits}

    assert {("contract", contract.pk), ("job_posting", posting.pk)} <= found(tenant_a.user(R.GLADIATOR))
    assert ("contract", contract.pk) not in found(tenant_a.user(R.NAVIGATOR))
    assert found(tenant_b.user(R.PHANTOM)) == set()
