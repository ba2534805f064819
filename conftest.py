import os

import pytest

from dragonfly.celery import app as celery_app
from dragonfly.testing import demo as shared_demo
from dragonfly.testing import nplusone, testdb
from dragonfly.testing.factories import PASSWORD, Tenant

# Tests run tasks in-process so they can assert outcomes; the Redis round trip has its own test.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True

# N+1 queries fail the test that triggers them (django-zeal, test-only; dragonfly/testing/nplusone.py):
# patched here rather than from INSTALLED_APPS, so the settings stay free of test tools.
nplusone.install()


@pytest.fixture(autouse=True)
def _no_n_plus_one(settings):
    """A related object or set loaded once per row (three times from one line of code) while
    answering one request or running one task raises NPlusOneError: fix the queryset
    (select_related, prefetch_related, an annotation)."""
    settings.MIDDLEWARE = [nplusone.MIDDLEWARE, *settings.MIDDLEWARE]
    settings.ZEAL_NPLUSONE_THRESHOLD = nplusone.THRESHOLD


@pytest.fixture(autouse=True)
def _no_socket_on_the_wsgi_live_server(request, settings):
    """pytest-django's live server speaks WSGI only, so its pages open no WebSocket (they would log a
    failed handshake on every page); dragonfly/testing/asgi.py serves the pages that do."""
    if "live_server" in request.fixturenames:
        settings.REALTIME_SOCKET = ""


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker):
    """pytest-django keeps (does not create) the test database when it was copied from the migrated
    template of an earlier run (dragonfly/testing/testdb.py); --reuse-db and --create-db as before."""
    if request.config.getvalue("reuse_db") or request.config.getvalue("create_db"):
        return request.config.getvalue("reuse_db")
    with django_db_blocker.unblock():
        return testdb.copy_template()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_keepdb, django_db_blocker, request):
    copied = django_db_keepdb and not request.config.getvalue("reuse_db")
    if not copied and not request.config.getvalue("reuse_db"):
        with django_db_blocker.unblock():
            testdb.keep_as_template()
    yield
    if copied:
        with django_db_blocker.unblock():
            testdb.drop_copy()


@pytest.fixture(scope="session")
def _demo_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once in this process, in a transaction rolled back at the end (dragonfly/testing/demo.py)."""
    media = tmp_path_factory.mktemp("demo-media")  # the demo's uploads (photos, documents, exports)
    with shared_demo.seeded_once(django_db_blocker, media):
        yield media


@pytest.fixture
def seeded_demo(_demo_transaction, db, settings):
    """The demo organizations as `manage.py seed_demo` leaves them, seeded once per process: the test runs
    in a savepoint of the seed's transaction and sees the demo plus what it makes. Tests asking for it run
    last; a transactional test (live server) cannot share it and calls seed_demo itself."""
    settings.MEDIA_ROOT = _demo_transaction
    with shared_demo.seed_cache_copy(settings):
        yield


@pytest.fixture(autouse=True)
def _shared_demo_only_where_asked(request):
    shared_demo.guard(request)


def pytest_collection_modifyitems(items):
    shared_demo.run_last(items)


@pytest.fixture(autouse=True, scope="session")
def _a_cache_of_its_own_per_worker():
    """The xdist workers share one Redis, and a test's cache.clear() is a FLUSHDB: it emptied the other
    worker's cache between two requests of a test that pins what the second one reads from it. Each
    worker caches in a Redis database of its own (the one after REDIS_URL's, plus its number).
    Channel-layer groups are named after row ids, which both workers' databases reuse: each worker's
    groups get a prefix of their own, or one worker's sockets hear the other's pushes."""
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.test import override_settings

    worker, url = os.environ.get("PYTEST_XDIST_WORKER", ""), settings.REDIS_URL
    if not worker.removeprefix("gw").isdigit() or not url:
        yield
        return
    parts = urlsplit(url)
    db = (int(parts.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))) % 16
    default = {**settings.CACHES["default"], "LOCATION": urlunsplit(parts._replace(path=f"/{db}"))}
    layer = settings.CHANNEL_LAYERS["default"]
    layer = {**layer, "CONFIG": {**layer["CONFIG"], "prefix": f"asgi-{worker}"}}
    with override_settings(CACHES={**settings.CACHES, "default": default}, CHANNEL_LAYERS={"default": layer}):
        yield


@pytest.fixture
def tenant_a(db):
    return Tenant("Acme")


@pytest.fixture
def tenant_b(db):
    return Tenant("Bravo")


@pytest.fixture
def login(client):
    """Log a user into the test client: `login(user)` returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def artifacts_dir():
    path = os.environ.get("ARTIFACTS_DIR", os.path.join(os.path.dirname(__file__), "artifacts"))
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_api_throttling(settings):
    """No rate limits unless a test sets them: the counts live in the shared cache (Redis on CI) under
    user ids that every test database reuses, so a walk over every URL would be throttled by the
    requests of earlier tests. The throttle tests set low rates themselves."""
    rates = {scope: None for scope in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


__all__ = ["PASSWORD"]


def pytest_sessionstart(session):
    """German pages read the compiled catalog: build it from the committed catalog and the translators'
    part files (polib, a fraction of a second), so a plain `pytest` on a fresh clone reads German too."""
    from pathlib import Path

    from dragonfly.core.catalog import compile_catalogs

    compile_catalogs(Path(__file__).resolve().parent / "locale", ["de"])


def pytest_runtest_logreport(report):
    """Name a failure the moment it happens (xdist's -q prints only `F` until the end), so a run that
    is cut short (CI's time limit) still says which tests failed."""
    if report.failed and not hasattr(report, "wasxfail") and not os.environ.get("PYTEST_XDIST_WORKER"):
        import sys  # (said once, by the controller: a worker's stderr reaches the terminal too)

        sys.stderr.write(f"\nFAILED NOW: {report.nodeid} ({report.when})\n")
