"""Shared test helpers: every app builds its tests on these (see conftest.py at the root)."""
