"""Every page of every role's navigation, on a phone and a laptop: no sideways scroll at 375 px, no
console or page error, no serious or critical axe-core violation; keyboard focus always shows.

Run with `-s` to see the per-page axe table; it is also written to $ARTIFACTS_DIR/axe-report.txt,
next to a screenshot of every page at both widths (a11y-<role>-<page>-<width>.png)."""

import hashlib
import io
import os
import time
from dataclasses import replace

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from dragonfly.testing.a11y import (
    FAILING_IMPACTS,
    FOCUS_STYLE,
    MAIN_CONTENT,
    OVERFLOWING,
    SETTLED,
    PageResult,
    axe_result,
    origin_path,
    report_table,
    slug,
    walk_role,
)
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, log_in, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The organization admin, the finance approver (budgets, purchase orders), the advance reviewer who
# runs the workspace, a crew member who sees their own work, and the weakest role (public event
# information only). The crew lead (Deviator) sees what the crew member sees plus their team's.
ROLES = ["phantom", "aviator", "gladiator", "raider", "ambassador"]
WIDTHS = [DESKTOP, PHONE]


def watch(page, problems):
    """Record every console error, uncaught script error and failed request of `page`'s own origin."""
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} for {origin_path(r.url)}"),
    )


def test_every_page_of_every_role_is_accessible_on_phone_and_laptop(live_server, artifacts_dir):
    from axe_playwright_python.sync_playwright import Axe

    call_command("seed_demo", stdout=io.StringIO())
    axe = Axe()
    results, failures, visited = [], [], 0
    audited: dict[tuple, list[PageResult]] = {}  # (path, main content) -> its results at both widths
    spent = {"axe": 0.0, "screenshots": 0.0}
    started = time.monotonic()
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(15_000)
        problems: list[str] = []
        watch(page, problems)

        def audit(role, path):
            """Check the loaded page at both widths, and blame it for what went wrong loading it."""
            nonlocal visited
            visited += 1
            seen = audited.get(key := (path, hashlib.sha256(page.evaluate(MAIN_CONTENT).encode()).hexdigest()))
            for i, viewport in enumerate(WIDTHS):
                width = viewport["width"]
                page.set_viewport_size(viewport)
                page.evaluate(SETTLED)  # the page's resize handlers have run
                where = f"{path} as {role} at {width} px"
                if width == PHONE["width"] and not no_horizontal_scroll(page):
                    failures.append(f"{where}: scrolls sideways past {page.evaluate(OVERFLOWING)}")
                clock = time.monotonic()
                if seen:  # another role was shown the same: its findings stand for this one
                    result = replace(seen[i], role=role, same_as=seen[i].role)
                else:
                    result = axe_result(axe, page, role, path, width)
                    audited.setdefault(key, []).append(result)
                    failures.extend(
                        f"{where}: axe {impact} {rule} on {nodes} element(s), first {target}"
                        for impact, rule, nodes, target in result.violations
                        if impact in FAILING_IMPACTS
                    )
                spent["axe"] += time.monotonic() - clock
                results.append(result)
                clock = time.monotonic()
                screenshot(page, os.path.join(artifacts_dir, f"a11y-{role}-{slug(path)}-{width}.png"))
                spent["screenshots"] += time.monotonic() - clock
            page.set_viewport_size(DESKTOP)
            failures.extend(f"{path} as {role}: {p}" for p in problems)
            problems.clear()

        # the one page everybody sees before their navigation
        page.goto(f"{live_server.url}/accounts/login/")
        audit("anonymous", "/accounts/login/")
        for role in ROLES:
            page.context.clear_cookies()
            log_in(page, live_server.url, f"northstar-{role}", DEMO_PASSWORD)
            problems.clear()
            walk_role(page, live_server.url, lambda path, role=role: audit(role, path))
        page.close()

    elapsed = time.monotonic() - started
    table = report_table(results)
    summary = (
        f"{visited} pages, {len(results)} page views ({2 * len(audited)} audited by axe, the rest showed"
        f" a role the same main content as an audited one), {elapsed:.0f} s"
        f" (axe {spent['axe']:.0f} s, screenshots {spent['screenshots']:.0f} s)"
    )
    with open(os.path.join(artifacts_dir, "axe-report.txt"), "w") as out:
        out.write(f"{table}\n\n{summary}\n")
        out.writelines(f"FAIL {f}\n" for f in failures)
    print(f"\n{table}\n\n{summary}")
    # "forms labelled": axe's `label` rule (critical) checked real form fields on the way
    assert any("label" in r.passed for r in results), "axe never checked a form field's label"
    assert not failures, "\n".join(failures)


# A home page, a list with filters and a form: Tab through the first controls of each.
FOCUS_PAGES = ["/", "/productions/", "/advancing/"]
TABS = 15


def test_keyboard_focus_is_visible_on_every_control_tabbed_to(live_server, artifacts_dir):
    call_command("seed_demo", stdout=io.StringIO())
    invisible = []
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, "northstar-gladiator", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/advancing/")
        new_form = page.locator("main a[href$='/new/']").first.get_attribute("href")
        focused = 0
        for path in [*FOCUS_PAGES, new_form]:
            page.goto(live_server.url + path)
            for _ in range(TABS):
                page.keyboard.press("Tab")
                state = page.evaluate(FOCUS_STYLE)
                if state is None:
                    continue
                focused += 1
                if not state["visible"]:
                    invisible.append(f"{path}: {state['name']}")
            screenshot(page, os.path.join(artifacts_dir, f"a11y-focus-{slug(path)}.png"))
        page.close()
    pages = len(FOCUS_PAGES) + 1
    print(f"\nfocus: {focused} controls tabbed to on {pages} pages, {len(invisible)} without a visible ring")
    assert focused >= TABS * 3, "Tab should move through the controls of each page"
    assert not invisible, "no visible focus on:\n" + "\n".join(invisible)
