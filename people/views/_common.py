"""What the people pages share: the org's clock, fetching what the user may see, paging, errors."""

from django.utils import timezone

from dragonfly.core.pages import error_status, paginate, safe_querystring, visible_or_404  # noqa: F401 (re-exported)
from dragonfly.tenancy.access import org_timezone

PER_PAGE = 25


def org_time(workspace):
    """Read and show times in the organization's timezone for the rest of the view."""
    return timezone.override(org_timezone(workspace))


def tabs(workspace, user, active):
    """The people module's sub-navigation: (key, label, url name) the user may open."""
    from django.urls import reverse

    args = [workspace.organization.slug, workspace.slug]
    items = [
        ("crew", "Crew", reverse("people:workspace_home", args=args)),
        ("schedule", "Schedule", reverse("people:schedule", args=args)),
        ("availability", "Availability", reverse("people:availability", args=args)),
        ("teams", "Teams", reverse("people:teams", args=args)),
        ("certificates", "Certificates", reverse("people:certifications", args=args)),
    ]
    if user.has_perm("people.view_timeentry", workspace):
        items.append(("time", "Time", reverse("people:time_entries", args=args)))
        items.append(("hours", "Hours report", reverse("people:hours_report", args=args)))
    items.append(("me", "My schedule", reverse("people:my_schedule")))
    return {"tabs": items, "active_tab": active}
