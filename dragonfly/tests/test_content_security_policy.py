"""The Content-Security-Policy on every response, and templates that need no 'unsafe-inline'.

The browser test (test_browser_csp.py) watches real pages for violations; these are the quick guards
that fail as soon as someone adds an inline script, style or on…= handler to a template.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/healthz", "/api/productions/", "/nothing-here/", "/admin/login/"]
)
def test_every_response_carries_the_policy_without_unsafe_inline(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_a_signed_in_page_carries_the_policy(tenant_a, client):
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get("/")
    assert response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]


def test_no_template_has_an_inline_script_style_or_handler():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {match.group(0)}"
        for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for match in INLINE.finditer(line)
    ]
    assert found == [], "move these into static/js/app.js or a CSS class (the CSP blocks them):\n" + "\n".join(found)


def test_the_api_docs_page_loads_its_script_and_styles_from_files(tenant_a, client):
    client.force_login(tenant_a.user(Role.GLADIATOR))
    page = client.get("/api/docs/").content.decode()
    assert not INLINE.search(page), INLINE.search(page)
    assert '<script src="/api/docs/?script="></script>' in page and "css/swagger.css" in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
