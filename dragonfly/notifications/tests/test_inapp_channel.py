"""A person chooses per kind whether a notification shows in the app (the bell, the notifications page, the
live toast), beside email, digest and SMS. A kind turned off in the app still brings its email."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from dragonfly.accounts.models import profile_for
from dragonfly.notifications.kinds import KINDS
from dragonfly.notifications.models import Notification
from dragonfly.notifications.services import notify
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def bell(client):
    match = re.search(r'data-testid="unread-count">(\d+)<', client.get("/").content.decode())
    return int(match.group(1)) if match else 0


def profile_form(user, **changes):
    """The profile page's form as a browser posts it: every box ticked unless `changes` says otherwise."""
    data = {"email": user.email, "theme": "system", "email_kinds": list(KINDS), "inapp_kinds": list(KINDS)}
    data.update(changes)
    return data


def test_a_kind_turned_off_in_the_app_stays_out_of_the_bell_and_the_list_but_its_email_comes(
    tenant_a, login, tasks_inline, django_capture_on_commit_callbacks
):
    crew = tenant_a.user(Role.DEVIATOR)
    crew.email = "crew@acme.test"
    crew.save(update_fields=["email"])
    client = login(crew)
    others = [k for k in KINDS if k != "task.assigned"]
    response = client.post(reverse("accounts:profile"), profile_form(crew, inapp_kinds=others))
    assert response.status_code == 302
    assert not profile_for(crew).wants_in_app("task.assigned") and profile_for(crew).wants_email("task.assigned")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([crew], kind="task.assigned", title="Hang the banner", dedupe_key="t:1", url="/tasks/1/")
        notify([crew], kind="broadcast", title="Doors at 19:00", dedupe_key="b:1")

    assert Notification.objects.filter(recipient=crew).count() == 2  # both written: the row carries the email
    assert [m.subject for m in mail.outbox if "Hang the banner" in m.subject]  # its email still went out
    assert bell(client) == 1  # only the broadcast
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Doors at 19:00" in page and "Hang the banner" not in page
    assert 'id="hidden-kinds"' in page  # the page says a kind is off, so nothing seems lost

    # Turned back on: the one that came meanwhile shows again, and the bell counts it at once.
    client.post(reverse("accounts:profile"), profile_form(crew))
    assert bell(client) == 2
    assert "Hang the banner" in client.get(reverse("notifications:list")).content.decode()


def test_the_bells_cached_count_is_counted_again_when_a_kind_is_turned_off(tenant_a, login):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    notify([crew], kind="broadcast", title="Doors at 19:00", dedupe_key="b:1")
    assert bell(client) == 1  # cached now
    response = client.patch(
        "/api/preferences/",
        {"inapp_kinds": [k for k in KINDS if k != "broadcast"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert "broadcast" not in response.json()["inapp_kinds"]
    assert bell(client) == 0
    assert client.get("/api/preferences/").json()["inapp_kinds"] == [k for k in KINDS if k != "broadcast"]


def test_an_unknown_kind_is_refused_and_nothing_changes(tenant_a, login):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    response = client.patch("/api/preferences/", {"inapp_kinds": ["nonsense"]}, content_type="application/json")
    assert response.status_code == 400
    assert "inapp_kinds" in response.json()["errors"]
    assert profile_for(crew).inapp_muted_kinds == []


def test_turning_a_kind_off_hides_nothing_of_someone_else(tenant_a, login):
    crew, boss = tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.GLADIATOR)
    profile = profile_for(crew)
    profile.inapp_muted_kinds = ["broadcast"]
    profile.save()
    notify([crew, boss], kind="broadcast", title="Doors at 19:00", dedupe_key="b:1")
    assert not Notification.objects.visible_to(crew).exists()
    assert list(Notification.objects.visible_to(boss).values_list("title", flat=True)) == ["Doors at 19:00"]
    assert bell(login(boss)) == 1
