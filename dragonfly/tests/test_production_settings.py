"""DJANGO_ENV=production: the settings a deployment runs with pass `check --deploy` with no warning.

Each case starts a fresh `manage.py` (settings are read once per process) with only the variables a
deployment sets, so a development default cannot leak into what is checked.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEEP = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k in KEEP}
    return subprocess.run(  # nosec B603 # our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def production(**env):
    return {"DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50), **env}


def test_production_settings_pass_check_deploy_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_is_https_only_with_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = manage("shell", "-c", code, **production())
    assert result.stdout.split("\n")[-2] == "False True True True True ('HTTP_X_FORWARDED_PROTO', 'https')", (
        result.stderr
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG=1 is refused when DJANGO_ENV=production"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG=0"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters in production"),
        ({"DJANGO_ENV": "prod"}, "DJANGO_ENV must be development or production, not 'prod'"),
    ],
)
def test_a_production_mistake_refuses_to_start_with_a_plain_reason(env, message):
    result = manage("check", **production(**env))
    assert result.returncode != 0 and message in result.stderr, result.stderr[-500:]
