"""One provider call made from a Celery task, the same way for every kind of integration: a refusal
(`Refused`: a wrong key, a refused document) is written where the admin reads it and not retried; a
provider that could not be asked (`Unreachable`: timeout, network, its own 5xx) is retried with
back-off, and written once the retries are spent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .payments.base import Refused, Unreachable

RETRIES = 5


def retry_later(task: Any, exc: Exception) -> bool:
    """Retry `task` with back-off (5 s, 10 s, … up to 5 min); False when it runs eagerly or is spent."""
    if task.request.is_eager or task.request.retries >= task.max_retries:
        return False
    raise task.retry(exc=exc, countdown=min(300, 5 * 2**task.request.retries)) from exc


def provider_call(
    task: Any,
    call: Callable[[], Any],
    failed: Callable[[str], Any],
    succeeded: Callable[[Any], Any],
) -> Any:
    """Run `call()`; on success `succeeded(result)` and the result ("ok" when it is None); on a refusal
    or an unreachable provider `failed(message)` and "refused" / "unreachable"."""
    try:
        result = call()
    except Refused as exc:
        failed(str(exc))
        return "refused"
    except Unreachable as exc:
        retry_later(task, exc)
        failed(str(exc))
        return "unreachable"
    succeeded(result)
    return "ok" if result is None else result
