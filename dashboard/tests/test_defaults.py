"""An org admin sets what a new crew member and an approver see first; the Django admin lists the
defaults; who may set them is a role matrix."""

import pytest
from django.contrib.contenttypes.models import ContentType

from dashboard import services
from dashboard.models import Dashboard
from dashboard.registry import all_widgets
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from dragonfly.testing.matrix import assert_url_matrix

from .helpers import dashboard_url

pytestmark = pytest.mark.django_db
R = Role


def default_post(role, widgets):
    """The defaults form: `widgets` as (key, size) in order."""
    data = {"role": "" if role is None else str(int(role))}
    for place, (key, size) in enumerate(widgets, start=1):
        data.update({f"on_{key}": "on", f"size_{key}": size, f"place_{key}": str(place)})
    return with_sizes(data)


def with_sizes(data):
    for widget in all_widgets():
        data.setdefault(f"size_{widget.key}", "small")
    return data


def test_an_admin_sets_what_each_role_sees_first(tenant_a, login):
    admin = tenant_a.user(R.PHANTOM)
    client = login(admin)
    page = client.get(dashboard_url(tenant_a, "defaults/?role=7"))
    assert page.status_code == 200 and "Default for this role" in page.content.decode()

    # crew (Raiders) start with their tasks, then the week ahead
    raider_default = [("my_work", "wide"), ("upcoming", "small")]
    response = client.post(dashboard_url(tenant_a, "defaults/"), (default_post(R.RAIDER, raider_default)))
    assert response.status_code == 302 and response["Location"].endswith("?role=7")
    # everyone else: the queue first (the budget is on it, but only finance roles will see it)
    everyone = [("review_queue", "wide"), ("budget_burn", "wide"), ("upcoming", "small")]
    assert client.post(dashboard_url(tenant_a, "defaults/"), (default_post(None, everyone))).status_code == 302

    newcomer = make_member(R.RAIDER, tenant_a.org, tenant_a.workspace)
    seen = services.layout_for(newcomer, tenant_a.workspace)
    assert (seen.source, seen.keys) == ("role", ["my_work", "upcoming"])
    assert [p.size for p in seen.placed] == ["wide", "small"]
    approver = services.layout_for(tenant_a.user(R.GLADIATOR), tenant_a.workspace)
    assert (approver.source, approver.keys) == ("workspace", ["review_queue", "budget_burn", "upcoming"])
    navigator = services.layout_for(tenant_a.user(R.NAVIGATOR), tenant_a.workspace)
    assert navigator.keys == ["review_queue", "upcoming"]  # no finance: no budget

    # a person's own dashboard wins over the defaults; the other workspace keeps the built-in one
    services.remove_widget(tenant_a.workspace, actor=newcomer, key="upcoming")
    assert services.layout_for(newcomer, tenant_a.workspace).keys == ["my_work"]
    assert services.layout_for(tenant_a.user(R.GLADIATOR), tenant_a.other_workspace).source == "built-in"

    # the change is in the activity log; clearing a default falls back to the workspace's
    entry = ActivityEntry.objects.filter(content_type=ContentType.objects.get_for_model(Dashboard)).first()
    assert entry.verb == "dashboard.default_set" and entry.workspace == tenant_a.workspace
    assert client.post(dashboard_url(tenant_a, "defaults/clear/"), {"role": "7"}).status_code == 302
    other_raider = make_member(R.RAIDER, tenant_a.org, tenant_a.workspace)
    assert services.layout_for(other_raider, tenant_a.workspace).keys == ["upcoming"]  # what a Raider sees of it


def test_a_refused_default_changes_nothing(tenant_a, login):
    client = login(tenant_a.user(R.PHANTOM))
    data = default_post(None, [("upcoming", "small")])
    data["place_upcoming"] = "-4"
    response = client.post(dashboard_url(tenant_a, "defaults/"), data)
    assert response.status_code == 400 and not Dashboard.objects.exists()
    with pytest.raises(services.DashboardInvalid):
        services.set_default_dashboard(
            tenant_a.workspace, actor=tenant_a.user(R.PHANTOM), role=None, widgets=[("no_such", "small")]
        )
    assert not Dashboard.objects.exists()


def test_who_may_set_the_defaults(tenant_a):
    url = dashboard_url(tenant_a, "defaults/")
    assert_url_matrix(
        tenant_a,
        {
            "open the defaults": ("get", url, None),
            "save a default": ("post", url, (default_post(None, [("upcoming", "small")]))),
            "open one's dashboard": ("get", dashboard_url(tenant_a), None),
        },
        {
            "open the defaults": {R.PHANTOM},
            "save a default": {R.PHANTOM},
            # every member of the workspace has a dashboard (a Merchant's and a Visitor's show what is granted)
            "open one's dashboard": {r for r in R if r != R.LEGEND},
        },
    )


def test_the_django_admin_lists_the_dashboards(tenant_a, login):
    services.set_default_dashboard(
        tenant_a.workspace, actor=tenant_a.user(R.PHANTOM), role=R.RAIDER, widgets=[("my_work", "wide")]
    )
    client = login(tenant_a.user(R.PHANTOM))
    listing = client.get("/admin/dashboard/dashboard/?role=7")
    assert listing.status_code == 200 and "Raider" in listing.content.decode()
    assert client.get("/admin/dashboard/dashboardwidget/?q=my_work").status_code == 200
