"""A crew member on a phone advances beyond the plan: what the phone queued offline is sent when it is
back online, maybe twice (a replay after a lost answer). The advance form and the fulfilment recording
(pages and API) take an idempotency key: the same key by the same user makes one advance or records once
and answers the first result again; another user's same key is theirs; a stale edit replayed later is
refused with the edit-conflict message, not applied."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from advancing import services
from advancing.models import Advance
from advancing.tests.helpers import S, history, line_post, make_advance, new_url, raider_advance, text
from dragonfly.core.models import SubmissionKey
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
K1, K2 = "0b9e1c52-5f43-4c1e-8a7d-111111111111", "0b9e1c52-5f43-4c1e-8a7d-222222222222"


def advance_body(key, intent="submit", activation="Load-in"):
    line = {"catalog_item": "", "name": "Gaffer tape", "unit": "Per Roll", "quantity": "3", "unit_cost": "12.50"}
    return line_post([line], activation_name=activation, intent=intent, idempotency_key=key)


# --- the advance form -------------------------------------------------------------------------------
def test_the_advance_form_sent_twice_with_one_key_makes_one_advance(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    client = login(raider)
    first = client.post(new_url(tenant_a), advance_body(K1))
    assert first.status_code == 302
    advance = Advance.objects.get(submitter=raider)
    assert first["Location"] == reverse("advancing:detail", args=[advance.pk])
    assert advance.status == S.SUBMITTED

    again = client.post(new_url(tenant_a), advance_body(K1), follow=True)
    assert again.redirect_chain == [(first["Location"], 302)]  # the same advance
    assert "This was already received; nothing was made twice." in text(again)
    assert Advance.objects.filter(submitter=raider).count() == 1
    assert [e.verb for e in history(advance)] == ["advance.created", "advance.submitted"]


def test_a_new_key_is_a_new_advance_and_no_key_works_as_before(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    client = login(raider)
    assert client.post(new_url(tenant_a), advance_body(K1)).status_code == 302
    assert client.post(new_url(tenant_a), advance_body(K2)).status_code == 302
    assert client.post(new_url(tenant_a), advance_body("")).status_code == 302
    assert Advance.objects.filter(submitter=raider).count() == 3


def test_another_user_with_the_same_key_makes_their_own_advance(tenant_a, tenant_b, login):
    mine, theirs = tenant_a.user(Role.RAIDER), tenant_b.user(Role.RAIDER)
    login(mine).post(new_url(tenant_a), advance_body(K1))
    response = login(theirs).post(new_url(tenant_b), advance_body(K1))
    assert response.status_code == 302
    theirs_made = Advance.objects.get(submitter=theirs)
    assert response["Location"] == reverse("advancing:detail", args=[theirs_made.pk])
    assert Advance.objects.get(submitter=mine).pk != theirs_made.pk


def test_a_refused_form_keeps_no_key_and_the_fixed_one_goes_through(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    client = login(raider)
    refused = client.post(new_url(tenant_a), line_post([], intent="submit", idempotency_key=K1))
    assert refused.status_code == 400 and not Advance.objects.exists()
    assert not SubmissionKey.objects.exists()
    assert client.post(new_url(tenant_a), advance_body(K1)).status_code == 302
    assert Advance.objects.count() == 1


def test_a_malformed_key_is_a_400_with_the_reason_and_nothing_made(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    response = client.post(new_url(tenant_a), advance_body("not a key!"))
    assert response.status_code == 400
    assert "The idempotency key must be 8 to 100 letters" in text(response)
    assert not Advance.objects.exists()


def test_a_stale_edit_replayed_later_is_refused_with_the_conflict_message(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    draft = make_advance(tenant_a, submitter=raider, activation="Opening night")
    opened_on = draft.version
    client = login(raider)
    edit_url = reverse("advancing:edit", args=[draft.pk])
    # queued offline on the phone, opened on `opened_on` …
    queued = advance_body(K1, intent="draft", activation="From the phone") | {"row_version": str(opened_on)}
    # … while the draft was changed from a laptop
    services.update_draft(draft, actor=raider, activation_name="From the laptop")
    replay = client.post(edit_url, queued)
    assert replay.status_code == 409
    assert "changed this advance after you opened it" in text(replay)
    draft.refresh_from_db()
    assert draft.activation_name == "From the laptop"  # not applied blindly
    assert not SubmissionKey.objects.exists()  # refused: may be sent again ("Save anyway") once looked at


def test_an_edit_replayed_twice_saves_once(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    draft = make_advance(tenant_a, submitter=raider)
    client = login(raider)
    body = advance_body(K1, intent="draft", activation="From the phone") | {"row_version": str(draft.version)}
    edit_url = reverse("advancing:edit", args=[draft.pk])
    assert client.post(edit_url, body).status_code == 302
    version = Advance.objects.get(pk=draft.pk).version
    again = client.post(edit_url, body)
    assert again.status_code == 302 and again["Location"] == reverse("advancing:detail", args=[draft.pk])
    assert Advance.objects.get(pk=draft.pk).version == version  # not saved a second time (nor refused as stale)


# --- recording what arrived -------------------------------------------------------------------------
@pytest.fixture
def approved(tenant_a):
    advance = raider_advance(tenant_a)
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    return advance


def fulfil_url(advance, item):
    return reverse("advancing:fulfil", args=[advance.pk, item.pk])


def fulfil_body(item, quantity, key, notes=""):
    return {f"line-{item.pk}-quantity_fulfilled": quantity, f"line-{item.pk}-notes": notes, "idempotency_key": key}


def recorded(advance):
    return [e for e in history(advance) if e.verb == "advance.fulfilment_recorded"]


def test_a_fulfilment_sent_twice_with_one_key_is_recorded_once(tenant_a, login, approved):
    navigator = tenant_a.user(Role.NAVIGATOR)
    hands = approved.items.order_by("position").first()
    client = login(navigator)
    first = client.post(fulfil_url(approved, hands), fulfil_body(hands, "2", K1, "Two at 8:00"))
    assert first.status_code == 302 and first["Location"].endswith(f"#line-{hands.pk}")
    # the phone records the next delivery, then replays the first one again (its answer was lost)
    assert client.post(fulfil_url(approved, hands), fulfil_body(hands, "3", K2, "One more")).status_code == 302
    again = client.post(fulfil_url(approved, hands), fulfil_body(hands, "2", K1, "Two at 8:00"))
    assert again.status_code == 302 and again["Location"] == first["Location"]
    hands.refresh_from_db()
    assert hands.quantity_fulfilled == Decimal("3")  # the replay did not set the running total back to 2
    assert len(recorded(approved)) == 2


def test_another_users_same_fulfilment_key_is_independent(tenant_a, login, approved):
    hands, forklift = approved.items.order_by("position")
    login(tenant_a.user(Role.NAVIGATOR)).post(fulfil_url(approved, hands), fulfil_body(hands, "1", K1))
    other = login(tenant_a.user(Role.GLADIATOR)).post(fulfil_url(approved, forklift), fulfil_body(forklift, "2", K1))
    assert other.status_code == 302
    forklift.refresh_from_db()
    assert forklift.quantity_fulfilled == Decimal("2")


def test_a_fulfilment_on_another_organizations_advance_is_404_and_keeps_no_key(tenant_b, login, approved):
    hands = approved.items.first()
    response = login(tenant_b.user(Role.GLADIATOR)).post(fulfil_url(approved, hands), fulfil_body(hands, "1", K1))
    assert response.status_code == 404
    assert not SubmissionKey.objects.exists()


# --- the API ----------------------------------------------------------------------------------------
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_create_with_the_same_idempotency_key_makes_one_advance(tenant_a, tenant_b):
    raider = tenant_a.user(Role.RAIDER)
    body = {"workspace": tenant_a.workspace.pk, "activation_name": "Load-in", "items": []}
    first = api(raider).post("/api/advancing", body, format="json", HTTP_IDEMPOTENCY_KEY=K1)
    assert first.status_code == 201, first.data
    again = api(raider).post("/api/advancing", body, format="json", HTTP_IDEMPOTENCY_KEY=K1)
    assert again.status_code == 201 and again.data["id"] == first.data["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Advance.objects.filter(submitter=raider).count() == 1
    theirs = body | {"workspace": tenant_b.workspace.pk}
    other = api(tenant_b.user(Role.RAIDER)).post("/api/advancing", theirs, format="json", HTTP_IDEMPOTENCY_KEY=K1)
    assert other.status_code == 201 and other.data["id"] != first.data["id"]


def test_api_fulfil_with_the_same_idempotency_key_records_once(tenant_a, approved):
    navigator = tenant_a.user(Role.NAVIGATOR)
    hands = approved.items.order_by("position").first()
    url = f"/api/advancing/{approved.pk}/fulfill"
    first = api(navigator).post(
        url, {"item_id": hands.pk, "quantity_fulfilled": "2"}, format="json", HTTP_IDEMPOTENCY_KEY=K1
    )
    assert first.status_code == 200
    api(navigator).post(url, {"item_id": hands.pk, "quantity_fulfilled": "3"}, format="json", HTTP_IDEMPOTENCY_KEY=K2)
    again = api(navigator).post(
        url, {"item_id": hands.pk, "quantity_fulfilled": "2"}, format="json", HTTP_IDEMPOTENCY_KEY=K1
    )
    assert again.status_code == 200 and again.data == first.data  # the first answer, again
    hands.refresh_from_db()
    assert hands.quantity_fulfilled == Decimal("3") and len(recorded(approved)) == 2


def test_api_errors_keep_no_key_and_a_bad_key_is_a_json_400(tenant_a, approved):
    navigator = tenant_a.user(Role.NAVIGATOR)
    url = f"/api/advancing/{approved.pk}/fulfill"
    refused = api(navigator).post(
        url, {"item_id": 0, "quantity_fulfilled": "1"}, format="json", HTTP_IDEMPOTENCY_KEY=K1
    )
    assert refused.status_code in (400, 404) and not SubmissionKey.objects.exists()
    bad = api(navigator).post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")
    assert re.search("idempotency key", bad.json()["detail"])
