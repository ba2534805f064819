"""The ops review queue: filters, sort, pagination, bulk approve/reject."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import clean_query, paginate
from dragonfly.tenancy.access import get_access

from .. import selectors, services
from ..filters import AdvanceFilter
from ..forms import BulkDecisionForm
from ..models import REVIEW_QUEUE_STATUSES
from ._common import safe_querystring, status_choice, tidy_filter_form

# The filters the queue page shows (status is drawn as a single select of the queue's statuses).
QUEUE_FILTER_FIELDS = (
    "workspace",
    "production",
    "team",
    "activation",
    "submitter",
    "category",
    "priority",
    "submitted_after",
    "submitted_before",
    "ordering",
)


def may_approve_somewhere(user):
    """Whether to show the bulk approve/reject controls: a role or a grant that approves."""
    if user.has_perm("advancing.approve_advance"):
        return True
    return any(code == "approve_advance" for _, _, code in get_access(user).grants)


def filtered_queue(request):
    """(filterset, rows, valid) of the review queue for this user, filtered by the GET query.
    Only who may review or approve somewhere has a queue: for anyone else it is a 403, not an empty
    page whose filters would still list the organization's people."""
    if not selectors.may_review_somewhere(request.user):
        raise PermissionDenied(_("Only reviewers have a review queue."))
    query = clean_query(request)
    filterset = AdvanceFilter(query or None, queryset=selectors.review_queue(request.user), request=request)
    tidy_filter_form(filterset.form)  # before validation, which caches the bound fields and their labels
    if filterset.is_bound and not filterset.is_valid():
        return filterset, filterset.queryset.none(), False
    return filterset, filterset.qs, True


def review_queue(request):
    filterset, rows, valid = filtered_queue(request)
    page = paginate(request, rows)
    querystring = safe_querystring(request)
    form = filterset.form
    context = {
        "filter_form": form,
        "filter_fields": [form[name] for name in QUEUE_FILTER_FIELDS if name in form.fields],
        "status_choices": [(s.value, s.label) for s in REVIEW_QUEUE_STATUSES],
        "status_chosen": status_choice(form),
        "page": page,
        "querystring": querystring,
        "export_url": reverse("advancing:queue_export") + (f"?{querystring}" if querystring else ""),
        "can_decide": may_approve_somewhere(request.user),
    }
    return render(request, "advancing/queue.html", context, status=200 if valid else 400)


def _back_to_queue(request):
    """The queue with the filters the decision was made under (re-encoded, never a raw redirect)."""
    query = QueryDict(request.POST.get("querystring", "")[:2000], mutable=True)
    query.pop("page", None)
    encoded = query.urlencode()
    return redirect(reverse("advancing:review_queue") + (f"?{encoded}" if encoded else ""))


@require_POST
def bulk_decide(request):
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_queue(request)
    decision = form.cleaned_data["decision"]
    try:
        done, refused = services.bulk_decide(
            form.cleaned_data["ids"], actor=request.user, decision=decision, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back_to_queue(request)
    if done:
        if decision == "approve":
            text = ngettext("%(n)s advance approved.", "%(n)s advances approved.", len(done))
        else:
            text = ngettext("%(n)s advance rejected.", "%(n)s advances rejected.", len(done))
        messages.success(request, text % {"n": len(done)})
    for advance_id, message in refused:
        messages.warning(request, f"#{advance_id}: {message}")  # the service's refusal, already translated
    return _back_to_queue(request)
