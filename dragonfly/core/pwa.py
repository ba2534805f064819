"""The installable app: the web app manifest, the service worker at the site's root, the offline page.

The service worker (templates/core/sw.js) precaches the app shell (styles, scripts, icons, the offline
page), answers the pages network-first with the last copy when the network fails (or the offline page
for a page never opened), and queues a form marked `data-offline` whose POST fails on the network
(static/js/offline.js replays it). It is served from /sw.js, so its scope is the whole site; its
version is a hash of the shell's static URLs (hashed by the manifest storage on a deploy), so a
deploy that changes a file installs a new worker and drops the old shell.
"""

import hashlib
import json
from functools import lru_cache

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOR = "#111827"  # the top bar of static/css/app.css
BACKGROUND_COLOR = "#f5f6f8"  # --bg of static/css/app.css
ICONS = [
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-192.png", "192x192", "maskable"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
]
SHELL = [
    "css/app.css",
    "css/search.css",
    "css/live.css",
    "css/offline.css",
    "vendor/htmx.min.js",
    "js/app.js",
    "js/search.js",
    "js/live.js",
    "js/offline_db.js",
    "js/offline.js",
    "js/advance_form.js",
    "img/favicon.svg",
    *[path for path, _size, _purpose in ICONS],
]


@login_not_required
@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    data = {
        "name": "Dragonfly",
        "short_name": "Dragonfly",
        "description": _("Live-event production: advancing, schedules, crews."),
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": size, "type": "image/png", "purpose": purpose}
            for path, size, purpose in ICONS
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@lru_cache(maxsize=1)
def _shell() -> tuple[str, str]:
    """(the precached URLs as JSON, the worker's version)."""
    urls = [static(path) for path in SHELL] + [reverse("offline")]
    source = get_template("core/sw.js").template.source  # type: ignore[attr-defined]
    version = hashlib.sha256(("\n".join(urls) + source).encode()).hexdigest()[:12]
    return json.dumps(urls), version


@login_not_required
@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    precache, version = _shell()
    context = {
        "precache": precache,
        "version": version,
        "offline_url": json.dumps(reverse("offline")),
        "outbox_url": json.dumps(static("js/offline_db.js")),
        "static_prefix": json.dumps(static("")),
    }
    response = render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")
    return response


@login_not_required
@require_GET
def offline(request):
    """What a page never opened on this phone shows while there is no network (the worker keeps a copy)."""
    return render(request, "core/offline.html")


__all__ = ["manifest", "offline", "service_worker"]
