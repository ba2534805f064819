import pytest
from django.core import mail

from dragonfly.core.navigation import MODULES
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

ALL = {m.app_label for m in MODULES}
# Which modules each role opens by default (DESIGN.md's default powers).
EXPECTED_MODULES = {
    Role.PHANTOM: ALL,
    Role.AVIATOR: ALL,
    Role.GLADIATOR: ALL,
    Role.NAVIGATOR: ALL,
    Role.DEVIATOR: ALL - {"finance"},
    Role.RAIDER: {"advancing", "productions", "events", "people", "reports", "resources"},  # crew learn too
    Role.MERCHANT: set(),
    Role.VISITOR: set(),
    Role.PASSENGER: {"advancing", "productions", "events", "assets", "people", "reports", "resources"},
    Role.AMBASSADOR: {"events"},
}


@pytest.mark.parametrize("role", list(EXPECTED_MODULES))
def test_navigation_shows_only_what_the_role_may_open(tenant_a, login, role):
    client = login(tenant_a.user(role))
    response = client.get("/")
    shown = {m.app_label for m in response.context["nav_modules"]}
    assert shown == EXPECTED_MODULES[role]
    for module in MODULES:
        status = client.get(f"/{module.app_label}/", follow=True).status_code
        assert status == (200 if module.app_label in shown else 403), (role.label, module.app_label)


def test_login_switch_workspace_and_logout(tenant_a, client):
    from dragonfly.tenancy.models import Membership

    user = tenant_a.user(Role.GLADIATOR)
    Membership.objects.create(
        user=user, organization=tenant_a.org, workspace=tenant_a.other_workspace, role=Role.RAIDER
    )
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.context["current_workspace"] in (tenant_a.workspace, tenant_a.other_workspace)
    assert tenant_a.other_workspace.name in home.content.decode()
    response = client.post("/workspace/switch/", {"workspace": tenant_a.other_workspace.pk, "module": "productions"})
    assert response["Location"] == f"/productions/w/{tenant_a.org.slug}/{tenant_a.other_workspace.slug}/"
    assert client.get("/").context["current_workspace"] == tenant_a.other_workspace
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_gives_a_clear_message(tenant_a, client):
    response = client.post("/accounts/login/", {"username": tenant_a.user(Role.RAIDER).username, "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_five_wrong_passwords_lock_that_username_out_for_a_while(tenant_a, client, settings):
    from django.test import Client

    raider, other = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": raider.username, "password": "nope"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": raider.username, "password": "nope"})
    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    # even the right password is refused now, and no session is made
    locked = client.post("/accounts/login/", {"username": raider.username, "password": PASSWORD})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    # another crew member on the same network still logs in
    assert Client().post("/accounts/login/", {"username": other.username, "password": PASSWORD}).status_code == 302


def test_password_reset_sends_mail(tenant_a, client):
    user = tenant_a.user(Role.RAIDER)
    user.email = "riley@example.com"
    user.save()
    response = client.post("/accounts/password/reset/", {"email": "riley@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body


def test_organization_settings_for_phantom_only(tenant_a, login):
    assert login(tenant_a.user(Role.GLADIATOR)).get("/me/organization/settings/").status_code == 403
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.get("/me/organization/settings/").status_code == 200
    saved_name = tenant_a.org.name
    refused = {"name": "Refused Name", "currency": "US$", "timezone": "Mars/Base"}
    bad = client.post("/me/organization/settings/", refused)
    assert bad.status_code == 400  # refused input answers 400, as on every other form page
    assert "three-letter" in bad.content.decode() and "time zone" in bad.content.decode()
    heading = bad.content.decode().split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert saved_name in heading and "Refused Name" not in heading  # the refused name is not shown as saved
    tenant_a.org.refresh_from_db()
    assert tenant_a.org.name == saved_name
    ok = client.post("/me/organization/settings/", {"name": "Acme Live", "currency": "eur", "timezone": "Europe/Paris"})
    assert ok.status_code == 302
    tenant_a.org.refresh_from_db()
    assert (tenant_a.org.name, tenant_a.org.currency, tenant_a.org.timezone) == ("Acme Live", "EUR", "Europe/Paris")
    from dragonfly.activity.models import ActivityEntry

    assert ActivityEntry.objects.filter(verb="organization.settings_changed").count() == 1


def test_profile_saves_name_phone_and_email_preferences(tenant_a, login):
    user = tenant_a.user(Role.RAIDER)
    client = login(user)
    bad = client.post("/me/profile/", {"phone": "call me maybe"})
    assert bad.status_code == 200 and "phone number" in bad.content.decode()
    response = client.post(
        "/me/profile/", {"first_name": "Riley", "phone": "+1 555 0100", "email_kinds": ["advance.decided"]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Riley" and user.profile.phone == "+1 555 0100"
    assert user.profile.wants_email("advance.decided") and not user.profile.wants_email("advance.submitted")


def test_error_pages_share_the_layout(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    response = client.get("/productions/424242/")
    assert response.status_code == 404 and "Not found" in response.content.decode()
    assert 'class="topbar"' in response.content.decode()
    forbidden = client.get("/me/organization/settings/")
    assert forbidden.status_code == 403 and "Phantom" in forbidden.content.decode()


def test_pages_fit_a_phone(tenant_a, login):
    response = login(tenant_a.user(Role.GLADIATOR)).get("/")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.content.decode()
    assert "/static/vendor/htmx.min.js" in response.content.decode()


def test_deploy_checks_are_clean_with_production_settings():
    import os
    import subprocess
    import sys

    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="x" * 64 + "-production-key-for-the-check-only",
        ALLOWED_HOSTS="dragonfly.example.com",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
