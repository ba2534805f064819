# The two set-up commands: `make run` and `make test`. Both work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test check security install install-dev browser libmagic gettext messages lint worker beat serve realtime

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python libmagic
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python libmagic
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian's Chromium drives the browser tests (never `playwright install`: it downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "chromium is missing: installing Debian's chromium for the browser tests (apt-get update + install, a few minutes, once)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# python-magic reads upload types through Debian's libmagic1 (installed when missing).
libmagic:
	@{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q 'libmagic\.so\.1' || { \
	  echo "Installing Debian's libmagic1 for upload type detection"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libmagic1 >/dev/null; }

# Extracting the marked strings (makemessages) needs GNU gettext (Debian's gettext, installed when
# missing); compiling the .mo files does not (polib), so `make run` and `make test` need no system package.
gettext:
	@command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext to extract the translatable strings"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

# Languages (README): extract every marked string into locale/de/LC_MESSAGES/django.po, fill it from
# locale/de/parts/*.po, compile; fails naming each string still without a German translation.
messages: install gettext
	$(BIN)/python manage.py build_messages

run: install
	$(BIN)/python manage.py build_messages --compile
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Open http://$(HOST)/ and sign in with one of the logins above."
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev browser
	$(BIN)/python manage.py build_messages --compile
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

# House style, layers, types (docs/architecture.md) and security: CI runs this before the tests.
check: install-dev gettext
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py build_messages --check
	$(MAKE) security

# Security checks. pip-audit looks the pinned requirements up in PyPI's vulnerability service, which
# may not answer from every machine (.ci/audit_requirements.py: a vulnerability fails; an unaudited pin
# prints a banner, and fails with AUDIT_STRICT=1). bandit reads the
# code (config and justified skips: pyproject.toml, `# nosec <id> # why` on the line). Django's
# deployment checks run with the production settings (DJANGO_ENV=production) and a throwaway key.
security: install-dev
	$(BIN)/python .ci/audit_requirements.py
	$(BIN)/bandit -c pyproject.toml -r . -q
	DJANGO_ENV=production SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# Development: one worker on every queue (production runs one per queue: deploy/README.md). It sends
# the mails, each in its recipient's language: it needs the compiled catalog too.
worker: install
	$(BIN)/python manage.py build_messages --compile
	$(BIN)/celery -A dragonfly worker -Q notifications,default,exports,integrations -l info

beat: install
	$(BIN)/celery -A dragonfly beat -l info

serve: install
	$(BIN)/python manage.py build_messages --compile
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn dragonfly.wsgi --bind $(HOST) --workers 3

# WebSocket next to `make serve` (route /ws/ to it); several share Redis's channel layer (REDIS_URL).
realtime: install
	$(BIN)/daphne -b $(firstword $(subst :, ,$(HOST))) -p 8001 --proxy-headers dragonfly.asgi:application
