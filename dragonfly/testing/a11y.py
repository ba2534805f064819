"""The accessibility walk: which pages a role's navigation reaches, and what axe-core says of each.

Used by dragonfly/tests/test_accessibility.py; kept here so the test reads as the user's story."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING_IMPACTS = ("critical", "serious")

# Never followed: leaving the session, files rather than pages, the Django admin and the API docs
# (Django's and Swagger's own screens, not ours), and pages that act on a GET-less endpoint.
SKIP = re.compile(r"/logout/|\.csv$|\.ics$|\.pdf$|/pdf/$|/print/$|/label/$|/labels/|^/admin/|^/api/|/export")

# Links of a page, grouped: the module navigation, a module's sub-navigation and page-head buttons,
# the first link to an object (a path ending in its id) and the first "new" form of the main content.
COLLECT_LINKS = """() => {
  const own = (a) => a.origin === location.origin && !a.hasAttribute("download");
  const hrefs = (sel) => [...document.querySelectorAll(sel)].filter(own).map((a) => a.pathname);
  const main = [...document.querySelectorAll("main a[href]")].filter(own)
    .filter((a) => !a.closest("nav.subnav, nav.tabs, .pagination, .page-head"));
  const detail = main.find((a) => /\\/\\d+\\/$/.test(a.pathname));
  const form = [...document.querySelectorAll("main a[href]")].filter(own).find((a) => /\\/new\\/$/.test(a.pathname));
  return {
    modules: hrefs("nav.modules a, nav.user-menu a"),
    tabs: hrefs("main nav.subnav a, main nav.tabs a, main .page-head .actions a"),
    subnav: hrefs("main nav.subnav a, main nav.tabs a"),
    detail: detail ? detail.pathname : null,
    form: form ? form.pathname : null,
  };
}"""

# Keyboard focus: the focused element draws an outline or a ring (a box-shadow) that is not "none".
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const ring = s.boxShadow && s.boxShadow !== "none";
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " "
    + (el.textContent || el.name || "").trim().slice(0, 30);
  return {visible: outline || ring, name: name};
}"""


# What sticks out past the right edge of a phone screen: the outermost such elements, so a failure
# names the culprit instead of only "scrolls sideways".
OVERFLOWING = """() => {
  const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 1);
  // an absolutely positioned element escapes its scrolling frame: when nothing else does, name all
  const out = wide.some((el) => !clipped(el)) ? wide.filter((el) => !clipped(el)) : wide;
  const outer = out.filter((el) => !out.includes(el.parentElement));
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "");
  return outer.slice(0, 3).map((el) => name(el) + " " + Math.round(el.getBoundingClientRect().right) + "px");
}"""


SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def module_of(path):
    return path.strip("/").split("/")[0] or "home"


def slug(path):
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def pattern(path):
    """The shape of a URL: two details of one kind of object are one page for this walk."""
    return re.sub(r"/\d+/", "/N/", path)


def walk_role(page, base_url, audit):
    """Visit the pages `page`'s logged-in user reaches from the navigation and call `audit(path)` on
    each once it has loaded: the home page, each module and account page of the header, each
    module's sub-navigation and page-head buttons, then per module one object page (with its tabs)
    and one "new" form, when the role sees a link to them. Returns the paths visited."""
    pages: list[str] = []
    seen_shapes: set[str] = set()
    details: dict[str, str] = {}
    forms: dict[str, str] = {}

    def visit(path):
        if not path or SKIP.search(path) or pattern(path) in seen_shapes:
            return None
        seen_shapes.add(pattern(path))
        page.goto(base_url + path)
        # A module's entry redirects to the current workspace's page: the walk keeps where it landed.
        landed = origin_path(page.url)
        if landed != path:
            if pattern(landed) in seen_shapes:
                return None
            seen_shapes.add(pattern(landed))
        pages.append(landed)
        audit(landed)
        links = page.evaluate(COLLECT_LINKS)
        for kind, store in (("detail", details), ("form", forms)):
            if links[kind] and not SKIP.search(links[kind]):
                store.setdefault(module_of(links[kind]), links[kind])
        return links

    home = visit("/")
    for path in home["modules"]:
        links = visit(path)
        for tab in links["tabs"] if links else []:
            visit(tab)
    for path in details.values():
        # an object's own tabs (a production's schedule, tasks, milestones, ...)
        links = visit(path)
        for tab in links["subnav"] if links else []:
            visit(tab)
    for path in forms.values():
        visit(path)
    return pages


@dataclass
class PageResult:
    role: str
    path: str
    width: int
    counts: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)  # (impact, rule id, nodes, first target)
    passed: set = field(default_factory=set)  # rule ids that found something to check and passed
    same_as: str = ""  # the role whose identical page was audited instead


# The main content without what changes per session (CSRF tokens): two roles shown the same main
# content of a page get the same axe findings, so the walk audits it once (the header and module
# navigation, which do differ per role, are audited on every other page of the role's walk).
MAIN_CONTENT = """() => {
  const main = document.querySelector("main");
  return main ? main.innerHTML.replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, "") : "";
}"""


def run_axe(axe, page):
    """axe-core's default rules (WCAG 2.x A/AA and best practices; `label` is one of them) on the
    page as it is now. axe-playwright-python injects its bundled axe-core on every run; injected
    once per document instead, the second width costs only the run."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")


def axe_result(axe, page, role, path, width):
    response = run_axe(axe, page)
    result = PageResult(role, path, width, counts=dict.fromkeys(IMPACTS, 0))
    result.passed = {rule["id"] for rule in response.get("passes", [])}
    for v in response["violations"]:
        impact = v.get("impact") or "minor"
        result.counts[impact] += len(v["nodes"])
        # the first element and why it fails ("... insufficient color contrast of 3.9 (foreground ...")
        first = v["nodes"][0] if v["nodes"] else {}
        why = " ".join((first.get("failureSummary") or "").split()[-16:])
        target = f"{first.get('target', '')}: {why}"
        result.violations.append((impact, v["id"], len(v["nodes"]), target))
    return result


def report_table(results):
    head = f"{'page':<52} {'role':<11} {'width':>5} {'crit':>5} {'ser':>5} {'mod':>5} {'min':>5}  same as"
    lines = ["axe-core violations by impact (elements affected) per page, role and width", head, "-" * len(head)]
    for r in results:
        c = r.counts
        lines.append(
            f"{r.path:<52} {r.role:<11} {r.width:>5} {c['critical']:>5} {c['serious']:>5} "
            f"{c['moderate']:>5} {c['minor']:>5}  {r.same_as}"
        )
    totals = {i: sum(r.counts[i] for r in results) for i in IMPACTS}
    lines.append("-" * len(head))
    lines.append(
        f"{f'{len(results)} page views':<52} {'':<11} {'':>5} {totals['critical']:>5} {totals['serious']:>5} "
        f"{totals['moderate']:>5} {totals['minor']:>5}"
    )
    rules = sorted({(i, rule) for r in results for i, rule, _, _ in r.violations})
    if rules:
        lines.append("")
        lines.append("rules violated (impact rule: page views)")
        for impact, rule in rules:
            n = sum(1 for r in results for i, ru, _, _ in r.violations if (i, ru) == (impact, rule))
            lines.append(f"  {impact} {rule}: {n}")
    return "\n".join(lines)


def origin_path(url):
    return urlsplit(url).path
