"""The migrated test database, kept on the PostgreSQL server as a template between test runs.

`migrate` on an empty database takes 60 s of one core on a quiet machine (80-250 s under load), in every
xdist worker of every run, nearly all of it Django rendering migration states. Its result depends only
on the migrations and what they read, so the first run keeps its migrated database as a template
(`<NAME>_tpl_<fingerprint>`, no connections allowed) and later runs copy it (`CREATE DATABASE ...
TEMPLATE`, under a second). The fingerprint covers every migration file, every project module they
import (transitively), the apps' `data/` files (the advancing catalog), this file and the Django
version: change any of them and the next run migrates from scratch and keeps a new template.

A copied database still goes through `migrate` (nothing left to apply), so the post_migrate handlers
(permissions, content types, the catalogs restored from code) run on every run as before.
`--reuse-db` and `--create-db` keep pytest-django's own behaviour; `DRAGONFLY_TEST_TEMPLATE=0` turns
the template off. Only PostgreSQL; SQLite migrates as before."""

import ast
import hashlib
import logging
import os
from pathlib import Path

import django
from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)
_state: dict[str, str] = {}


def enabled() -> bool:
    return os.environ.get("DRAGONFLY_TEST_TEMPLATE", "1") != "0" and connections["default"].vendor == "postgresql"


def _module_file(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_files(root: Path, path: Path) -> set[Path]:
    """The project files `path` imports (`from x import y` counts x and, when it is a module, x.y)."""
    package = list(path.relative_to(root).parent.parts)
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    found = set()
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # a package's __init__ runs too
            file = _module_file(root, ".".join(parts[:depth]))
            if file:
                found.add(file)
    return found


def fingerprint(root: Path | None = None) -> str:
    from django.apps import apps

    root = Path(root or settings.BASE_DIR)
    ours = [Path(app.path) for app in apps.get_app_configs() if Path(app.path).is_relative_to(root)]
    migrations = [file for path in ours for file in path.glob("migrations/*.py")]
    data = [file for path in ours for file in path.glob("data/**/*") if file.is_file()]
    files, todo = set(migrations) | set(data) | {Path(__file__)}, list(migrations)
    while todo:
        for file in _imported_files(root, todo.pop()) - files:
            files.add(file)
            todo.append(file)
    digest = hashlib.sha256(django.get_version().encode())
    for file in sorted(files):
        digest.update(str(file.relative_to(root) if file.is_relative_to(root) else file.name).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _quote(name: str) -> str:
    return connections["default"].ops.quote_name(name)


def copy_template() -> bool:
    """Before the test database is set up: make it a copy of the kept template, if there is one.
    True when it did (pytest-django then keeps the copy instead of creating the database)."""
    if not enabled():
        return False
    connection = connections["default"]
    _state["template"] = template = f"{connection.settings_dict['NAME']}_tpl_{fingerprint()}"
    _state["test_db"] = test_db = connection.creation._get_test_db_name()
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cursor.fetchone() is None:
            return False
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(test_db)}")
        cursor.execute(f"CREATE DATABASE {_quote(test_db)} TEMPLATE {_quote(template)}")
    return True


def keep_as_template() -> None:
    """After a test database was migrated from scratch: keep a copy as the template, and drop the
    templates of older fingerprints. Best effort: another worker may be keeping the same one."""
    if not enabled() or "template" not in _state:
        return
    connection = connections["default"]
    template, prefix = _state["template"], _state["template"].rsplit("_", 1)[0] + "_"
    connection.close()  # a database is copied only while no session is connected to it
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
            kept = {name for (name,) in cursor.fetchall()}
            if template not in kept:
                cursor.execute(f"CREATE DATABASE {_quote(template)} TEMPLATE {_quote(_state['test_db'])}")
                cursor.execute(f"ALTER DATABASE {_quote(template)} ALLOW_CONNECTIONS false")
            for old in kept - {template}:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(old)}")
    except DatabaseError as exc:
        log.warning("test database template not kept: %s", exc)


def drop_copy() -> None:
    """After the run: drop the copied test database (pytest-django drops only what it created)."""
    connection = connections["default"]
    connection.close()
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(_state['test_db'])}")
    except DatabaseError as exc:  # as pytest-django's own teardown: a warning, not a failed run
        log.warning("test database not dropped: %s", exc)
