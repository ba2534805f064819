"""What the people pages share: the org's clock, fetching what the user may see, paging, errors."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.navigation import tab_links
from dragonfly.core.pages import error_status, paginate, safe_querystring, visible_or_404  # noqa: F401 (re-exported)
from dragonfly.tenancy.access import org_timezone


def org_time(workspace):
    """Read and show times in the organization's timezone for the rest of the view."""
    return timezone.override(org_timezone(workspace))


def tabs(workspace, user, active):
    """The people module's sub-navigation: (key, label, url) the user may open."""
    entries = [
        ("crew", _("Crew"), "people:workspace_home"),
        ("schedule", _("Schedule"), "people:schedule"),
        ("availability", _("Availability"), "people:availability"),
        ("teams", _("Teams"), "people:teams"),
        ("certificates", _("Certificates"), "people:certifications"),
    ]
    if user.has_perm("people.view_timeentry", workspace):
        entries += [("time", _("Time"), "people:time_entries"), ("hours", _("Hours report"), "people:hours_report")]
    if user.has_perm("people.view_opening", workspace):
        entries.append(("hiring", _("Hiring"), "people:openings"))
    if user.has_perm("people.view_trainingcourse", workspace):
        entries.append(("training", _("Training"), "people:courses"))
    links = tab_links(workspace, active, entries)
    links["tabs"].append(("me", _("My schedule"), reverse("people:my_schedule")))
    return links
