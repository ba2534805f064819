"""The demo organizations (`manage.py seed_demo`) seeded once per test process, for the tests that ask
for them with the `seeded_demo` fixture (conftest.py).

Seeding takes 15-20 s; some thirty tests read the demo (its per-module checks, the parity, list-query
and values walks, the contract test). Each used to seed it again. Now:

- the first test that asks opens a transaction that lasts to the end of the session, seeds the demo
  in it once, and every test that asks runs inside it in its own savepoint (pytest-django's `db`),
  rolled back after it: each sees the demo exactly as seeded plus what it made itself;
- `run_last` moves the tests that ask to the end of the run (in their order), so no other test runs
  while the demo transaction is open; under xdist each worker receives its tests in collection order,
  so each worker seeds at most once;
- `guard` fails a test that runs while the transaction is open without asking for the demo (it would
  see rows it did not set up), and one that asks for it from a transactional test (whose data must
  be committed for its live server: such a test seeds for itself);
- each test reads a cache of its own, a copy of the cache as the seed left it (in-memory, its
  timeouts counted from the test's start): the same warm cache a test saw when it seeded for itself
  (a walk pinning query counts relies on it), while a figure one test cached (an unread count, a
  module switched off) cannot reach the next, as the demo's ids are the same in every test.
"""

import contextlib
import io
import time
import uuid
from collections import OrderedDict
from threading import Lock

import pytest
from django.core.cache.backends import locmem
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FIXTURE = "seeded_demo"
_open = False


def asks(item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def run_last(items) -> None:
    """The tests that read the shared demo go last, each group in its collection order."""
    asking = [item for item in items if asks(item)]
    if asking:
        ids = {id(item) for item in asking}
        items[:] = [item for item in items if id(item) not in ids] + asking


# What the seed left in each cache: alias -> (pickled values by key, seconds left by key, None = no timeout)
_seed_cache: dict[str, tuple[dict, dict]] = {}


def _in_memory(aliases, tag):
    return {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"dragonfly-{tag}-{alias}"}
        for alias in aliases
    }


def _keep_seed_cache(caches) -> None:
    now = time.time()
    for alias, conf in caches.items():
        name = conf["LOCATION"]
        expiry = locmem._expire_info.get(name, {})
        left = {key: None if expiry.get(key) is None else expiry[key] - now for key in locmem._caches.get(name, {})}
        _seed_cache[alias] = (dict(locmem._caches.get(name, {})), left)
        for registry in (locmem._caches, locmem._expire_info, locmem._locks):
            registry.pop(name, None)


@contextlib.contextmanager
def seeded_once(django_db_blocker, media_root):
    """Open the session's demo transaction and seed the demo in it; roll it back at the end."""
    global _open
    from django.conf import settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As Django's TestCase marks its class-wide atomic: a durable block inside a test still opens.
        outer._from_testcase = True
        outer.__enter__()
        try:
            seed_caches = _in_memory(settings.CACHES, f"demo-seed-{uuid.uuid4().hex[:12]}")
            with override_settings(MEDIA_ROOT=media_root, CACHES=seed_caches):
                call_command("seed_demo", stdout=io.StringIO())
            _keep_seed_cache(seed_caches)
            _open = True
            yield
        finally:
            _open = False
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextlib.contextmanager
def seed_cache_copy(settings):
    """The test's own cache: a copy of what the seed left, as if it had just seeded (pytest-django's
    `settings` puts the shared cache back after it)."""
    caches = _in_memory(settings.CACHES, f"demo-{uuid.uuid4().hex[:12]}")
    now = time.time()
    for alias, conf in caches.items():
        values, left = _seed_cache.get(alias, ({}, {}))
        name = conf["LOCATION"]
        locmem._caches[name] = OrderedDict(values)
        locmem._expire_info[name] = {key: None if s is None else now + s for key, s in left.items()}
        locmem._locks[name] = Lock()
    settings.CACHES = caches
    try:
        yield
    finally:
        for conf in caches.values():
            for registry in (locmem._caches, locmem._expire_info, locmem._locks):
                registry.pop(conf["LOCATION"], None)


def guard(request) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if FIXTURE in request.fixturenames:
        if transactional:
            pytest.fail(f"{FIXTURE} is one transaction rolled back at the end: a transactional test seeds for itself")
    elif _open:
        pytest.fail(
            f"{request.node.nodeid} runs while the shared demo is seeded without asking for it: "
            f"tests asking for {FIXTURE} run last (dragonfly/testing/demo.py); was the order changed?"
        )
