"""The cross-organization walk every module's isolation test shares.

Organization A owns objects whose names are markers; members of organization B request every
route (from the URL conf, so new pages are covered automatically) filled with A's ids and slugs:
the answer is a 404 (or B's own, empty list), never A's data, and nothing of A changes."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

from dragonfly.notifications.hooks import VIEWS as EMAIL_HOOKS

# Every object of A is named with one of these, so any page that shows it is caught.
MARKERS = ["Zebra Secret", "Acme Secret Org", "Secret Activation", "secret-rider.pdf"]
MODULE_APPS = [
    "locations",
    "productions",
    "events",
    "people",
    "assets",
    "finance",
    "advancing",
    "profiles",
    "jobs",
    "marketplace",
    "resources",
    "community",
    "automations",
    "integrations",
    "guests",
]
# Pages anyone may open (login, password reset, health, public avatars/logos).
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "files:public",
    "files:shared",
    "logout",
    # starting an organization and joining one: a link from an email, opened before any sign-in
    "signup",
    "signup_sent",
    "signup_verify",
    "invitation_accept",
    # the language switch of the sign-in page: sets a cookie, shows nothing (a GET only redirects)
    "set_language",
    # the installable app: its manifest, service worker and offline page, the same for everyone
    "webmanifest",
    "service_worker",
    "offline",
    # a person's profile: the sections its owner made public, else a 404 (profiles.selectors)
    "profiles:detail",
    # incoming webhooks: a POST signed with the source's secret (401 otherwise); no session, nothing shown
    "hooks:incoming",
    # Stripe's events: a POST signed with the connection's signing secret (400 otherwise), nothing shown
    "integrations:stripe_webhook",
    # Twilio's delivery status and incoming texts: a POST signed with the connection's Auth Token
    # (X-Twilio-Signature; 403 otherwise), nothing shown (integrations/sms/views.py)
    "integrations:twilio_status",
    "integrations:twilio_inbound",
    # signing in: the TOTP step (only with a password-checked pending sign-in in the session, else back
    # to login) and SSO's start and callback (state checked; errors are a page naming no organization)
    "login_verify",
    "integrations:sso_start",
    "integrations:sso_callback",
    # the email providers' bounce and reply webhooks: basic auth with ANYMAIL_WEBHOOK_SECRET (404 until it
    # is set, 401 without it), nothing shown (dragonfly/notifications/hooks.py)
    *(f"email_hooks:{provider}_{kind}" for provider in EMAIL_HOOKS for kind in ("tracking", "inbound")),
    # an advance shared with an outside collaborator: a hashed token finds it (unknown, reset or revoked:
    # 404), the collaborator says who they are first (advancing/views/shared.py)
    "advancing:shared",
    "advancing:shared_answer",
    "advancing:shared_add_line",
}


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None, p


def project_patterns():
    """Our own URLs (the admin has its own test below)."""
    return [(route, name, p) for route, name, p in walk() if not route.startswith("admin/")]


def fill(route, values):
    """Turn a route like 'advancing/<int:pk>/' into a concrete path using `values` per converter."""
    urls = [route]
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        conv, name = match.group(1) or "str", match.group(2)
        options = values.get(name) or values.get(conv) or ["1"]
        urls = [u.replace(match.group(0), str(v), 1) for u in urls for v in options]
    return ["/" + u.lstrip("^").rstrip("$").replace("\\Z", "") for u in urls]


# A route's second id names a child of the object its first id names (an advance's line, a listing's
# photo, a document's version by number): it is filled with A's ids of that child's model, not with
# every id, since any other number names no child of A's object. A route then costs ids × children
# requests instead of ids², which was half of the whole walk. A child model A has no row of gets "1".
CHILD_PARAMS = {
    "item_id": "advancing.AdvanceItem",
    "lesson_pk": "resources.Lesson",
    "photo_pk": "marketplace.ListingPhoto",
    "link_pk": "files.ShareLink",
}


def values_for(tenant_a, objects):
    ids = sorted({str(o.pk) for o in objects.values() if isinstance(o.pk, int)})
    children = {
        name: sorted({str(o.pk) for o in objects.values() if o._meta.label == label}) or ["1"]
        for name, label in CHILD_PARAMS.items()
    }
    return {
        **children,
        "version": ["1"],  # a document's versions are numbered from 1
        "isoday": ["2027-06-01"],  # a day sheet's day (daysheets/urls.py)
        "org_slug": [tenant_a.org.slug],
        "ws_slug": [tenant_a.workspace.slug],
        # A route naming a workspace by id gets A's: any other id might be one of B's own workspaces.
        "workspace_id": [str(tenant_a.workspace.pk)],
        "int": ids,
        "uuid": sorted({str(o.pk) for o in objects.values() if isinstance(o.pk, uuid.UUID)}),
        "slug": [tenant_a.org.slug],
        "str": ["x"],
        "path": ["x"],
    }


def snapshot():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


def routes_under(prefixes):
    """The project's routes that start with one of `prefixes` (a module's pages and API)."""
    return [(route, name, p) for route, name, p in project_patterns() if route.startswith(tuple(prefixes))]


def requests_of_another_org(client, tenant_b, roles, routes, values, methods=("get", "post")):
    """Each of `roles` of B requests every route with A's values: (leaks, wrong statuses) as lines.

    A leak is a page or answer that shows one of A's MARKERS; a wrong status is a 5xx, or anything
    but 404/405 on a route naming an object. PATCH and DELETE go to the API only."""
    leaks, wrong = [], []
    for role in roles:
        client.force_login(tenant_b.user(role))
        for route, name, _ in routes:
            if name == "logout":
                continue  # would end the session the walk runs in
            for url in fill(route, values):
                for method in methods:
                    if method in ("patch", "delete") and not url.startswith("/api/"):
                        continue
                    response = getattr(client, method)(url, follow=False)
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    if any(marker in body.decode("utf-8", "ignore") for marker in MARKERS):
                        leaks.append(f"{role.label} {method.upper()} {url} ({name})")
                    if response.status_code >= 500:
                        wrong.append(f"{role.label} {method.upper()} {url}: {response.status_code}")
                    if "<" in route and name not in PUBLIC and response.status_code not in (404, 405):
                        wrong.append(f"{role.label} {method.upper()} {url} ({name}): {response.status_code}")
    return leaks, wrong


def changed_rows(before):
    """The tables whose row counts moved since `snapshot()` gave `before` (sessions aside)."""
    after = snapshot()
    return {k: (before[k], after[k]) for k in before if before[k] != after[k] and k != "sessions.Session"}


def probe(client, method, url, *, who, name, must_404, leaks, wrong, markers=MARKERS):
    """One request as a member of organization B (`who`): A's markers in the answer go to `leaks`; a
    server error, or anything but 404/405 where the URL names one of A's objects (`must_404`), to `wrong`."""
    response = getattr(client, method)(url, follow=False)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    where = f"{who} {method.upper()} {url}"
    if any(marker in body.decode("utf-8", "ignore") for marker in markers):
        leaks.append(f"{where} ({name})")
    if response.status_code >= 500:
        wrong.append(f"{where}: {response.status_code}")
    if must_404 and response.status_code not in (404, 405):
        wrong.append(f"{where} ({name}): {response.status_code}")
    return response


def assert_another_org_sees_nothing(client, tenant_b, roles, routes, values, methods=("get", "post")):
    """The whole walk as one assertion: B's `roles` see none of A's markers, get 404 on A's objects, and
    change no rows."""
    before = snapshot()
    leaks, wrong = requests_of_another_org(client, tenant_b, roles, routes, values, methods)
    assert not leaks, "Organization A's data shown to B:\n" + "\n".join(leaks)
    assert not wrong, "Expected 404 for A's objects:\n" + "\n".join(wrong)
    changed = changed_rows(before)
    assert not changed, f"B's requests changed rows: {changed}"


def assert_anonymous_sent_to_log_in(client, routes, values):
    """Every non-public route, filled with A's values, answers an anonymous visitor with the login page
    (pages) or 401/403 (API), and shows none of A's markers."""
    for route, name, _ in routes:
        if name in PUBLIC:
            continue
        for url in fill(route, values):
            response = client.get(url)
            body = response.content.decode("utf-8", "ignore") if not response.streaming else ""
            assert not any(m in body for m in MARKERS), url
            if url.startswith("/api/"):
                assert response.status_code in (401, 403), (url, response.status_code)
            else:
                assert response.status_code == 302, (url, response.status_code)
                assert response["Location"].startswith("/accounts/login/"), (url, response["Location"])
