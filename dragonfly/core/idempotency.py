"""Submissions made once: a form or an API call sent again under the same idempotency key answers
what the first one did, and makes nothing twice.

A phone that was offline replays what it queued (static/js/offline.js), and a phone whose answer got
lost retries; either may send the same submission twice. The form carries a hidden `idempotency_key`
(offline.js fills it when empty), an API call the `Idempotency-Key` header. The first submission under
a key runs and its answer is kept (`SubmissionKey`, per user); a later one under the same key by the
same user runs nothing and gets that answer back (a page: the redirect the first one got; the API: the
first answer's status and body). A refused submission keeps no key, so it may be sent again once fixed.
Keys go after a week (the weekly clean-up).

    def new_thing(request):
        return once_per_page(request, lambda: form_page(...))   # a page view's POST

    def create(self, request):                                  # a DRF action
        return once_per_call(request, lambda: self.created(services.create_thing(...)))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import SubmissionKey

T = TypeVar("T")

FORM_FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
KEPT = datetime.timedelta(days=7)  # how long a key answers a replay
_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,100}")


class InvalidKey(DomainError):
    """An idempotency key that is not 8 to 100 letters, digits or - _ . : (a UUID is)."""

    code = "invalid_idempotency_key"


def clean_key(value: Any) -> str | None:
    """The key as sent (None when none was sent); InvalidKey when it is not a usable key."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _KEY.fullmatch(value.strip()):
        raise InvalidKey(_("The idempotency key must be 8 to 100 letters, digits or - _ . : (a UUID is)."))
    return value.strip()


def once(
    user: Any,
    key: str | None,
    run: Callable[[], T],
    *,
    keep: Callable[[T], dict[str, Any] | None],
    replay: Callable[[dict[str, Any]], T],
) -> T:
    """`run()` once per (user, key): the first time its result is kept as `keep(result)` (None: a refusal,
    nothing kept), a later call answers `replay(kept)` without running. No key: just `run()`.

    The key's row is written before `run()` in the same transaction, so a second submission arriving
    while the first still runs waits for it and then replays its answer (or, if it was refused, runs)."""
    key = clean_key(key)
    if key is None or not getattr(user, "is_authenticated", False):
        return run()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = SubmissionKey.objects.create(user=user, key=key)
        except IntegrityError:
            kept = SubmissionKey.objects.filter(user=user, key=key).values_list("result", flat=True).first()
            if kept is None:  # removed in between (the clean-up): run it as new
                return run()
            return replay(kept)
        result = run()
        kept = keep(result)
        if kept is None:
            record.delete()
        else:
            SubmissionKey.objects.filter(pk=record.pk).update(result=kept)
    return result


# --- pages -----------------------------------------------------------------------------------------------
def _kept_redirect(response: HttpResponse) -> dict[str, Any] | None:
    if response.status_code in (301, 302, 303) and response.has_header("Location"):
        return {"redirect": response["Location"]}
    return None  # a page shown again (the input refused): nothing was made


def once_per_page(request: HttpRequest, view: Callable[[], HttpResponse]) -> HttpResponse:
    """A page view whose POST may carry the form's `idempotency_key`: the first POST under a key runs
    `view()` and keeps where it redirected; a replay redirects there again, with a note, doing nothing."""
    if request.method != "POST":
        return view()

    def replay(kept: dict[str, Any]) -> HttpResponse:
        messages.info(request, _("This was already received; nothing was made twice."))
        return redirect(kept.get("redirect") or "home")

    try:
        return once(request.user, request.POST.get(FORM_FIELD), view, keep=_kept_redirect, replay=replay)
    except InvalidKey as exc:
        messages.error(request, str(exc))
        return render(request, "errors/400.html", status=400)


# --- the API ---------------------------------------------------------------------------------------------
def once_per_call(request: Any, call: Callable[[], Any]) -> Any:
    """A DRF action under the `Idempotency-Key` header: the first call's successful answer (status and
    body) is kept, and a replay gets it again; an error answer keeps nothing (InvalidKey is a 400)."""
    from rest_framework.response import Response

    def keep(response: Any) -> dict[str, Any] | None:
        if 200 <= response.status_code < 300:
            return {"status": response.status_code, "data": response.data}
        return None

    def replay(kept: dict[str, Any]) -> Any:
        return Response(kept.get("data"), status=kept.get("status", 200), headers={"Idempotent-Replayed": "true"})

    return once(request.user, request.headers.get(HEADER), call, keep=keep, replay=replay)


# --- the weekly clean-up -----------------------------------------------------------------------------------
def old_submission_keys(now: datetime.datetime, dry_run: bool) -> int:
    old = SubmissionKey.objects.filter(created_at__lt=now - KEPT)
    if dry_run:
        return old.count()
    removed, _counts = old.delete()
    return removed
