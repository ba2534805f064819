"""The live page: the stage manager calls the cues from it, everyone else watches it re-time, and
after the show it is the read-only record."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from events.models import Cue
from events.services import call_cue, clock

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)


def live_url(event):
    return f"/events/event/{event.pk}/run-of-show/live/"


def test_the_stage_manager_calls_a_cue_from_the_live_page(tenant_a, tomorrows_show, login):
    support, headliner = tomorrows_show.cues.all()
    client = login(tenant_a.user(Role.GLADIATOR))
    page = client.get(live_url(tomorrows_show)).content.decode()
    assert 'data-testid="call-standby"' in page and "Support" in page
    response = client.post(f"/events/cue/{support.pk}/call/", {"to_status": "standby"})
    assert response.status_code == 302 and response["Location"] == live_url(tomorrows_show)
    page = client.get(live_url(tomorrows_show)).content.decode()
    assert 'data-testid="call-go"' in page and "Standing by" in page

    # a call the machine refuses shows the engine's sentence on the page and changes nothing
    response = client.post(f"/events/cue/{support.pk}/call/", {"to_status": "done"})
    assert response.status_code == 409
    assert "This cue is on standby; it can&#x27;t be marked done." in response.content.decode()
    assert Cue.objects.get(pk=support.pk).status == "standby"

    # it went 2 minutes late: the headliner is projected 2 minutes late
    call_cue(support, actor=tenant_a.user(Role.GLADIATOR), to_status="go", at=tomorrows_show.starts_at + 2 * M)
    page = client.get(live_url(tomorrows_show)).content.decode()
    assert 'data-testid="current-cue"' in page and 'data-testid="call-done"' in page
    projected = (tomorrows_show.starts_at + 32 * M).strftime("%H:%M")  # the event is in UTC
    assert f'projected <strong data-testid="next-projected">{projected}</strong>' in page
    assert '<span class="drift drift-late" data-testid="next-drift">+2 min late</span>' in page
    # the htmx refresh answers the live part alone
    part = client.get(live_url(tomorrows_show), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and 'data-testid="running-order"' in part


def test_crew_watch_but_may_not_call_and_other_organizations_see_nothing(tenant_a, tenant_b, tomorrows_show, login):
    support = tomorrows_show.cues.first()
    for role in (Role.DEVIATOR, Role.PASSENGER):
        client = login(tenant_a.user(role))
        page = client.get(live_url(tomorrows_show))
        assert page.status_code == 200 and "Support" in page.content.decode()
        assert "call-standby" not in page.content.decode()
        assert client.post(f"/events/cue/{support.pk}/call/", {"to_status": "standby"}).status_code == 403
    stranger = login(tenant_b.user(Role.PHANTOM))
    assert stranger.get(live_url(tomorrows_show)).status_code == 404
    assert stranger.post(f"/events/cue/{support.pk}/call/", {"to_status": "standby"}).status_code == 404
    assert Cue.objects.get(pk=support.pk).status == "pending"


def test_after_the_show_the_page_is_the_read_only_record(tenant_a, tomorrows_show, login, monkeypatch):
    manager = tenant_a.user(Role.GLADIATOR)
    support, headliner = tomorrows_show.cues.all()
    for to_status, minutes in (("standby", -1), ("go", 2), ("done", 33)):
        call_cue(support, actor=manager, to_status=to_status, at=tomorrows_show.starts_at + minutes * M)
    monkeypatch.setattr(clock, "show_clock", lambda: tomorrows_show.ends_at + clock.CALL_GRACE)
    client = login(manager)
    page = client.get(live_url(tomorrows_show)).content.decode()
    assert "Show record" in page and "it can no longer be changed" in page
    assert 'data-testid="call-' not in page and "ran 31:00" in page and "+2 min late" in page
    editor = client.get(f"/events/event/{tomorrows_show.pk}/run-of-show/").content.decode()
    assert "Add a cue" not in editor and "Edit</a>" not in editor and "Headliner" in editor
    response = client.post(f"/events/cue/{headliner.pk}/call/", {"to_status": "standby"})
    assert response.status_code == 400 and "This show is over" in response.content.decode()
    assert Cue.objects.get(pk=headliner.pk).status == "pending"
