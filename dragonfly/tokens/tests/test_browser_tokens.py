"""In a real browser: a crew lead creates a token for their script, copies the secret shown once, and
revokes it; the page reads well on a desktop and on a 375 px phone."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import (
    DESKTOP,
    PHONE,
    chromium,
    click_and_wait,
    logged_in_page,
    no_horizontal_scroll,
    screenshot,
)
from dragonfly.testing.factories import PASSWORD
from dragonfly.tokens.models import APIToken

SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots/wip-tok")


@pytest.mark.django_db(transaction=True)
def test_a_crew_lead_creates_and_revokes_a_token_in_the_browser(live_server, tenant_a):
    os.makedirs(SHOTS, exist_ok=True)
    crew = tenant_a.user(Role.DEVIATOR)
    with chromium() as browser:
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = logged_in_page(browser, live_server.url, crew, PASSWORD, viewport=viewport)
            page.goto(f"{live_server.url}/me/tokens/")
            page.fill("input[name=name]", f"Stock sync ({label})")
            page.check("input[name=scopes][value=read]")
            page.check("input[name=scopes][value='advancing:write']")
            click_and_wait(page, "button:has-text('Create token')")
            secret = page.inner_text("[data-testid=token-secret]")
            assert secret.startswith("dfly_")
            screenshot(page, f"{SHOTS}/tokens-{label}.png")
            assert no_horizontal_scroll(page)
            assert f"Stock sync ({label})" in page.inner_text("[data-testid=tokens]")
            page.close()
    assert APIToken.objects.filter(user=crew).count() == 2

    with chromium() as browser:
        page = logged_in_page(browser, live_server.url, crew, PASSWORD)
        page.goto(f"{live_server.url}/me/tokens/")
        click_and_wait(page, "[data-testid=tokens] tr:has-text('Stock sync (phone)') button:has-text('Revoke')")
        assert "Stock sync (phone)" not in page.inner_text("[data-testid=tokens]")
    assert list(APIToken.objects.filter(user=crew).values_list("name", flat=True)) == ["Stock sync (desktop)"]
