"""An org admin opts in to product analytics (PostHog or Mixpanel); pages opened and advance moves
are buffered and sent from Celery with a keyed hash for the user and no personal data; nothing is
recorded for an organization that did not opt in; against a local stub of both ingestion APIs."""

import pytest
from django.urls import reverse

from advancing.models import AdvanceStatus
from advancing.tests.helpers import make_advance
from dragonfly.tenancy.roles import Role
from integrations.analytics.events import distinct_id, forget_opt_in
from integrations.analytics.tasks import flush_analytics
from integrations.models import AnalyticsEvent, Connection, Kind

from .analytics_stub import MIXPANEL_TOKEN, POSTHOG_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def opt_in(login, committed):
    marked = []

    def post(tenant, provider="posthog", key=POSTHOG_KEY, host=""):
        client = login(tenant.user(Role.PHANTOM))
        body = {"provider": provider, "api_key": key, "host": host}
        marked.append(tenant.org.pk)
        return committed(client.post, reverse("integrations:analytics_connect"), body)

    yield post
    # The opt-in marks live in the cache, which outlives the test's database rows.
    for organization_id in marked:
        forget_opt_in(organization_id)


def home(tenant):
    return reverse("dashboard:workspace_home", args=[tenant.org.slug, tenant.workspace.slug])


def personal(user):
    return [v for v in (user.email, user.username, user.first_name, user.last_name) if v]


def name_user(user, first="Grace", last="Hopper"):
    user.first_name, user.last_name, user.email = first, last, f"{first.lower()}@example.test"
    user.save()
    return user


def test_off_by_default_and_nothing_is_recorded(tenant_a, login, analytics_api):
    client = login(tenant_a.user(Role.PHANTOM))
    body = client.get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="analytics-connection"' in body and "Off until you connect" in body
    make_advance(tenant_a, AdvanceStatus.APPROVED)
    assert not AnalyticsEvent.objects.exists()
    flush_analytics()
    assert analytics_api.bodies == []


def test_posthog_gets_hashed_ids_and_no_personal_data(tenant_a, tenant_b, login, analytics_api, opt_in, committed):
    assert opt_in(tenant_a).status_code == 302
    connection = Connection.objects.get(kind=Kind.ANALYTICS)
    assert POSTHOG_KEY not in connection.secrets and connection.last_success_at is not None
    assert [e["event"] for _k, e in analytics_api.posthog] == ["integration tested"]

    crew = name_user(tenant_a.user(Role.DEVIATOR))
    ops = name_user(tenant_a.user(Role.GLADIATOR), "Alan", "Turing")
    client = login(crew)
    assert client.get(reverse("integrations:connections")).status_code == 403  # no event for an error
    committed(make_advance, tenant_a, AdvanceStatus.APPROVED, submitter=crew)
    # Another organization's people make events too; it did not opt in.
    committed(make_advance, tenant_b, AdvanceStatus.REJECTED)
    assert login(tenant_b.user(Role.GLADIATOR)).get(home(tenant_b)).status_code == 200
    assert AnalyticsEvent.objects.exclude(connection=connection).count() == 0

    flush_analytics()
    assert not AnalyticsEvent.objects.exists()
    events = [e for key, e in analytics_api.posthog if key == POSTHOG_KEY]
    names = [e["event"] for e in events]
    assert "advance submitted" in names and "advance approved" in names
    submitted = next(e for e in events if e["event"] == "advance submitted")
    assert submitted["distinct_id"] == distinct_id(tenant_a.org.pk, crew.pk) != str(crew.pk)
    approved = next(e for e in events if e["event"] == "advance approved")
    assert approved["distinct_id"] == distinct_id(tenant_a.org.pk, ops.pk)
    assert submitted["properties"]["organization_id"] == tenant_a.org.pk
    assert submitted["properties"]["module"] == "advancing"
    everything = b"".join(analytics_api.bodies).decode()
    for user in (crew, ops):
        for value in personal(user):
            assert value not in everything
    assert "Opening night" not in everything  # the advance's free text stays home
    assert distinct_id(tenant_b.org.pk, crew.pk) != distinct_id(tenant_a.org.pk, crew.pk)


def test_page_opened_is_recorded_for_html_pages_of_opted_in_orgs(tenant_a, login, analytics_api, opt_in):
    opt_in(tenant_a)
    user = name_user(tenant_a.user(Role.GLADIATOR))
    client = login(user)
    response = client.get(home(tenant_a))
    assert response.status_code == 200
    rows = list(AnalyticsEvent.objects.filter(name="page opened"))
    assert len(rows) == 1 and rows[0].properties["module"] == "dashboard"
    assert rows[0].distinct_id == distinct_id(tenant_a.org.pk, user.pk)
    flush_analytics()
    opened = [e for _k, e in analytics_api.posthog if e["event"] == "page opened"]
    assert opened and opened[0]["properties"]["page"] == rows[0].properties["page"]
    assert all(v not in b"".join(analytics_api.bodies).decode() for v in personal(user))


def test_mixpanel_gets_the_events_under_its_own_token(tenant_a, tenant_b, login, analytics_api, opt_in, committed):
    assert opt_in(tenant_a, "mixpanel", MIXPANEL_TOKEN).status_code == 302
    crew = name_user(tenant_a.user(Role.DEVIATOR))
    committed(make_advance, tenant_a, AdvanceStatus.SUBMITTED, submitter=crew)
    flush_analytics()
    events = analytics_api.mixpanel
    assert [e["event"] for e in events] == ["integration tested", "advance submitted"]
    assert all(e["properties"]["token"] == MIXPANEL_TOKEN for e in events)
    assert events[1]["properties"]["distinct_id"] == distinct_id(tenant_a.org.pk, crew.pk)
    assert all(v not in b"".join(analytics_api.bodies).decode() for v in personal(crew))


def test_another_orgs_events_never_go_under_this_orgs_key(tenant_a, tenant_b, login, analytics_api, opt_in, committed):
    analytics_api.accepted_keys.add("phc_bravoKey5678")
    opt_in(tenant_a)
    opt_in(tenant_b, key="phc_bravoKey5678")
    committed(make_advance, tenant_a, AdvanceStatus.SUBMITTED)
    committed(make_advance, tenant_b, AdvanceStatus.SUBMITTED)
    flush_analytics()
    by_key = {}
    for key, event in analytics_api.posthog:
        by_key.setdefault(key, set()).add(event["properties"]["organization_id"])
    assert by_key == {POSTHOG_KEY: {tenant_a.org.pk}, "phc_bravoKey5678": {tenant_b.org.pk}}


def test_a_refused_key_is_shown_and_bad_input_changes_nothing(tenant_a, login, analytics_api, opt_in):
    response = opt_in(tenant_a, key="not-a-key")
    assert response.status_code == 400 and "does not look like a PostHog project API key" in response.content.decode()
    assert opt_in(tenant_a, "mixpanel", "xyz").status_code == 400
    assert opt_in(tenant_a, host="http://169.254.169.254").status_code == 400
    assert not Connection.objects.exists()
    opt_in(tenant_a, key="phc_revokedKey0000")
    connection = Connection.objects.get()
    assert "PostHog refused the events" in connection.last_error and "Project API key invalid" in connection.last_error
    page = login(tenant_a.user(Role.PHANTOM)).get(reverse("integrations:connections")).content.decode()
    assert 'data-testid="analytics-last-error"' in page


def test_switching_off_stops_recording_and_drops_waiting_events(tenant_a, login, analytics_api, opt_in, committed):
    opt_in(tenant_a)
    connection = Connection.objects.get()
    committed(make_advance, tenant_a, AdvanceStatus.SUBMITTED)
    assert AnalyticsEvent.objects.count() == 1
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.post(reverse("integrations:analytics_disconnect", args=[connection.pk])).status_code == 302
    committed(make_advance, tenant_a, AdvanceStatus.SUBMITTED)
    flush_analytics()
    assert not AnalyticsEvent.objects.exists()
    assert [e["event"] for _k, e in analytics_api.posthog] == ["integration tested"]


def test_only_the_org_admin_manages_analytics(tenant_a, tenant_b, login, analytics_api, opt_in):
    opt_in(tenant_a)
    connection = Connection.objects.get()
    member = login(tenant_a.user(Role.GLADIATOR))
    for name in ("check", "analytics_disconnect"):
        assert member.post(reverse(f"integrations:{name}", args=[connection.pk])).status_code == 403
    body = {"provider": "posthog", "api_key": POSTHOG_KEY}
    assert member.post(reverse("integrations:analytics_connect"), body).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    for name in ("check", "analytics_disconnect"):
        assert other.post(reverse(f"integrations:{name}", args=[connection.pk])).status_code == 404
    assert Connection.objects.get().is_connected


def test_a_page_asks_the_database_nothing_for_analytics(tenant_a, tenant_b, login, analytics_api, opt_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opt_in(tenant_a)
    for tenant, expected in ((tenant_b, []), (tenant_a, ["INSERT"])):
        client = login(tenant.user(Role.GLADIATOR))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home(tenant)).status_code == 200
        ours = [q["sql"].split()[0] for q in queries if "integration_" in q["sql"]]
        assert ours == expected
