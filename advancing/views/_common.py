"""What every advancing page shares: fetching an advance the user may see, the action table,
turning domain errors into messages and statuses."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.core.pages import error_status, safe_querystring  # noqa: F401 (re-exported)

from ..models import Advance, AdvanceStatus

S = AdvanceStatus


def visible_advances(user):
    return Advance.objects.visible_to(user)


def get_advance(request, pk, *, with_items=True):
    """The advance if the user may see it, else 404 (another organization's id looks absent)."""
    qs = visible_advances(request.user).select_related(
        "workspace", "workspace__organization", "production", "event", "submitter", "reviewed_by", "fulfilled_by"
    )
    if with_items:
        qs = qs.prefetch_related("items", "items__catalog_item")
    return get_object_or_404(qs, pk=pk)


@dataclass(frozen=True)
class Action:
    """A button on the detail page: the move it makes and the permission the service checks."""

    name: str
    to: str
    perm: str
    label: str
    style: str = ""
    needs_form: bool = False

    def permits(self, advance, user):
        if self.name == "cancel":
            # As cancel_advance decides: the submitter (who may edit it) or an approver.
            own = advance.submitter_id == user.pk and user.has_perm("advancing.change_advance", advance)
            return own or user.has_perm("advancing.approve_advance", advance)
        return user.has_perm(self.perm, advance)


# The moves a person makes from the detail page; which show is decided by
# advance.allowed_moves() (ALLOWED_TRANSITIONS) and user.has_perm(perm, advance).
ACTIONS = {
    a.name: a
    for a in [
        Action("submit", S.SUBMITTED, "advancing.submit_advance", gettext_lazy("Submit"), "primary"),
        Action("start_review", S.UNDER_REVIEW, "advancing.review_advance", gettext_lazy("Start review"), "primary"),
        Action("approve", S.APPROVED, "advancing.approve_advance", gettext_lazy("Approve"), "ok", needs_form=True),
        Action("reject", S.REJECTED, "advancing.approve_advance", gettext_lazy("Reject"), "danger", needs_form=True),
        Action("process", S.IN_PROGRESS, "advancing.approve_advance", gettext_lazy("Start processing"), "primary"),
        Action("cancel", S.CANCELLED, "advancing.change_advance", gettext_lazy("Cancel advance"), "danger"),
    ]
}


def available_actions(advance, user):
    moves = advance.allowed_moves()
    return {name: action for name, action in ACTIONS.items() if action.to in moves and action.permits(advance, user)}


def tidy_filter_form(form):
    """Friendlier labels and widgets for the shared AdvanceFilter form on the pages."""
    labels = {"category": _("Item category"), "priority": _("Priority"), "ordering": _("Sort")}
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    for name in ("workspace", "production", "submitter"):
        if name in form.fields:
            form.fields[name].empty_label = _("Any")
    # Plain choice fields draw their empty option when choices are set: set them again.
    for name, empty in (("category", _("Any")), ("priority", _("Any")), ("ordering", None)):
        if name in form.fields:
            field = form.fields[name]
            choices = [c for c in field.choices if c[0] != ""]
            field.empty_label = empty  # None: no empty option, the first choice is the default order
            field.choices = choices
    for name in ("submitted_after", "submitted_before"):
        if name in form.fields:
            form.fields[name].widget.input_type = "date"
    return form


def status_choice(form):
    """The one status the page's single status select shows as chosen."""
    data = getattr(form, "data", None) or {}
    value = data.get("status", "") if hasattr(data, "get") else ""
    return value if isinstance(value, str) else ""
