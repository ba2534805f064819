"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import contextlib
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# The live server runs in a thread of the test process; Playwright's sync API looks async to Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextlib.contextmanager
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            _close_greenlet_connections()


def _close_greenlet_connections():
    # ORM calls made inside the Playwright block open their own connection (Django keys connections
    # by async context there). Left open, it blocks dropping the PostgreSQL test database at the end.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def logged_in_page(browser, base_url, user, password, viewport=DESKTOP):
    """A new page of `browser` with `user` logged in, waiting at most 10 s for anything."""
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(10_000)
    log_in(page, base_url, user.username, password)
    return page


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def click_and_wait(page, target):
    """Click something that loads a new page, and return once that page has loaded.

    A bare click returns before the navigation starts, so reading the page right after it can
    read the old page or an empty one mid-navigation (a CI run failed that way)."""
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        locator.click()


def screenshot(page, path):
    """A full-page screenshot for the artifacts. Headless Chromium now and then answers "Unable to
    capture screenshot" right after a navigation (seen once in CI on the home page): try again, then
    keep the viewport. A screenshot is evidence to look at, never what a test asserts."""
    from playwright.sync_api import Error

    for attempt in range(2):
        try:
            return page.screenshot(path=path, full_page=True)
        except Error:
            page.wait_for_timeout(500 * (attempt + 1))
    return page.screenshot(path=path)
