"""What a token may do. A scope is `read` or `write` (every module) or `<module>:read` /
`<module>:write` (one module, named by its app label: `advancing`, `finance`, ...). `write` includes
`read`. Scopes only narrow: a token never reaches more than its user may, whatever its scopes say.

The modules are the installed apps that serve an API (an `api/urls.py`), so the core names none."""

from __future__ import annotations

import functools
import os
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

READ = "read"
WRITE = "write"
LEVELS = (READ, WRITE)


@functools.cache
def scope_modules() -> tuple[tuple[str, str], ...]:
    """(label, name) of every installed app that serves an API, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith(("django.", "rest_framework", "knox")):
            continue
        if os.path.exists(os.path.join(config.path, "api", "urls.py")):
            found.append((config.label, str(config.verbose_name)))
    return tuple(found)


def scope_choices() -> list[tuple[str, str]]:
    choices = [(READ, _("Read everything")), (WRITE, _("Read and write everything"))]
    for label, name in scope_modules():
        choices.append((f"{label}:{READ}", _("%(module)s: read") % {"module": name}))
        choices.append((f"{label}:{WRITE}", _("%(module)s: read and write") % {"module": name}))
    return choices


def is_valid(scope: Any) -> bool:
    if not isinstance(scope, str):
        return False
    module, _sep, level = scope.rpartition(":")
    return level in LEVELS and (module == "" or module in dict(scope_modules()))


def allows(scopes: list[str], module: str | None, *, write: bool) -> bool:
    """Whether a token with `scopes` may read (or write, with `write`) in `module`."""
    for scope in scopes:
        scope_module, _sep, level = scope.rpartition(":")
        if scope_module and scope_module != module:
            continue
        if level == WRITE or (level == READ and not write):
            return True
    return False


def module_of(obj: Any) -> str | None:
    """The app label of the module that defines `obj`'s class (a DRF view, an MCP tool's module)."""
    name = obj if isinstance(obj, str) else type(obj).__module__
    config = apps.get_containing_app_config(name)
    return config.label if config else None


def refusal(module: str | None, *, write: bool) -> str:
    if write:
        return _("This token may not write to %(module)s: its scopes do not allow it.") % {"module": module}
    return _("This token may not read %(module)s: its scopes do not allow it.") % {"module": module}


SCOPES_HELP = gettext_lazy("read or write everything, or one module: advancing:read, finance:write, ...")
