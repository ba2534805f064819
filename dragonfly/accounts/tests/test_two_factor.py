"""TOTP two-factor for password sign-in: setup on the security page, the second step at sign-in
(nobody signed in between), recovery codes (each once), switching it off."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dragonfly.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # django-otp slows down guesses by seconds; the session's try limit is what these tests check
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def current_code(user, *, fresh=True):
    device = TOTPDevice.objects.get(user=user)
    if fresh:  # a code is accepted once: let the test use this time step's code again
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def setup_code(client, user):
    """The current code of the key the setup keeps in the session (no device exists before confirming)."""
    device = TOTPDevice(user=user, key=client.session["two_factor_setup_key"])
    return f"{TOTP(device.bin_key).token():06d}"


def enable(client, user):
    client.force_login(user)
    assert client.post("/me/security/two-factor/start/").status_code == 302
    page = client.get("/me/security/").content.decode()
    assert "otpauth://totp/" in page and "<svg" in page
    response = client.post("/me/security/two-factor/confirm/", {"code": setup_code(client, user)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    client.logout()
    return codes


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_setup_needs_the_current_code_and_shows_recovery_codes_once(client):
    user = make_user("tess")
    client.force_login(user)
    client.post("/me/security/two-factor/start/")
    wrong = "000000" if setup_code(client, user) != "000000" else "111111"
    client.post("/me/security/two-factor/confirm/", {"code": wrong})
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.logout()
    codes = enable(client, user)
    assert len(codes) == 10
    # The code that confirmed the setup is spent: it does not also pass the sign-in step
    client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert client.post("/accounts/login/verify/", {"code": current_code(user, fresh=False)}).status_code == 400
    client.force_login(user)
    page = client.get("/me/security/").content.decode()
    assert "10 recovery codes left" in page and codes[0] not in page


def test_password_sign_in_then_the_code(client):
    user = make_user("tess")
    enable(client, user)
    response = client.post("/accounts/login/?next=/me/profile/", {"username": "tess", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert not signed_in(client)
    assert client.get("/").status_code == 302  # nobody signed in between the steps
    wrong = client.post("/accounts/login/verify/", {"code": "12345"})
    assert wrong.status_code == 400 and not signed_in(client)
    response = client.post("/accounts/login/verify/", {"code": current_code(user)})
    assert response.status_code == 302 and response["Location"] == "/me/profile/"
    assert signed_in(client) == str(user.pk)


def test_a_recovery_code_works_once(client):
    user = make_user("tess")
    codes = enable(client, user)
    client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert client.post("/accounts/login/verify/", {"code": codes[0]}).status_code == 302
    assert signed_in(client) == str(user.pk)
    client.logout()
    client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    assert client.post("/accounts/login/verify/", {"code": codes[0]}).status_code == 400
    assert not signed_in(client)


def test_too_many_wrong_codes_send_back_to_the_password(client, settings):
    user = make_user("tess")
    enable(client, user)
    client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})
    for _ in range(settings.TWO_FACTOR_MAX_ATTEMPTS):
        assert client.post("/accounts/login/verify/", {"code": "999999x"}).status_code == 400
    response = client.post("/accounts/login/verify/", {"code": current_code(user)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_the_verify_step_without_a_password_first_goes_to_sign_in(client):
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"


def test_switching_off_needs_a_current_code(client):
    user = make_user("tess")
    enable(client, user)
    client.force_login(user)
    client.post("/me/security/two-factor/disable/", {"code": "nope"})
    assert TOTPDevice.objects.filter(user=user).exists()
    client.post("/me/security/two-factor/disable/", {"code": current_code(user)})
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.logout()
    assert client.post("/accounts/login/", {"username": "tess", "password": PASSWORD})["Location"] == "/"
    assert signed_in(client) == str(user.pk)


def test_a_user_without_two_factor_signs_in_with_the_password_alone(client):
    user = make_user("plain")
    assert client.post("/accounts/login/", {"username": "plain", "password": PASSWORD}).status_code == 302
    assert signed_in(client) == str(user.pk)
