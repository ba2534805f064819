"""N+1 detection for the test run (django-zeal, a test-only dependency; conftest.py turns it on).

zeal counts loads per line of code for as long as its context lives, so the context is one unit of
work, as in production:

- **each request** (`ZealPerRequest`, first in MIDDLEWARE under pytest): a related object, a reverse
  set or a `.get()` loaded three times from the same line (THRESHOLD) while answering one request is an N+1;
- **each Celery task** (eager in tests; `task_prerun`/`task_postrun`): the same for exports, reports
  and notifications built in the background.

The test body itself is not one unit: a test that creates ten advances through the service, or logs
in three users, repeats the same lines on purpose (zeal tried on the whole test reported exactly
that: `_replace_lines` of ten separate drafts, `Session.get()` of `force_login`); the requests and
tasks it makes are each checked.

A deliberate, bounded repeat goes in `ALLOWLIST` with the reason, never to hide a list's N+1.
"""

from typing import Any

from celery.signals import task_postrun, task_prerun
from zeal.constants import initialize_app_registry
from zeal.listeners import NPlusOneContext, _nplusone_context
from zeal.patch import patch

MIDDLEWARE = "dragonfly.testing.nplusone.ZealPerRequest"

# {"model": "app.Model", "field": "name"} entries, each with why it is deliberate and bounded.
ALLOWLIST: list[dict[str, str]] = [
    # notify() writes one in-app row per recipient with get_or_create, so a dedupe key never makes two
    # (the unique constraint decides a race): bounded by the people told (a workspace's reviewers).
    {"model": "notifications.Notification", "field": "get()"},
    # ... and one outbox row per email to send, idempotent by its key (get_or_create), same bound.
    {"model": "notifications.OutboxMessage", "field": "get()"},
    # Each advance of a bulk decision (queue, admin action) is its own locked transaction
    # (`select_for_update` by id), so one refusal leaves the others decided; a refused action reads the
    # advance once more to show its current state. At most one page of selected advances.
    {"model": "advancing.Advance", "field": "get()"},
    # ContentType.get_for_model() reads a model's row once per process, then from its cache: one
    # request that checks grants on several models reads each once.
    {"model": "contenttypes.ContentType", "field": "get()"},
    # An accounting push sends each document in its own transaction, its sync row locked (get_or_create
    # then `select_for_update` by id) so two runs never create it twice: bounded by a batch per run.
    {"model": "integrations.AccountingSync", "field": "get()"},
    # A CRM push stores each remote id the moment HubSpot returns it (no transaction spans the calls, so a
    # failure halfway forgets nothing): one row write per object sent, bounded by the HTTP calls it makes.
    {"model": "integrations.CrmRecord", "field": "get()"},
    # Vendor routing (a task since it left the approval) numbers each vendor's draft order from the
    # organization's counter, locked per number (next_po_number): bounded by the vendors of one advance.
    {"model": "finance.FinanceSettings", "field": "get()"},
]

# The same line loading three times in one request is an N+1; twice is how a page reads an object
# again after a refused move to show its current state (visible_or_404, get_advance). The list walks
# (dragonfly/tests/test_list_queries.py) read pages of up to 200 rows, far past it.
THRESHOLD = 3

_installed = False
_task_tokens: dict[str, Any] = {}


def install() -> None:
    """Patch the ORM's descriptors once (zeal's AppConfig.ready does this when it is an installed app)
    and check every Celery task."""
    global _installed
    if not _installed:
        initialize_app_registry()
        patch()
        task_prerun.connect(_task_started, weak=False)
        task_postrun.connect(_task_ended, weak=False)
        _installed = True


def _fresh() -> Any:
    return _nplusone_context.set(NPlusOneContext(enabled=True, allowlist=list(ALLOWLIST)))  # type: ignore[arg-type]


def _task_started(task_id=None, **kwargs):
    _task_tokens[task_id] = _fresh()


def _task_ended(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _nplusone_context.reset(token)


class ZealPerRequest:
    """One fresh zeal context per request, whatever the test did before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _fresh()
        try:
            return self.get_response(request)
        finally:
            _nplusone_context.reset(token)
