"""A newcomer signs up, confirms their address, starts an organization and finds a checklist at home."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing

from dragonfly.accounts.signup import SALT
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "first_name": "Nora",
    "last_name": "Okafor",
    "email": "Nora@Example.test",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks, settings):
    settings.OPEN_SIGNUP = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/sent/"
    return re.findall(r"http://testserver(/accounts/signup/verify/\S+/)", mail.outbox[0].body)[0]


def test_sign_up_verify_start_an_organization_and_see_the_checklist(client, signed_up):
    user = get_user_model().objects.get(email="nora@example.test")
    assert not user.is_active  # unconfirmed: cannot sign in yet
    refused = client.post("/accounts/login/", {"username": "nora@example.test", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    response = client.get(signed_up)
    assert response.status_code == 302 and response["Location"] == "/accounts/start/"
    response = client.post(
        "/accounts/start/", {"name": "Okafor Live", "workspace_name": "Summer Tour", "timezone": "Europe/London"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    membership = Membership.objects.select_related("organization").get(user__email="nora@example.test")
    assert (membership.organization.name, membership.workspace, membership.role) == ("Okafor Live", None, Role.PHANTOM)
    assert membership.organization.workspaces.get().name == "Summer Tour"

    home = client.get("/")
    steps = {step.key: done for step, done, _ in home.context["checklist"]}
    assert steps == {"invite": False, "production": False, "advance": False, "calendar": False}
    assert b"Getting started" in home.content and b"Invite your team" in home.content

    client.post("/invitations/", {"email": "crew@example.test", "role": int(Role.DEVIATOR)})
    steps = {step.key: done for step, done, _ in client.get("/").context["checklist"]}
    assert steps["invite"] is True  # ticks itself once an invitation went out

    assert client.post("/getting-started/dismiss/").status_code == 400  # a stray post hides nothing
    assert client.get("/").context["checklist"]
    client.post("/getting-started/dismiss/", {"dismiss": "1"})
    assert client.get("/").context["checklist"] is None


def test_a_confirmation_link_works_once_and_a_forged_or_expired_one_is_refused(client, signed_up, settings):
    assert client.get(signed_up).status_code == 302
    client.logout()
    response = client.get(signed_up)
    assert response.status_code == 400 and b"already confirmed" in response.content
    user = get_user_model().objects.get(email="nora@example.test")
    forged = signing.dumps({"u": user.pk, "e": user.email}, salt="another-salt")
    assert b"not valid" in client.get(f"/accounts/signup/verify/{forged}/").content
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    fresh = signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)
    assert b"has expired" in client.get(f"/accounts/signup/verify/{fresh}/").content


def test_a_second_sign_up_with_a_confirmed_address_is_refused(client, signed_up):
    client.get(signed_up)
    client.logout()
    response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 400 and b"already uses this address" in response.content
    assert get_user_model().objects.filter(email__iexact="nora@example.test").count() == 1


def test_with_open_sign_up_off_the_page_says_it_is_invite_only(client, settings):
    settings.OPEN_SIGNUP = True
    assert b"Sign up and start" in client.get("/accounts/login/").content
    settings.OPEN_SIGNUP = False
    assert b"Sign up and start" not in client.get("/accounts/login/").content
    response = client.get("/accounts/signup/")
    assert response.status_code == 200 and b"Invitation only" in response.content
    response = client.post("/accounts/signup/", SIGN_UP)
    assert b"Invitation only" in response.content
    assert not get_user_model().objects.exists() and not mail.outbox


def test_sign_up_posts_are_throttled_per_address(client, settings):
    settings.OPEN_SIGNUP = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "signup": "2/hour"},
    }
    from django.core.cache import cache

    cache.clear()
    codes = [client.post("/accounts/signup/", {**SIGN_UP, "email": f"n{i}@example.test"}).status_code for i in range(3)]
    assert codes == [302, 302, 429]


def test_signing_up_again_before_confirming_mails_a_fresh_link(client, signed_up, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", {**SIGN_UP, "password1": "other-pw-123!", "password2": "other-pw-123!"}
        )
    assert response.status_code == 302 and len(mail.outbox) == 2  # the first mail may have been lost
    assert get_user_model().objects.filter(email__iexact="nora@example.test").count() == 1
    fresh = re.findall(r"http://testserver(/accounts/signup/verify/\S+/)", mail.outbox[1].body)[0]
    assert client.get(fresh).status_code == 302
    client.logout()
    # The second form's password was not taken: only the owner of the mailbox chose the password.
    assert get_user_model().objects.get(email="nora@example.test").check_password(PASSWORD)
