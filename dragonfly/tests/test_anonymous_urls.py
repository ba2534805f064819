"""Every URL the project routes refuses a visitor who is not signed in, unless it is listed as public.

The walk covers every pattern in the resolver (pages, API, admin), fills its parameters with sample
values, and sends GET and POST without a session. A refusal is a redirect to the login page, a 401 or
403, a 404 or a 405. A new pattern that answers anything else to an anonymous visitor fails this test
until it is refused or added to PUBLIC with the reason it may be public.
"""

import re
import uuid
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib's own regex parser

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, re_path, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

# Patterns an anonymous visitor may use, by "namespace:name" (or route when unnamed), and why.
PUBLIC = {
    "login": "signing in",
    "logout": "signing out ends a session; it has nothing to show",
    "password_reset": "asking for a reset link by e-mail",
    "password_reset_done": "the 'check your mail' page",
    "password_reset_confirm": "the link in the mail; an invalid token says so and changes nothing",
    "password_reset_complete": "the 'you can sign in now' page",
    "healthz": "the load balancer's health check; it says only {'status': 'ok'}",
    "integrations:stripe_webhook": "Stripe posts signed events; an unknown token is a 404, a bad signature a 400",
    "integrations:sso_start": "signing in with the organization's OIDC provider: picks it by the email's domain "
    "(400 naming no organization otherwise) and redirects there",
    "integrations:sso_callback": "the provider's redirect back: state, PKCE and the signed id_token are checked; "
    "anything else is a 400 page and nobody is signed in",
    "admin:login": "the admin's own sign-in page",
    "admin:logout": "signing out of the admin",
    "signup": "opening an account (says it is invite-only when DRAGONFLY_OPEN_SIGNUP is off); throttled",
    "signup_sent": "the 'check your mail' page after signing up",
    "signup_verify": "the signed, expiring link in the sign-up mail; a bad token says so and changes nothing",
    "set_language": "the language switch of the sign-in page: a POST that sets a language cookie, nothing else",
    "invitation_accept": "the invitation link: a hashed, single-use, expiring token; throttled per address",
    "profiles:detail": "a person's profile: shows only the sections its owner made public (404 when none), never "
    "personal data",
    "files:shared": "a file shared outside the organization: a hashed, expiring, revocable token; a dead or "
    "unknown one answers 410/404 and logs nothing",
    "advancing:shared": "an advance shared with an outside collaborator: a hashed, windowed, revocable token "
    "(optional hashed passcode with a lockout); shows that advance's lines only; unknown/reset/revoked 404",
    "advancing:shared_answer": "the collaborator's answer to a line of that advance, after saying who they are "
    "(kept in their session per link); through advancing/sharing.py",
    "advancing:shared_add_line": "the collaborator adds a catalog line to that advance while it is a draft",
    "webmanifest": "the installable app's manifest: the name, colors and icons, the same for everyone",
    "service_worker": "the service worker (/sw.js): a script, the same for everyone; it runs on the sign-in page too",
    "offline": "what a page never opened shows without a network; names no one",
}
REFUSED = {401, 403, 404, 405}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
SAMPLES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "sample/x",
    "uuid": str(uuid.UUID(int=1)),
    "isoday": "2027-06-01",
}
GROUP_SAMPLES = {"format": "json", "pk": "1", "id": "1", "object_id": "1", "content_type_id": "1"}


def walk(resolver=None, prefix="", namespace=""):
    """(identifier, path) for each pattern, with sample values in its parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        piece = sample_path(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + piece, inner)
        elif isinstance(entry, URLPattern):
            ident = f"{namespace}{entry.name}" if entry.name else f"{namespace}{entry.pattern}"
            yield ident, "/" + prefix + piece


def sample_path(pattern):
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], str(pattern))
    assert isinstance(pattern, RegexPattern), pattern
    return _matching(sre_parse.parse(pattern._regex), {})


def _matching(parsed, names):
    """A short string the parsed regex matches; named groups take GROUP_SAMPLES where given."""
    if not names and hasattr(parsed, "state"):
        names = {index: name for name, index in parsed.state.groupdict.items()}
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "SUBPATTERN":
            group = names.get(arg[0])
            out.append(GROUP_SAMPLES.get(group) or _matching(arg[3], names))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, item = arg
            out.append(_matching(item, names) * max(low, 1) if low or str(item[0][0]) != "AT" else "")
        elif name == "BRANCH":
            out.append(_matching(arg[1][0], names))
        elif name == "IN":
            out.append(next(c for c in "1ax" if re.fullmatch(_class_regex(arg), c)))
        elif name in ("ANY", "NOT_LITERAL"):
            out.append("x")
    return "".join(out)


def _class_regex(items):
    negate = any(str(op) == "NEGATE" for op, _ in items)
    chars = "".join(
        re.escape(chr(a)) if str(op) == "LITERAL" else f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}"
        for op, a in items
        if str(op) in ("LITERAL", "RANGE")
    )
    cats = "".join(
        {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w"}.get(str(a), "") for op, a in items if str(op) == "CATEGORY"
    )
    return f"[{'^' if negate else ''}{chars}{cats}]"


URLS = sorted(set(walk()))


def offenders(client, urls):
    """The (method, path, ident, answer) an anonymous visitor was not refused."""
    found = []
    for ident, url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status, location = response.status_code, response.get("Location", "")
            if ident in PUBLIC:
                refused = status < 500  # public: it may answer, but not crash
            elif status in (301, 302):
                refused = location.startswith(LOGIN_PAGES) or (status == 301 and location == url + "/")
            else:
                refused = status in REFUSED
            if not refused:
                found.append((method.upper(), url, ident, f"{status} {location}".strip()))
    return found


def test_an_anonymous_visitor_is_refused_everywhere_but_the_public_urls(client):
    found = offenders(client, URLS)
    assert not found, "answered an anonymous visitor (refuse it, or add it to PUBLIC with a reason):\n" + "\n".join(
        " ".join(row) for row in found
    )


def test_the_walk_reaches_every_part_of_the_site():
    paths = [path for _, path in URLS]
    for part in ("/api/", "/admin/", "/advancing/", "/finance/", "/people/", "/assets/", "/events/", "/productions/"):
        assert any(p.startswith(part) for p in paths), part
    assert len(URLS) > 200


def test_each_named_sample_url_resolves_to_its_own_pattern():
    named = [(ident, path) for ident, path in URLS if not ident.endswith(("$", "/"))]
    wrong = [(ident, path) for ident, path in named if _ident(resolve(path)) != ident]
    assert not wrong, f"the sample path does not reach its pattern (add a sample value): {wrong[:10]}"


def _ident(match):
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def test_the_public_list_names_only_real_patterns():
    assert set(PUBLIC) <= {ident for ident, _ in URLS}


def open_view(request, **kwargs):
    return HttpResponse("anyone can read this")


urlpatterns = [  # the urlconf of the next test: one pattern someone forgot to protect
    path("accounts/login/", login_not_required(open_view), name="login"),
    path("forgotten/<int:pk>/", login_not_required(open_view), name="forgotten"),
    re_path(r"^api/forgotten\.(?P<format>[a-z0-9]+)/?$", login_not_required(open_view), name="forgotten-api"),
]


@pytest.mark.urls(__name__)
def test_a_new_unprotected_url_fails_the_walk(client):
    urls = sorted(set(walk(get_resolver(__name__))))
    assert urls == [
        ("forgotten", "/forgotten/1/"),
        ("forgotten-api", "/api/forgotten.json/"),
        ("login", "/accounts/login/"),
    ]
    assert [(m, p) for m, p, *_ in offenders(client, urls)] == [
        ("GET", "/forgotten/1/"),
        ("POST", "/forgotten/1/"),
        ("GET", "/api/forgotten.json/"),
        ("POST", "/api/forgotten.json/"),
    ]
