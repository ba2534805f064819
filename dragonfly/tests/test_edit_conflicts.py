"""Edit conflicts: two people editing one row never silently overwrite each other.

Every edit form carries the version it was opened on; a save on a stale version is refused with who
changed what, the input kept, and "Reload" or "Save anyway". The API answers an ETag on a detail,
refuses a stale If-Match with 412 and a stale body `version` with 409, and updates as before without them.
"""

import re
from decimal import Decimal

import pytest
from django.test import Client

from dragonfly.core.versioning import StaleEdit, expecting
from dragonfly.tenancy.roles import Role
from productions import services as production_services
from productions.models import Production, Task
from productions.tests.helpers import make_production

pytestmark = pytest.mark.django_db
R = Role


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def hidden_version(html):
    return int(re.search(r'name="row_version" value="(\d+)"', html).group(1))


def make_task(tenant, **fields):
    production = make_production(tenant)
    return Task.objects.create(production=production, title="Rig the stage", **fields)


# --- the task form ---------------------------------------------------------------------------------------
def task_post(version, **fields):
    data = {"title": "Rig the stage", "assignee": "", "due_date": "", "priority": "medium", "description": ""}
    data.update(fields)
    data["row_version"] = str(version)
    return data


def test_a_stale_task_form_is_refused_with_who_changed_what_and_save_anyway_reapplies(tenant_a):
    task = make_task(tenant_a)
    dana, bo = tenant_a.user(R.GLADIATOR), tenant_a.user(R.PHANTOM)
    dana.first_name, dana.last_name = "Dana", "Reyes"
    dana.save()
    a, b = client_for(dana), client_for(bo)
    url = f"/productions/task/{task.pk}/edit/"
    opened_a, opened_b = hidden_version(a.get(url).text), hidden_version(b.get(url).text)
    assert opened_a == opened_b == 1

    assert a.post(url, task_post(opened_a, title="Rig the main stage")).status_code == 302

    response = b.post(url, task_post(opened_b, description="Bring the spare truss", priority="high"))
    assert response.status_code == 409
    page = response.text
    assert "Dana Reyes changed this task after you opened it (Title)" in page
    assert "Bring the spare truss" in page  # Bo's input is still in the form
    assert 'name="overwrite_version" value="2"' in page and "Save anyway" in page
    assert f'href="{url}"' in page  # Reload: the form as it is now, Bo's input discarded
    task.refresh_from_db()
    assert (task.title, task.description, task.version) == ("Rig the main stage", "", 2)

    # Save anyway: Bo's input, re-applied on the version Dana saved.
    data = task_post(opened_b, description="Bring the spare truss", priority="high")
    data["overwrite_version"] = "2"
    assert b.post(url, data).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.description, task.priority, task.version) == (
        "Rig the stage",
        "Bring the spare truss",
        "high",
        3,
    )

    # Reload shows the version the form now carries.
    assert hidden_version(a.get(url).text) == 3


def test_a_fresh_task_form_saves_as_before(tenant_a):
    task = make_task(tenant_a)
    client = client_for(tenant_a.user(R.GLADIATOR))
    url = f"/productions/task/{task.pk}/edit/"
    assert client.post(url, task_post(1, title="Load in")).status_code == 302
    assert client.post(url, task_post(2, title="Load out")).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Load out", 3)


def test_another_organization_and_a_role_that_may_not_edit_never_reach_the_version_check(tenant_a, tenant_b):
    task = make_task(tenant_a)
    url = f"/productions/task/{task.pk}/edit/"
    assert client_for(tenant_b.user(R.PHANTOM)).post(url, task_post(0, title="x")).status_code == 404
    assert client_for(tenant_a.user(R.PASSENGER)).post(url, task_post(0, title="x")).status_code == 403
    task.refresh_from_db()
    assert (task.title, task.version) == ("Rig the stage", 1)


# --- the task API ----------------------------------------------------------------------------------------
def test_the_task_api_answers_an_etag_and_honours_if_match_and_a_body_version(tenant_a):
    task = make_task(tenant_a)
    dana, bo = tenant_a.user(R.GLADIATOR), tenant_a.user(R.PHANTOM)
    a, b = client_for(dana), client_for(bo)
    url = f"/api/tasks/{task.pk}/"

    response = a.get(url)
    assert response.status_code == 200 and response["ETag"] == '"v1"' and response.json()["version"] == 1

    response = a.patch(url, {"title": "Rig the main stage"}, content_type="application/json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 200 and response["ETag"] == '"v2"' and response.json()["version"] == 2

    response = b.patch(url, {"priority": "high"}, content_type="application/json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "precondition_failed" and response["ETag"] == '"v2"'
    assert body["changed_fields"] == ["title"] and body["version"] == 2 and body["your_version"] == 1
    assert [person["id"] for person in body["changed_by"]] == [dana.pk]
    assert "changed this task after you opened it" in body["detail"]

    response = b.patch(url, {"priority": "high", "version": 1}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "stale_edit"
    assert response.json()["changed_fields"] == ["title"]
    task.refresh_from_db()
    assert (task.priority, task.version) == ("medium", 2)

    response = b.patch(url, {"priority": "high"}, content_type="application/json", HTTP_IF_MATCH='"v2"')
    assert response.status_code == 200 and response.json()["priority"] == "high"
    response = b.patch(url, {"priority": "low"}, content_type="application/json")  # no condition: as before
    assert response.status_code == 200 and response.json()["version"] == 4
    assert b.patch(url, {"priority": "low"}, content_type="application/json", HTTP_IF_MATCH="*").status_code == 200
    response = b.patch(url, {"priority": "low"}, content_type="application/json", HTTP_IF_MATCH='W/"v4"')
    assert response.status_code == 412  # If-Match compares strongly: a weak tag never matches


def test_the_api_version_check_comes_after_who_may_see_and_who_may_act(tenant_a, tenant_b):
    task = make_task(tenant_a)
    url = f"/api/tasks/{task.pk}/"
    stale = {"content_type": "application/json", "HTTP_IF_MATCH": '"v9"'}
    assert client_for(tenant_b.user(R.PHANTOM)).patch(url, {"title": "x"}, **stale).status_code == 404
    assert client_for(tenant_a.user(R.PASSENGER)).patch(url, {"title": "x"}, **stale).status_code == 403
    assert client_for(tenant_a.user(R.PHANTOM)).get(url, HTTP_IF_MATCH='"v9"').status_code == 200


# --- a production ----------------------------------------------------------------------------------------
def production_post(production, version, **fields):
    data = {
        "name": production.name,
        "code": "",
        "type": production.type,
        "start_date": "",
        "end_date": "",
        "venue": "",
        "production_manager": "",
        "tags": "",
        "description": "",
        "row_version": str(version),
    }
    data.update(fields)
    return data


def test_a_production_form_and_api_refuse_a_stale_edit(tenant_a):
    production = make_production(tenant_a)
    dana, bo = tenant_a.user(R.GLADIATOR), tenant_a.user(R.PHANTOM)
    a, b = client_for(dana), client_for(bo)
    url = f"/productions/{production.pk}/edit/"
    assert hidden_version(b.get(url).text) == 1
    assert a.post(url, production_post(production, 1, code="AUR")).status_code == 302
    response = b.post(url, production_post(production, 1, description="Arena tour"))
    assert response.status_code == 409 and "Code" in response.text and "Arena tour" in response.text

    api = f"/api/productions/{production.pk}/"
    assert a.get(api)["ETag"] == '"v2"'
    response = b.patch(api, {"name": "Aurora"}, content_type="application/json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 412 and response.json()["changed_fields"] == ["code"]
    response = b.patch(api, {"name": "Aurora"}, content_type="application/json", HTTP_IF_MATCH='"v2"')
    assert response.status_code == 200 and response["ETag"] == '"v3"'
    production.refresh_from_db()
    assert (production.name, production.code) == ("Aurora", "AUR")


# --- the core ----------------------------------------------------------------------------------------------
def test_every_save_counts_and_a_stale_expectation_changes_nothing(tenant_a):
    production = make_production(tenant_a)
    gladiator = tenant_a.user(R.GLADIATOR)
    assert production.version == 1
    production.name = "Renamed"
    production.save()
    assert production.version == 2  # read again after the save: the database counted it
    production.save(update_fields=["name"])
    assert Production.objects.get(pk=production.pk).version == 3
    with pytest.raises(StaleEdit) as refused, expecting(production, 2):
        pass  # refused at once: the object as read is already at 3
    assert refused.value.current == 3
    stale = Production.objects.get(pk=production.pk)
    Production.objects.get(pk=production.pk).save()  # someone else saves: 4
    with pytest.raises(StaleEdit), expecting(stale, 3):
        production_services.update_production(stale, actor=gladiator, name="Lost")
    assert Production.objects.get(pk=production.pk).name == "Renamed"


# --- an advance --------------------------------------------------------------------------------------------
def test_an_advance_form_and_api_refuse_a_stale_edit(tenant_a):
    from advancing.tests.helpers import line_post, make_advance, named

    crew = named(tenant_a.user(R.DEVIATOR), "Dana", "Reyes")
    advance = make_advance(tenant_a, submitter=crew)
    tab_one, tab_two = client_for(crew), client_for(crew)
    url = f"/advancing/{advance.pk}/edit/"
    opened = hidden_version(tab_two.get(url).text)
    item = {
        "catalog_item": "",
        "name": "Barricade",
        "description": "",
        "quantity": 20,
        "unit": "Per Unit",
        "unit_cost": "35.50",
    }
    assert (
        tab_one.post(url, {**line_post([item], activation_name="Closing night"), "row_version": opened}).status_code
        == 302
    )

    stale = {**line_post([item], activation_name="Opening night", team_workspace="Site"), "row_version": opened}
    response = tab_two.post(url, stale)
    assert response.status_code == 409
    assert "Dana Reyes changed this advance after you opened it" in response.text
    assert 'value="Site"' in response.text  # the input is kept
    advance.refresh_from_db()
    assert (advance.activation_name, advance.team_workspace) == ("Closing night", "")

    api = f"/api/advancing/{advance.pk}"
    response = tab_one.get(f"/api/advances/{advance.pk}")
    assert response.status_code == 200 and response["ETag"] == f'"v{advance.version}"'
    response = tab_two.patch(
        api, {"team_workspace": "Site"}, content_type="application/json", HTTP_IF_MATCH=f'"v{opened}"'
    )
    assert response.status_code == 412 and "activation_name" in response.json()["changed_fields"]
    response = tab_two.patch(api, {"team_workspace": "Site", "version": opened}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "stale_edit"
    current = f'"v{advance.version}"'
    response = tab_two.patch(api, {"team_workspace": "Site"}, content_type="application/json", HTTP_IF_MATCH=current)
    assert response.status_code == 200 and response.json()["team_workspace"] == "Site"
    assert response["ETag"] == f'"v{advance.version + 1}"'


# --- a budget and an event ---------------------------------------------------------------------------------
def test_a_budget_and_an_event_refuse_a_stale_api_update(tenant_a, tenant_b):
    from finance.tests.helpers import make_budget
    from productions.tests.helpers import make_event

    budget = make_budget(tenant_a)
    aviator, gladiator = client_for(tenant_a.user(R.AVIATOR)), client_for(tenant_a.user(R.GLADIATOR))
    url = f"/api/budgets/{budget.pk}/"
    tag = gladiator.get(url)["ETag"]
    assert (
        aviator.patch(url, {"notes": "Tour leg one"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code
        == 200
    )
    response = gladiator.patch(url, {"notes": "Mine"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 412 and response.json()["changed_fields"] == ["notes"]
    budget.refresh_from_db()
    assert budget.notes == "Tour leg one"
    other = client_for(tenant_b.user(R.PHANTOM))
    assert other.patch(url, {"notes": "x"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code == 404

    event = make_event(tenant_a)
    url = f"/api/events/{event.pk}/"
    tag = gladiator.get(url)["ETag"]
    assert tag == '"v1"'
    assert (
        gladiator.patch(url, {"title": "Doors"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code == 200
    )
    response = aviator.patch(url, {"title": "Load-in"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 412 and response.json()["changed_fields"] == ["title"]
    passenger = client_for(tenant_a.user(R.PASSENGER))
    assert passenger.patch(url, {"title": "x"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code == 403


# --- a race on PostgreSQL --------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_people_saving_the_version_they_read_at_once_one_wins_and_nothing_is_lost():
    from django.db import connection

    from dragonfly.testing.concurrency import at_once, refused, succeeded
    from dragonfly.testing.factories import Tenant, make_member

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    tenant = Tenant("Race")
    task = make_task(tenant)
    editors = [make_member(R.GLADIATOR, tenant.org, tenant.workspace) for _ in range(6)]
    read = [Task.objects.get(pk=task.pk) for _ in editors]  # each opened the form at version 1

    def save(i):
        with expecting(read[i], 1):
            return production_services.update_task(read[i], actor=editors[i], description=f"Edit {i}")

    results = at_once([lambda i=i: save(i) for i in range(len(editors))])
    assert len(succeeded(results)) == 1, results
    assert all(isinstance(r, StaleEdit) and r.current == 2 for r in refused(results)), results
    winner = next(i for i, r in enumerate(results) if not isinstance(r, Exception))
    task.refresh_from_db()
    assert (task.description, task.version) == (f"Edit {winner}", 2)

    # Saves that name no version still count each one: the database adds one per save, none is lost.
    results = at_once([lambda: Task.objects.get(pk=task.pk).save() for _ in range(6)])
    assert not refused(results), results
    task.refresh_from_db()
    assert task.version == 8


# --- a marketplace listing: two people of the seller's workspace edit it at once ---------------------------
def listing_post(listing, version, **fields):
    data = {
        "title": listing.title,
        "kind": listing.kind,
        "category": listing.category,
        "description": listing.description,
        "price": str(listing.price),
        "currency": listing.currency,
        "unit": listing.unit,
        "stock": "" if listing.stock is None else str(listing.stock),
        "available_from": "",
        "available_until": "",
        "status": listing.status,
        "row_version": str(version),
    }
    data.update(fields)
    return data


def test_two_people_editing_one_listing_the_second_is_told_who_changed_the_price(tenant_a, tenant_b):
    from marketplace.tests.helpers import make_listing

    listing = make_listing(tenant_a, price="100.00")
    dana = tenant_a.user(R.GLADIATOR)
    dana.first_name, dana.last_name = "Dana", "Reyes"
    dana.save()
    a, b = client_for(dana), client_for(tenant_a.user(R.PHANTOM))
    url = f"/marketplace/listing/{listing.pk}/edit/"
    opened_a, opened_b = hidden_version(a.get(url).text), hidden_version(b.get(url).text)

    assert a.post(url, listing_post(listing, opened_a, price="120.00")).status_code == 302
    response = b.post(url, listing_post(listing, opened_b, description="Two stacks, flown"))
    assert response.status_code == 409
    assert "Dana Reyes changed this listing after you opened it (Price)" in response.text
    assert "Two stacks, flown" in response.text  # Bo's input is kept
    listing.refresh_from_db()
    assert (listing.price, listing.description) == (Decimal("120.00"), "")

    # Save anyway: Bo re-applies the form on Dana's version (the price Bo's form still shows included).
    data = listing_post(listing, opened_b, description="Two stacks, flown", price="120.00")
    data["overwrite_version"] = str(listing.version)
    assert b.post(url, data).status_code == 302
    listing.refresh_from_db()
    assert (listing.price, listing.description) == (Decimal("120.00"), "Two stacks, flown")

    # The API refuses the same stale edit. A published listing is public: another organization's member
    # sees it but may not edit it (403), as a role of the seller's that may not edit.
    api = f"/api/marketplace/listings/{listing.pk}/"
    response = a.patch(api, {"title": "K2"}, content_type="application/json", HTTP_IF_MATCH=f'"v{opened_a}"')
    assert response.status_code == 412 and "description" in response.json()["changed_fields"]
    stale = {"content_type": "application/json", "HTTP_IF_MATCH": f'"v{opened_a}"'}
    assert client_for(tenant_b.user(R.PHANTOM)).patch(api, {"title": "x"}, **stale).status_code == 403
    assert client_for(tenant_a.user(R.PASSENGER)).patch(api, {"title": "x"}, **stale).status_code == 403
    listing.refresh_from_db()
    assert listing.title == "K2 line array"


# --- a guest list: two managers change one allotment over the API -------------------------------------------
def test_two_managers_changing_one_guest_allotment_the_stale_one_is_refused(tenant_a):
    from guests.tests.helpers import make_allotment
    from productions.tests.helpers import make_event

    allotment = make_allotment(tenant_a, make_event(tenant_a), places=4)
    dana, bo = client_for(tenant_a.user(R.GLADIATOR)), client_for(tenant_a.user(R.PHANTOM))
    url = f"/api/guests/allotments/{allotment.pk}/"
    tag = bo.get(url)["ETag"]
    assert dana.get(url)["ETag"] == tag == '"v1"'

    assert dana.patch(url, {"places": 6}, content_type="application/json", HTTP_IF_MATCH=tag).status_code == 200
    response = bo.patch(url, {"notes": "Side stage"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 412
    assert response.json()["changed_fields"] == ["places"] and response.json()["version"] == 2
    response = bo.patch(url, {"notes": "Side stage", "version": 1}, content_type="application/json")
    assert response.status_code == 409
    allotment.refresh_from_db()
    assert (allotment.places, allotment.notes) == (6, "")

    response = bo.patch(url, {"notes": "Side stage"}, content_type="application/json", HTTP_IF_MATCH='"v2"')
    assert response.status_code == 200 and response["ETag"] == '"v3"'
    allotment.refresh_from_db()
    assert (allotment.places, allotment.notes) == (6, "Side stage")


def test_an_entry_about_the_requests_lazy_workspace_is_stamped_with_its_version(tenant_a):
    """`request.workspace` is a lazy proxy; an activity entry about it (a broadcast to the workspace) once
    crashed reading the version through the proxy's own type."""
    from django.db import transaction
    from django.utils.functional import SimpleLazyObject

    from dragonfly.activity.services import record_activity

    workspace = tenant_a.workspace
    with transaction.atomic():
        entry = record_activity(
            SimpleLazyObject(lambda: workspace), actor=tenant_a.user(R.PHANTOM), verb="broadcast.sent"
        )
    assert entry.data["row_version"] == type(workspace).objects.get(pk=workspace.pk).version
    assert entry.object_id == str(workspace.pk)
