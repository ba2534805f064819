"""Which modules are switched off, per organization and per workspace: read once, cached, forgotten on save.

An organization admin switches a module off for the whole organization (`Organization.disabled_modules`)
or for one workspace (`Workspace.disabled_modules`). The answer is kept in Django's cache per
organization (one entry holds the organization's list and its workspaces'), and per request on the
user's access (tenancy.access), which is the one place that applies it: a switched-off module's
permissions answer no there, so its navigation entry, its pages, its API and every `visible_to` list
lose it together. Saving an organization or a workspace forgets the entry (signals in apps.py).
"""

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from .roles import MODULE_HOSTS, TOGGLEABLE_MODULES

CACHE_KEY = "dragonfly:modules-off:v1:{}"
CACHE_SECONDS = 6 * 3600
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModulesOff:
    organization: frozenset = frozenset()
    workspaces: dict = field(default_factory=dict)  # workspace id -> frozenset of modules

    def is_off(self, module, workspace_id=None):
        return module in self.organization or module in self.workspaces.get(workspace_id, ())


def module_of(app_label):
    """The switchable module an app's permissions belong to, or None (tenancy, files, … never switch off)."""
    module = MODULE_HOSTS.get(app_label, app_label)
    return module if module in TOGGLEABLE_MODULES else None


def clean_modules(values):
    """The known modules among `values`, sorted: what is stored."""
    return sorted({v for v in values or () if v in TOGGLEABLE_MODULES})


def modules_off(org_ids):
    """organization id -> ModulesOff, from the cache, reading the database only for the missing ones."""
    from .models import Organization, Workspace

    org_ids = {o for o in org_ids if o is not None}
    if not org_ids:
        return {}
    keys = {CACHE_KEY.format(o): o for o in org_ids}
    try:
        cached = cache.get_many(keys)
    except Exception:  # a cache that is away costs a query, never the page (as dragonfly.core.hot)
        log.warning("cache unavailable: switched-off modules read without it", exc_info=True)
        cached = {}
    result = {
        keys[k]: ModulesOff(frozenset(v[0]), {int(w): frozenset(m) for w, m in v[1].items()}) for k, v in cached.items()
    }
    missing = org_ids - set(result)
    if missing:
        raw = {
            pk: (list(off or ()), {})
            for pk, off in Organization.objects.filter(pk__in=missing).values_list("pk", "disabled_modules")
        }
        for ws_id, org_id, off in Workspace.objects.filter(organization_id__in=missing).values_list(
            "pk", "organization_id", "disabled_modules"
        ):
            if off and org_id in raw:
                raw[org_id][1][ws_id] = list(off)
        try:
            cache.set_many({CACHE_KEY.format(o): v for o, v in raw.items()}, CACHE_SECONDS)
        except Exception:
            log.warning("cache unavailable: switched-off modules not kept", exc_info=True)
        for o, v in raw.items():
            result[o] = ModulesOff(frozenset(v[0]), {w: frozenset(m) for w, m in v[1].items()})
    return result


def forget_modules_off(org_id):
    """Drop the cached answer now and once more after commit (a request reading in between can't keep the old one)."""
    key = CACHE_KEY.format(org_id)

    def forget():
        try:
            cache.delete(key)
        except Exception:  # the TTL forgets it then; a save never fails for the cache
            log.warning("cache unavailable: switched-off modules of %s not forgotten", org_id, exc_info=True)

    forget()
    transaction.on_commit(forget)


def organization_saved(sender, instance, **kwargs):
    forget_modules_off(instance.pk)


def workspace_saved(sender, instance, **kwargs):
    forget_modules_off(instance.organization_id)
