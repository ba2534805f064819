"""Two admins open the same row's change form in the Django admin; the first saves. The second's save is
refused with who changed what (the pages' words), nothing saved; saving again re-applies theirs on the
version now current. The add form carries no version."""

import pytest
from django.contrib import admin
from django.test import Client

from dragonfly.core.admin_versions import VersionedAdminMixin
from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_user
from dragonfly.tests.test_edit_conflicts_every_model import edit_form
from productions.models import Production

pytestmark = pytest.mark.django_db


def session(user):
    client = Client()
    client.force_login(user)
    return client


def opened(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return edit_form(response.text, url)[1]  # the change form's fields, as a browser would post them


@pytest.fixture
def admins(tenant_a):
    ada = make_user("ada", first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True)
    return session(ada), session(tenant_a.user(Role.PHANTOM))


@pytest.mark.parametrize("kind", ["production", "organization"])
def test_the_second_admin_to_save_is_told_who_changed_what(admins, tenant_a, kind):
    first, second = admins
    if kind == "production":
        row = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour")
        url = f"/admin/productions/production/{row.pk}/change/"
    else:
        row = Organization.objects.get(pk=tenant_a.org.pk)
        url = f"/admin/tenancy/organization/{row.pk}/change/"
    mine, theirs = opened(first, url), opened(second, url)
    read = row.version
    assert mine["row_version"] == theirs["row_version"] == [str(read)]

    response = first.post(url, {**mine, "name": "Summer Tour 2027"})
    assert response.status_code == 302

    response = second.post(url, {**theirs, "name": "Winter Tour"})
    assert response.status_code == 200
    text = response.text
    assert "Ada Admin changed this" in text and "after you opened it (Name)" in text
    row.refresh_from_db()
    assert row.name == "Summer Tour 2027" and row.version == read + 1  # nothing of theirs saved

    # The form they see now carries the version current: saving it again is "save yours anyway".
    again = edit_form(text, url)[1]
    assert again["row_version"] == [str(read + 1)] and again["name"] == ["Winter Tour"]
    assert second.post(url, again).status_code == 302
    row.refresh_from_db()
    assert row.name == "Winter Tour" and row.version == read + 2


def test_a_save_between_the_check_and_the_save_is_refused_not_a_500(admins, tenant_a, monkeypatch):
    first, _ = admins
    row = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour")
    url = f"/admin/productions/production/{row.pk}/change/"
    data = opened(first, url)
    model_admin = admin.site._registry[Production]
    form_check = type(model_admin).save_model

    def someone_saves_first(self, request, obj, form, change):  # after the form's check passed
        Production.objects.filter(pk=row.pk).update(name="Theirs", version=row.version + 1)
        form_check(self, request, obj, form, change)

    monkeypatch.setattr(type(model_admin), "save_model", someone_saves_first)
    response = first.post(url, {**data, "name": "Mine"}, follow=True)
    assert response.status_code == 200 and "after you opened it" in response.text
    row.refresh_from_db()
    assert row.name != "Mine"  # (their save, made inside this request's transaction here, went back with it)


def test_the_add_form_and_an_unversioned_post_save_as_before(admins, tenant_a):
    first, _ = admins
    response = first.get("/admin/productions/production/add/")
    assert response.status_code == 200 and 'name="row_version"' not in response.text

    row = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour")
    url = f"/admin/productions/production/{row.pk}/change/"
    data = opened(first, url)
    del data["row_version"]  # a script posting without it: no check, as before
    assert first.post(url, {**data, "name": "Scripted"}).status_code == 302
    row.refresh_from_db()
    assert row.name == "Scripted"


def test_every_admin_of_a_versioned_model_checks_the_version():
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Versioned):
            assert isinstance(model_admin, VersionedAdminMixin), model._meta.label


def test_a_row_in_an_inline_changed_meanwhile_is_refused_on_its_line(admins, tenant_a):
    """An event's change form lists its run of show inline; the second admin's edit of a cue the first
    already changed is refused, nothing of the page saved; the form they get back saves it."""
    from datetime import timedelta

    from events.services.run_of_show import add_cue
    from productions.tests.helpers import make_event

    first, second = admins
    event = make_event(tenant_a, "Main stage")
    cue = add_cue(event, actor=tenant_a.user(Role.PHANTOM), item="Doors", duration=timedelta(minutes=30))
    url = f"/admin/events/event/{event.pk}/change/"
    mine, theirs = opened(first, url), opened(second, url)
    assert mine["cues-0-id"] == [str(cue.pk)] and mine["cues-0-row_version"] == [str(cue.version)]

    assert first.post(url, {**mine, "cues-0-item": "Doors open"}).status_code == 302

    response = second.post(url, {**theirs, "cues-0-item": "Doors delayed", "title": "Main stage (late)"})
    assert response.status_code == 200
    assert "Ada Admin changed this cue after you opened it (Item)" in response.text  # on the cue's line
    cue.refresh_from_db()
    event.refresh_from_db()
    assert cue.item == "Doors open" and event.title == "Main stage"  # nothing of the refused page saved

    again = edit_form(response.text, url)[1]
    assert again["cues-0-row_version"] == [str(cue.version)] and again["cues-0-item"] == ["Doors delayed"]
    assert second.post(url, again).status_code == 302
    cue.refresh_from_db()
    assert cue.item == "Doors delayed"


def test_a_new_row_added_in_an_inline_needs_no_version(admins, tenant_a):
    from events.models import Cue
    from productions.tests.helpers import make_event

    first, _ = admins
    event = make_event(tenant_a, "Main stage")
    url = f"/admin/events/event/{event.pk}/change/"
    data = opened(first, url)
    data.update({"cues-TOTAL_FORMS": ["1"], "cues-0-item": ["Soundcheck"], "cues-0-duration": ["00:20:00"]})
    data.update({"cues-0-position": ["1"], "cues-0-department": ["production"], "cues-0-event": [str(event.pk)]})
    response = first.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    assert list(Cue.objects.filter(event=event).values_list("item", flat=True)) == ["Soundcheck"]
