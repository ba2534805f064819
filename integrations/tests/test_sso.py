"""Single sign-on end to end against a local OpenID Connect provider (oidc_stub): the browser's
hops are the test client's (ours) and `requests`' (the provider's)."""

from urllib.parse import urlencode, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import PASSWORD, make_user
from integrations.models import SSOConfig
from integrations.sso import services

from . import oidc_stub

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp():
    stub = oidc_stub.start()
    yield stub
    stub.shutdown()
    stub.server_close()


def configure(tenant, stub, domains="acme.test", **values):
    data = {
        "issuer": stub.url,
        "client_id": oidc_stub.CLIENT_ID,
        "client_secret": oidc_stub.CLIENT_SECRET,
        "domains": domains,
        "default_role": Role.NAVIGATOR,
        **values,
    }
    return services.save_config(tenant.org, actor=tenant.user(Role.PHANTOM), values=data)


def sign_in(client, email, *, state=None):
    """Start at our page, let the provider approve, come back: the callback's response."""
    start = client.get("/integrations/sso/login/?" + urlencode({"email": email}))
    if start.status_code != 200:
        return start
    at_provider = requests.get(start.context["authorize_url"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlparse(at_provider.headers["Location"])
    query = back.query
    if state is not None:
        query = query.rsplit("state=", 1)[0] + "state=" + state
    return client.get(f"{back.path}?{query}")


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_a_first_sign_in_creates_the_user_and_joins_at_the_default_role(tenant_a, idp, client):
    configure(tenant_a, idp)
    response = sign_in(client, "dana@acme.test")
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(email="dana@acme.test")
    assert str(user.pk) == signed_in(client)
    assert not user.has_usable_password() and user.first_name == "Dana"
    membership = Membership.objects.get(user=user)
    assert membership.organization == tenant_a.org and membership.role == Role.NAVIGATOR
    assert ActivityEntry.objects.filter(verb="sso.member_joined").count() == 1
    # The code went back with the PKCE verifier, the client authenticated by its secret
    assert idp.token_requests[0]["code_verifier"]
    assert client.get("/").status_code == 200


def test_an_existing_user_signs_in_as_themselves_and_keeps_their_role(tenant_a, idp, client):
    configure(tenant_a, idp)
    user = tenant_a.user(Role.GLADIATOR)
    user.email = "Dana@acme.test"
    user.save()
    assert sign_in(client, "dana@acme.test").status_code == 302
    assert signed_in(client) == str(user.pk)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [Role.GLADIATOR]
    assert not ActivityEntry.objects.filter(verb="sso.member_joined").exists()


@pytest.mark.parametrize("tamper", ["signature", "aud", "expired", "iss"])
def test_a_token_that_does_not_check_out_signs_nobody_in(tenant_a, idp, client, tamper):
    configure(tenant_a, idp)
    idp.tamper = tamper
    response = sign_in(client, "dana@acme.test")
    assert response.status_code == 400
    assert b"did not check out" in response.content
    assert not signed_in(client)
    assert not get_user_model().objects.filter(email__endswith="@acme.test").exists()


def test_a_wrong_state_is_refused(tenant_a, idp, client):
    configure(tenant_a, idp)
    response = sign_in(client, "dana@acme.test", state="forged")
    assert response.status_code == 400 and b"state mismatch" in response.content
    assert not signed_in(client)
    # And a callback without a sign-in started
    assert client.get("/integrations/sso/callback/?code=x&state=y").status_code == 400


def test_an_unverified_email_is_refused(tenant_a, idp, client):
    configure(tenant_a, idp)
    idp.user["email_verified"] = False
    response = sign_in(client, "dana@acme.test")
    assert response.status_code == 400 and b"not verified" in response.content
    assert not signed_in(client)


def test_a_domain_nobody_configured_is_refused(tenant_a, idp, client):
    configure(tenant_a, idp)
    response = client.get("/integrations/sso/login/?email=dana@nowhere.test")
    assert response.status_code == 400 and b"nowhere.test" in response.content
    # The provider vouches for an address outside the configured domains
    idp.user["email"] = "dana@elsewhere.test"
    response = sign_in(client, "dana@acme.test")
    assert response.status_code == 400 and b"not in a domain" in response.content
    assert not signed_in(client)


def test_another_organizations_configuration_is_not_used(tenant_a, tenant_b, idp, client):
    other = oidc_stub.start()
    try:
        configure(tenant_b, other, domains="bravo.test", default_role=Role.GLADIATOR)
        configure(tenant_a, idp)
        start = client.get("/integrations/sso/login/?email=dana@acme.test")
        assert start.context["authorize_url"].startswith(idp.url + "/authorize?")
        assert sign_in(client, "dana@acme.test").status_code == 302
        user = get_user_model().objects.get(email="dana@acme.test")
        assert list(Membership.objects.filter(user=user).values_list("organization", flat=True)) == [tenant_a.org.pk]
        assert other.token_requests == []
    finally:
        other.shutdown()
        other.server_close()


def test_enforced_sso_refuses_password_sign_in(tenant_a, idp, client):
    user = make_user("dana", email="dana@acme.test")
    configure(tenant_a, idp, enforce_sso=False)
    response = client.post("/accounts/login/", {"username": "dana", "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)
    client.logout()
    configure(tenant_a, idp, enforce_sso=True)
    for username in ("dana", "dana@acme.test"):
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 200 and not signed_in(client)
        assert "Sign in with SSO" in response.content.decode()
        assert response.context["form"].errors["__all__"][0].startswith("Your organization signs you in")
    assert user.pk  # someone outside the domain still signs in with a password
    other = make_user("outsider", email="outsider@example.org")
    assert client.post("/accounts/login/", {"username": "outsider", "password": PASSWORD}).status_code == 302
    assert signed_in(client) == str(other.pk)


def test_enforced_sso_sends_no_password_reset_link(tenant_a, idp, client, mailoutbox):
    make_user("dana", email="dana@acme.test")
    make_user("olly", email="olly@example.org")
    configure(tenant_a, idp, enforce_sso=True)
    assert client.post("/accounts/password/reset/", {"email": "dana@acme.test"}).status_code == 302
    assert client.post("/accounts/password/reset/", {"email": "olly@example.org"}).status_code == 302
    assert [m.to for m in mailoutbox] == [["olly@example.org"]]


def test_the_admin_configures_sso_and_the_check_reads_discovery_and_keys(tenant_a, idp, login, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.get("/integrations/sso/").status_code == 200
    data = {
        "issuer": idp.url,
        "client_id": oidc_stub.CLIENT_ID,
        "client_secret": oidc_stub.CLIENT_SECRET,
        "domains": "acme.test, ACME-events.test",
        "default_role": Role.DEVIATOR,
        "enforce_sso": "on",
    }
    response = committed(client.post, "/integrations/sso/", data)
    assert response.status_code == 302
    config = SSOConfig.objects.get(organization=tenant_a.org)
    assert sorted(config.domains.values_list("domain", flat=True)) == ["acme-events.test", "acme.test"]
    assert oidc_stub.CLIENT_SECRET not in config.secrets and config.key_hint == "alue"
    assert config.last_success_at is not None and config.last_error == ""
    page = client.get("/integrations/").content.decode()
    assert "acme-events.test" in page and oidc_stub.CLIENT_SECRET not in page
    # An empty secret keeps the stored one
    assert committed(client.post, "/integrations/sso/", {**data, "client_secret": ""}).status_code == 302
    config.refresh_from_db()
    assert config.key_hint == "alue"


def test_a_failing_check_is_recorded(tenant_a, idp, login, committed):
    config = configure(tenant_a, idp)
    SSOConfig.objects.filter(pk=config.pk).update(issuer=idp.url + "/nothing-here")
    client = login(tenant_a.user(Role.PHANTOM))
    assert committed(client.post, f"/integrations/sso/{config.pk}/check/").status_code == 302
    config.refresh_from_db()
    assert "HTTP 404" in config.last_error and config.last_success_at is None


def test_bad_settings_are_refused_and_change_nothing(tenant_a, tenant_b, idp, login):
    configure(tenant_b, idp, domains="bravo.test")
    client = login(tenant_a.user(Role.PHANTOM))
    base = {"issuer": idp.url, "client_id": "x", "client_secret": "y", "default_role": Role.RAIDER}
    taken = client.post("/integrations/sso/", {**base, "domains": "acme.test bravo.test"})
    assert taken.status_code == 400 and "another organization" in taken.content.decode()
    assert client.post("/integrations/sso/", {**base, "domains": "not a domain!"}).status_code == 400
    assert (
        client.post("/integrations/sso/", {**base, "domains": "acme.test", "default_role": Role.PHANTOM}).status_code
        == 400
    )
    assert not SSOConfig.objects.filter(organization=tenant_a.org).exists()


def test_only_the_organizations_admin_reaches_its_sso(tenant_a, tenant_b, idp, login):
    config = configure(tenant_a, idp)
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get("/integrations/sso/").status_code == 403
    assert client.post(f"/integrations/sso/{config.pk}/check/").status_code == 403
    assert client.post(f"/integrations/sso/{config.pk}/remove/").status_code == 403
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.post(f"/integrations/sso/{config.pk}/check/").status_code == 404
    assert client.post(f"/integrations/sso/{config.pk}/remove/").status_code == 404
    assert "acme.test" not in client.get("/integrations/").content.decode()
    assert SSOConfig.objects.filter(pk=config.pk).exists()
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.post(f"/integrations/sso/{config.pk}/remove/").status_code == 302
    assert not SSOConfig.objects.filter(pk=config.pk).exists()


def test_an_admin_must_set_up_two_factor_when_the_organization_says_so(tenant_a, idp, client, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    configure(tenant_a, idp, require_admin_two_factor=True)
    admin = tenant_a.user(Role.PHANTOM)
    admin.email = "boss@acme.test"
    admin.save()
    # A non-admin is not asked
    assert (
        client.post(
            "/accounts/login/", {"username": tenant_a.user(Role.RAIDER).username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/").status_code == 200
    client.logout()
    assert client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD}).status_code == 302
    assert client.get("/").url == "/me/security/"
    assert client.get("/api/organizations/").status_code == 403
    assert client.get("/me/security/").status_code == 200
    client.post("/me/security/two-factor/start/")
    code = TOTP(TOTPDevice(key=client.session["two_factor_setup_key"]).bin_key).token()
    assert client.post("/me/security/two-factor/confirm/", {"code": f"{code:06d}"}).status_code == 200
    assert client.get("/").status_code == 200
    # Signing in through SSO counts as done: the identity provider did the MFA
    TOTPDevice.objects.all().delete()
    client.logout()
    idp.user["email"] = "boss@acme.test"
    assert sign_in(client, "boss@acme.test").status_code == 302
    assert signed_in(client) == str(admin.pk)
    assert client.get("/").status_code == 200


def test_the_sso_button_is_on_the_sign_in_page(client):
    page = client.get("/accounts/login/?email=dana@acme.test").content.decode()
    assert "Sign in with SSO" in page and 'value="dana@acme.test"' in page


def test_the_admin_shows_the_configuration_without_its_secret(tenant_a, idp, client):
    config = configure(tenant_a, idp)
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    assert client.get("/admin/integrations/ssoconfig/").status_code == 200
    page = client.get(f"/admin/integrations/ssoconfig/{config.pk}/change/").content.decode()
    assert idp.url in page and oidc_stub.CLIENT_SECRET not in page and config.secrets not in page


def test_sign_ins_read_discovery_and_keys_once_and_follow_a_key_rotation(tenant_a, idp, client):
    """Discovery and the signing keys are fetched once for many sign-ins (a sign-in doesn't wait on
    them each time); a token signed with a key we don't hold yet fetches the keys once more."""
    from django.core.cache import cache

    cache.clear()
    configure(tenant_a, idp)
    idp.gets.clear()
    for _ in range(3):
        assert sign_in(client, "dana@acme.test").status_code == 302
        client.logout()
    assert idp.gets.count("/.well-known/openid-configuration") == 1
    assert idp.gets.count("/jwks") == 1

    idp.rotate()  # the provider signs with a new key from now on
    assert sign_in(client, "dana@acme.test").status_code == 302
    assert signed_in(client)
    assert idp.gets.count("/jwks") == 2  # the new key fetched once, then kept
    client.logout()
    assert sign_in(client, "dana@acme.test").status_code == 302
    assert idp.gets.count("/jwks") == 2


def test_a_forged_kid_fetches_the_keys_once_and_still_signs_nobody_in(tenant_a, idp, client):
    from django.core.cache import cache

    cache.clear()
    configure(tenant_a, idp)
    assert sign_in(client, "dana@acme.test").status_code == 302
    client.logout()
    idp.forger = oidc_stub.RSAKey.generate_key(2048, parameters={"kid": "not-the-providers", "alg": "RS256"})
    idp.gets.clear()
    response = sign_in(client, "dana@acme.test")
    assert response.status_code == 400 and b"did not check out" in response.content
    assert not signed_in(client)
    assert idp.gets.count("/jwks") == 1
