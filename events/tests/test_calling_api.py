"""Calling cues through the API: the same service as the call page, the same refusals as JSON."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from events.models import Cue
from events.services import call_cue

pytestmark = pytest.mark.django_db
JSON = "application/json"
M = datetime.timedelta(minutes=1)


def call(client, cue, to_status):
    return client.post(f"/api/run-of-show-cues/{cue.pk}/call/", {"to_status": to_status}, content_type=JSON)


def test_the_stage_manager_calls_a_cue_and_reads_the_re_timed_running_order(tenant_a, tomorrows_show, login):
    support, headliner = tomorrows_show.cues.all()
    client = login(tenant_a.user(Role.GLADIATOR))
    assert call(client, support, "standby").json()["status"] == "standby"
    response = call(client, support, "go")
    assert response.status_code == 200
    assert response.json()["status"] == "go" and response.json()["actual_start"] is not None
    # a refused call answers 409 with the engine's sentence, and changes nothing
    refused = call(client, support, "standby")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "This cue is running; it can't be put on standby."
    assert call(client, support, "launch").status_code == 400
    assert Cue.objects.get(pk=support.pk).status == "go"

    # the support act went 2 minutes late: the headliner is projected 2 minutes late
    Cue.objects.filter(pk=support.pk).update(actual_start=tomorrows_show.starts_at + 2 * M)
    order = client.get(f"/api/events/{tomorrows_show.pk}/running-order/").json()
    assert order["current"] == support.pk and order["next"] == headliner.pk and order["drift_minutes"] == 2
    assert [c["drift_minutes"] for c in order["cues"]] == [2, 2]
    head = order["cues"][1]
    assert head["planned_start"] != head["starts_at"] and head["actual_start"] is None


def test_crew_and_observers_may_read_but_not_call_and_other_organizations_see_nothing(
    tenant_a, tenant_b, tomorrows_show, login
):
    support = tomorrows_show.cues.first()
    for role in (Role.DEVIATOR, Role.PASSENGER):
        client = login(tenant_a.user(role))
        assert client.get(f"/api/events/{tomorrows_show.pk}/running-order/").status_code == 200
        response = call(client, support, "standby")
        assert response.status_code == 403
        assert response.json()["detail"] == "Your role may not call cues on this run of show."
    stranger = login(tenant_b.user(Role.PHANTOM))
    assert call(stranger, support, "standby").status_code == 404
    assert stranger.get(f"/api/events/{tomorrows_show.pk}/running-order/").status_code == 404
    assert Cue.objects.get(pk=support.pk).status == "pending"


def test_after_the_show_a_call_is_refused(tenant_a, tomorrows_show, login):
    manager = tenant_a.user(Role.GLADIATOR)
    support = tomorrows_show.cues.first()
    call_cue(support, actor=manager, to_status="standby")
    past = tomorrows_show.starts_at - datetime.timedelta(days=3)
    type(tomorrows_show).objects.filter(pk=tomorrows_show.pk).update(starts_at=past, ends_at=past + 3 * 60 * M)
    response = call(login(manager), support, "go")
    assert response.status_code == 400
    assert response.json()["detail"] == "This show is over; its run of show is kept as it was called."


def test_the_cue_list_filters_by_call_status(tenant_a, tomorrows_show, login):
    support = tomorrows_show.cues.first()
    call_cue(support, actor=tenant_a.user(Role.GLADIATOR), to_status="standby")
    client = login(tenant_a.user(Role.PASSENGER))
    rows = client.get("/api/run-of-show-cues/", {"event": tomorrows_show.pk, "status": "standby"}).json()["results"]
    assert [r["item"] for r in rows] == ["Support"] and rows[0]["status"] == "standby"
    assert client.get("/api/run-of-show-cues/", {"status": "fired"}).status_code == 400
