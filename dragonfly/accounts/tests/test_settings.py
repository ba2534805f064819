"""Settings: an org admin switches modules off (for the organization or one workspace), sets currency and
zone; a person picks their language, zone and theme. The answers are cached and forgotten on save."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import reverse

from dragonfly.accounts.models import profile_for
from dragonfly.accounts.services import update_organization_settings, update_workspace_settings
from dragonfly.tenancy.access import clear_access, get_access
from dragonfly.tenancy.module_settings import CACHE_KEY, modules_off
from dragonfly.tenancy.roles import TOGGLEABLE_MODULES, Role
from productions.tests.helpers import make_production

pytestmark = pytest.mark.django_db
R = Role


def switch_off(tenant, *modules, workspace=None):
    if workspace is None:
        update_organization_settings(tenant.org, actor=tenant.user(R.PHANTOM), disabled_modules=list(modules))
    else:
        update_workspace_settings(workspace, actor=tenant.user(R.PHANTOM), disabled_modules=list(modules))
    for user in tenant.users.values():
        clear_access(user)


def nav_labels(client):
    html = client.get(reverse("home")).content.decode()
    return html.split('aria-label="Modules"', 1)[1].split("</nav>", 1)[0]


def test_a_module_switched_off_leaves_the_navigation_its_pages_and_its_api(tenant_a, login, client):
    production = make_production(tenant_a)
    gladiator = tenant_a.user(R.GLADIATOR)
    login(gladiator)
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    assert "Productions" in nav_labels(client)
    assert client.get(reverse("productions:detail", args=[production.pk])).status_code == 200

    switch_off(tenant_a, "productions")

    assert "Productions" not in nav_labels(client)
    assert "Events" in nav_labels(client)  # the others stay
    assert client.get(reverse("productions:workspace_home", args=args)).status_code == 404
    assert client.get(reverse("productions:detail", args=[production.pk])).status_code == 404
    assert client.get(f"/api/productions/{production.pk}/").status_code == 404
    assert client.get("/api/productions/").json()["results"] == []
    assert client.get(reverse("events:workspace_home", args=args)).status_code == 200

    switch_off(tenant_a)  # back on: the cache forgot the old answer when the organization was saved

    assert "Productions" in nav_labels(client)
    assert client.get(f"/api/productions/{production.pk}/").status_code == 200


def test_a_module_switched_off_in_one_workspace_stays_on_in_the_others(tenant_a, login, client):
    here = make_production(tenant_a, name="Here")
    there = make_production(tenant_a, name="There", workspace=tenant_a.other_workspace)
    switch_off(tenant_a, "productions", workspace=tenant_a.workspace)
    phantom = tenant_a.user(R.PHANTOM)  # org-wide: holds a role in both workspaces
    login(phantom)

    assert client.get(f"/api/productions/{here.pk}/").status_code == 404
    assert client.get(f"/api/productions/{there.pk}/").status_code == 200
    assert [p["id"] for p in client.get("/api/productions/").json()["results"]] == [there.pk]
    args = [tenant_a.org.slug, tenant_a.other_workspace.slug]
    assert client.get(reverse("productions:workspace_home", args=args)).status_code == 200


def test_the_switched_off_modules_are_cached_and_forgotten_when_saved(tenant_a, django_assert_num_queries):
    cache.delete(CACHE_KEY.format(tenant_a.org.pk))
    with django_assert_num_queries(2):  # the organization's list and its workspaces'
        assert modules_off([tenant_a.org.pk])[tenant_a.org.pk].organization == frozenset()
    with django_assert_num_queries(0):
        modules_off([tenant_a.org.pk])

    update_organization_settings(tenant_a.org, actor=tenant_a.user(R.PHANTOM), disabled_modules=["finance"])
    assert modules_off([tenant_a.org.pk])[tenant_a.org.pk].organization == {"finance"}

    tenant_a.workspace.disabled_modules = ["assets"]
    tenant_a.workspace.save()  # the Django admin saves the same way
    off = modules_off([tenant_a.org.pk])[tenant_a.org.pk]
    assert off.is_off("assets", tenant_a.workspace.pk) and not off.is_off("assets", tenant_a.other_workspace.pk)


def test_one_request_reads_the_switches_once(tenant_a):
    gladiator = tenant_a.user(R.GLADIATOR)
    access = get_access(gladiator)
    assert access.module_off("productions", tenant_a.workspace) is False
    cache.set(CACHE_KEY.format(tenant_a.org.pk), (["productions"], {}))  # changed behind its back
    assert access.module_off("productions", tenant_a.workspace) is False  # the request keeps its answer
    assert get_access(AnonymousUser()).module_off("productions", tenant_a.workspace) is True


def test_the_org_admin_switches_modules_and_currency_on_the_settings_page(tenant_a, login, client):
    login(tenant_a.user(R.PHANTOM))
    url = reverse("accounts:organization_settings")
    page = client.get(url).content.decode()
    assert 'value="finance"' in page and "checked" in page
    keep = [m for m in TOGGLEABLE_MODULES if m != "finance"]  # finance unticked
    body = {"name": "Acme", "currency": "eur", "timezone": "Europe/Berlin", "modules": keep, "modules_shown": "True"}
    response = client.post(url, body)
    assert response.status_code == 302
    tenant_a.org.refresh_from_db()
    assert tenant_a.org.disabled_modules == ["finance"]
    assert tenant_a.org.currency == "EUR" and tenant_a.org.timezone == "Europe/Berlin"


def test_the_settings_page_logs_what_it_changed_from_and_to(tenant_a, client):
    """The page's form writes the posted values onto the organization before the service runs: the log
    must still say what the settings were, so a later stale save can name the field."""
    from dragonfly.activity.models import ActivityEntry

    tenant_a.org.currency = "USD"
    tenant_a.org.save()
    client.force_login(tenant_a.user(R.PHANTOM))
    body = {"name": tenant_a.org.name, "currency": "EUR", "timezone": tenant_a.org.timezone, "modules_shown": ""}
    assert client.post(reverse("accounts:organization_settings"), body).status_code == 302
    entry = ActivityEntry.objects.for_object(tenant_a.org).filter(verb="organization.settings_changed").latest("id")
    assert (entry.data["before"]["currency"], entry.data["after"]["currency"]) == ("USD", "EUR")
    assert entry.data["changed"] == ["currency"]


def test_a_second_admin_saving_settings_opened_before_the_first_saved_is_told_who_changed_what(tenant_a, client):
    from dragonfly.testing.factories import make_member

    pat = make_member(R.PHANTOM, tenant_a.org, first_name="Pat", last_name="Lee")
    client.force_login(tenant_a.user(R.PHANTOM))
    url = reverse("accounts:organization_settings")
    read = tenant_a.org.version
    assert f'name="row_version" value="{read}"' in client.get(url).text
    update_organization_settings(tenant_a.org, actor=pat, currency="GBP")  # Pat saves in the meantime

    body = {"name": "Acme", "currency": "EUR", "timezone": "UTC", "modules_shown": "", "row_version": read}
    response = client.post(url, body)
    assert response.status_code == 409
    assert "Pat Lee changed this organization after you opened it (Currency)" in response.text
    tenant_a.org.refresh_from_db()
    assert tenant_a.org.currency == "GBP"  # nothing of the stale save

    response = client.post(url, {**body, "overwrite_version": read + 1})  # "Save anyway"
    assert response.status_code == 302
    tenant_a.org.refresh_from_db()
    assert tenant_a.org.currency == "EUR"


def test_a_workspace_settings_page_switches_modules_in_that_workspace(tenant_a, tenant_b, login, client):
    login(tenant_a.user(R.PHANTOM))
    url = reverse("accounts:workspace_settings", args=[tenant_a.workspace.pk])
    assert client.get(url).status_code == 200
    keep = [m for m in TOGGLEABLE_MODULES if m != "assets"]  # assets unticked
    assert client.post(url, {"modules": keep}).status_code == 302
    tenant_a.workspace.refresh_from_db()
    assert tenant_a.workspace.disabled_modules == ["assets"]
    other = reverse("accounts:workspace_settings", args=[tenant_b.workspace.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, {"modules": []}).status_code == 404


def test_crew_may_not_open_the_settings(tenant_a, login, client):
    login(tenant_a.user(R.DEVIATOR))
    for name in ("organization_settings", "admin_home", "role_matrix", "audit_log"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 403, name
    url = reverse("accounts:workspace_settings", args=[tenant_a.workspace.pk])
    assert client.post(url, {"modules": []}).status_code == 403
    tenant_a.workspace.refresh_from_db()
    assert tenant_a.workspace.disabled_modules == []


# --- the API ----------------------------------------------------------------------------------------
def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_org_settings_api_answers_its_admins_and_hides_from_other_organizations(tenant_a, tenant_b, login, client):
    url = f"/api/settings/organizations/{tenant_a.org.slug}/"
    login(tenant_b.user(R.PHANTOM))
    assert client.get(url).status_code == 404
    assert patch(client, url, {"currency": "GBP"}).status_code == 404

    login(tenant_a.user(R.PHANTOM))
    assert client.get(url).json()["disabled_modules"] == []
    response = patch(client, url, {"currency": "gbp", "disabled_modules": ["finance", "reports"]})
    assert response.status_code == 200, response.content
    assert response.json()["currency"] == "GBP" and response.json()["disabled_modules"] == ["finance", "reports"]

    bad = patch(client, url, {"timezone": "Mars/Olympus", "disabled_modules": ["nonsense"]})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"timezone", "disabled_modules"}
    tenant_a.org.refresh_from_db()
    assert tenant_a.org.timezone == "UTC" and tenant_a.org.disabled_modules == ["finance", "reports"]


def test_a_crew_member_reads_but_may_not_change_the_settings(tenant_a, login, client):
    login(tenant_a.user(R.DEVIATOR))
    org_url = f"/api/settings/organizations/{tenant_a.org.slug}/"
    ws_url = f"/api/settings/workspaces/{tenant_a.workspace.pk}/"
    assert patch(client, org_url, {"disabled_modules": ["finance"]}).status_code in (403, 404)
    assert client.get(ws_url).status_code == 200
    response = patch(client, ws_url, {"disabled_modules": ["finance"]})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    tenant_a.workspace.refresh_from_db()
    assert tenant_a.workspace.disabled_modules == []


def test_workspace_settings_api_switches_a_module_off_there(tenant_a, tenant_b, login, client):
    url = f"/api/settings/workspaces/{tenant_a.workspace.pk}/"
    login(tenant_b.user(R.PHANTOM))
    assert patch(client, url, {"disabled_modules": ["assets"]}).status_code == 404
    login(tenant_a.user(R.PHANTOM))
    response = patch(client, url, {"disabled_modules": ["assets"]})
    assert response.status_code == 200 and response.json()["disabled_modules"] == ["assets"]
    gladiator = tenant_a.user(R.GLADIATOR)
    login(gladiator)
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    assert client.get(reverse("assets:workspace_home", args=args)).status_code == 404


# --- a person's preferences ---------------------------------------------------------------------------
def test_preferences_change_what_the_person_gets(tenant_a, login, client):
    raider = tenant_a.user(R.RAIDER)
    login(raider)
    page = client.get(reverse("home")).content.decode()
    assert 'class="theme-system"' in page and "Times in UTC" in page

    response = patch(client, "/api/preferences/", {"language": "de", "timezone": "Asia/Tokyo", "theme": "dark"})
    assert response.status_code == 200, response.content
    assert response.json()["theme"] == "dark"

    page = client.get(reverse("home")).content.decode()
    assert 'lang="de"' in page and 'class="theme-dark"' in page
    assert "Asia/Tokyo" in page


def test_preferences_refuse_bad_input_and_change_nothing(tenant_a, login, client):
    raider = tenant_a.user(R.RAIDER)
    login(raider)
    response = patch(client, "/api/preferences/", {"theme": "purple", "timezone": "Nowhere/Land", "language": "xx"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"theme", "timezone", "language"}
    profile = profile_for(raider)
    assert (profile.theme, profile.timezone, profile.language) == ("system", "", "")


def test_notification_channels_per_kind_are_preferences_too(tenant_a, login, client):
    raider = tenant_a.user(R.RAIDER)
    login(raider)
    kinds = client.get("/api/preferences/").json()["email_kinds"]
    assert kinds  # every kind by email to start with
    response = patch(client, "/api/preferences/", {"email_kinds": kinds[1:], "digest_kinds": kinds[1:2]})
    assert response.status_code == 200
    profile = profile_for(raider)
    assert not profile.wants_email(kinds[0]) and profile.wants_digest(kinds[1])


def test_the_profile_page_sets_the_theme(tenant_a, login, client):
    raider = tenant_a.user(R.RAIDER)
    login(raider)
    response = client.post(reverse("accounts:profile"), {"theme": "light", "language": "", "timezone": ""})
    assert response.status_code == 302
    assert profile_for(raider).theme == "light"
    assert 'class="theme-light"' in client.get(reverse("home")).content.decode()


def test_a_cache_that_is_away_costs_a_query_not_the_page(tenant_a, login, client, monkeypatch):
    switch_off(tenant_a, "productions")

    def down(*args, **kwargs):
        raise ConnectionError("the cache is restarting")

    for name in ("get_many", "set_many", "delete"):
        monkeypatch.setattr(cache, name, down)
    login(tenant_a.user(R.GLADIATOR))
    assert "Productions" not in nav_labels(client)
    switch_off(tenant_a)  # a save never fails for the cache
    assert "Productions" in nav_labels(client)
