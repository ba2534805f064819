"""Sessions for several web processes: read from the shared cache (Redis), kept in the database.

Django's `cached_db` already survives a cache that is away when it reads a key or saves; this store
also survives it where Django's would raise (the cache write after a database read, the existence
check of a new key, the delete at sign-out), so a Redis restart slows pages down for a moment
instead of failing every signed-in request."""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

log = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            return super().load()
        except Exception:  # the cache write after reading the database failed
            log.warning("session cache unavailable: read from the database", exc_info=True)
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:  # the database row is gone; the cached copy expires on its own
            log.warning("session cache unavailable: cached copy left to expire", exc_info=True)
