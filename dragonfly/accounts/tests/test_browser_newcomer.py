"""The newcomer's first hour in a real browser: sign up, confirm, start the organization, see the
checklist, invite a teammate; the teammate accepts and lands in the workspace."""

import os
import re

import pytest
from django.core import mail

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, chromium, click_and_wait
from dragonfly.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(pattern):
    return re.findall(pattern, mail.outbox[-1].body)[0]


def test_a_newcomer_starts_an_organization_and_their_teammate_joins(live_server, artifacts_dir, settings):
    settings.OPEN_SIGNUP = True
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{live_server.url}/accounts/signup/")
        page.screenshot(path=os.path.join(artifacts_dir, "newcomer-signup.png"), full_page=True)
        page.fill("#id_first_name", "Nora")
        page.fill("#id_last_name", "Okafor")
        page.fill("#id_email", "nora@example.test")
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        click_and_wait(page, "main button[type=submit]")
        assert "Check your email" in page.content()

        page.goto(_link(r"(http://\S+/accounts/signup/verify/\S+/)"))
        assert "Start your organization" in page.content()
        page.fill("#id_name", "Okafor Live")
        page.fill("#id_workspace_name", "Summer Tour")
        click_and_wait(page, "main button[type=submit]")
        checklist = page.locator("[data-testid=checklist]")
        assert checklist.is_visible() and "Invite your team" in checklist.inner_text()
        assert page.locator("[data-step=invite]").get_attribute("data-done") == "no"
        page.screenshot(path=os.path.join(artifacts_dir, "newcomer-checklist.png"), full_page=True)

        click_and_wait(page, "[data-step=invite] a")
        page.fill("#id_email", "sam@example.test")
        page.fill("#id_name", "Sam")
        page.select_option("#id_role", label="Deviator")
        page.select_option("#id_workspace", label="Summer Tour")
        click_and_wait(page, "main form.stack button[type=submit]")
        assert "Invitation sent to sam@example.test" in page.content()
        page.goto(f"{live_server.url}/")
        assert page.locator("[data-step=invite]").get_attribute("data-done") == "yes"  # ticked itself

        teammate = browser.new_context(viewport=DESKTOP).new_page()
        teammate.goto(_link(r"(http://\S+/invitations/accept/\S+/)"))
        assert "Join Okafor Live" in teammate.content()
        teammate.fill("#id_first_name", "Sam")
        teammate.fill("#id_password1", PASSWORD)
        teammate.fill("#id_password2", PASSWORD)
        click_and_wait(teammate, "main button[type=submit]")
        assert "Welcome to Okafor Live" in teammate.content()
        assert "Okafor Live — Summer Tour" in teammate.locator("#ws-switch option:checked").inner_text()

    membership = Membership.objects.get(user__email="sam@example.test")
    assert (membership.workspace.name, membership.role) == ("Summer Tour", Role.DEVIATOR)
