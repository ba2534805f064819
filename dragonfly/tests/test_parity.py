"""Every list a person can open — the HTML page and the API list — shows exactly the rows
`Model.objects.visible_to(user)` gives them, for every role of the demo organization, and
nothing of the other organization. A new API list without a case here fails the last test."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from dragonfly.tenancy.models import Workspace
from dragonfly.testing.parity import ListCase, api_list_routes, assert_parity


def model(label):
    return apps.get_model(label)


def review_queue_rows(user):
    """Submitted or under review, where the user may review or approve (by role or grant)."""
    advances = model("advancing.Advance").objects
    review = advances.visible_to(user, "advancing.review_advance") | advances.visible_to(
        user, "advancing.approve_advance"
    )
    return review.filter(status__in=["submitted", "under_review"])


def assets_in_service(user):
    from assets.selectors import OUT_OF_SERVICE

    return model("assets.Asset").objects.visible_to(user).exclude(status__in=OUT_OF_SERVICE)


def cases():
    return [
        ListCase(
            model("advancing.Advance"),
            "/api/advancing",
            "advancing:workspace_home",  # "my advances": the ones the user submitted
            page_rows=lambda user: model("advancing.Advance").objects.visible_to(user).filter(submitter=user),
        ),
        ListCase(
            model("advancing.Advance"),
            "/api/advances",
            "advancing:review_queue",
            page_in_workspace=False,
            rows=review_queue_rows,
        ),
        ListCase(model("productions.Production"), "/api/productions/", "productions:workspace_home"),
        ListCase(model("productions.TeamMember"), "/api/production-team/"),
        ListCase(model("productions.Milestone"), "/api/milestones/"),
        ListCase(model("productions.Task"), "/api/tasks/"),
        ListCase(model("productions.ComplianceItem"), "/api/compliance-items/"),
        ListCase(model("locations.Location"), "/api/venues/", "locations:list"),
        ListCase(model("locations.SiteMap"), "/api/site-maps/"),
        ListCase(model("locations.Zone"), "/api/zones/"),
        ListCase(model("locations.Utility"), "/api/utilities/"),
        ListCase(model("locations.MeterReading"), "/api/meter-readings/"),
        ListCase(model("locations.Outage"), "/api/outages/"),
        ListCase(model("events.Event"), "/api/events/"),
        ListCase(model("events.CrewCall"), "/api/crew-calls/"),
        ListCase(model("events.Cue"), "/api/run-of-show-cues/"),
        ListCase(model("events.Incident"), "/api/incidents/", "events:incidents"),
        ListCase(model("people.Person"), "/api/people/", "people:workspace_home"),
        ListCase(model("people.Team"), "/api/people/teams/", "people:teams"),
        ListCase(model("people.Position"), "/api/people/positions/", "people:positions"),
        ListCase(
            model("people.Certification"),
            "/api/people/certifications/",
            "people:certifications",  # the page lists those expired or expiring within 30 days
            page_rows=lambda user: (
                model("people.Certification")
                .objects.visible_to(user)
                .filter(expires_on__lte=timezone.localdate() + datetime.timedelta(days=30))
            ),
        ),
        ListCase(model("people.Assignment"), "/api/people/assignments/"),
        ListCase(model("people.Opening"), "/api/people/openings/", "people:openings"),
        ListCase(model("people.Application"), "/api/people/applications/"),
        ListCase(model("people.ApplicationCertificate"), "/api/people/applicant-certificates/"),
        ListCase(model("people.InterviewNote"), "/api/people/interview-notes/"),
        ListCase(model("people.TrainingCourse"), "/api/people/training-courses/", "people:courses"),
        ListCase(model("people.TrainingSession"), "/api/people/training-sessions/"),
        ListCase(model("people.TrainingRecord"), "/api/people/training-records/"),
        ListCase(model("people.Unavailability"), "/api/people/unavailability/"),
        ListCase(
            model("people.TimeEntry"),
            "/api/people/time-entries/",
            "people:time_entries",  # the approvals page opens on the hours waiting for approval
            page_rows=lambda user: model("people.TimeEntry").objects.visible_to(user).filter(status="pending"),
        ),
        ListCase(model("assets.Asset"), "/api/assets/", "assets:workspace_home"),
        ListCase(model("assets.Kit"), "/api/assets/kits/", "assets:kits"),
        ListCase(model("assets.Reservation"), "/api/assets/reservations/", "assets:reservations"),
        ListCase(
            model("assets.MaintenanceRecord"),
            "/api/assets/maintenance/",
            "assets:maintenance",  # the page opens on the open jobs
            page_rows=lambda user: model("assets.MaintenanceRecord").objects.visible_to(user).filter(status="open"),
        ),
        # Availability and utilization list the assets in service (retired and lost ones are out).
        ListCase(model("assets.Asset"), "/api/assets/", "assets:availability", page_rows=assets_in_service),
        ListCase(model("assets.Asset"), "/api/assets/", "assets:utilization", page_rows=assets_in_service),
        ListCase(model("assets.MaintenanceSchedule"), "/api/assets/maintenance-schedules/"),
        ListCase(model("finance.Company"), "/api/companies/", "finance:companies"),
        ListCase(model("finance.Contact"), "/api/contacts/"),
        ListCase(model("finance.Budget"), "/api/budgets/", "finance:budgets"),
        ListCase(model("finance.BudgetLine"), "/api/budget-lines/"),
        ListCase(model("finance.Expense"), "/api/expenses/", "finance:expenses"),
        ListCase(model("finance.Invoice"), "/api/invoices/", "finance:invoices"),
        ListCase(model("finance.Payment"), "/api/payments/"),
        ListCase(model("finance.PurchaseOrder"), "/api/purchase-orders/", "finance:purchase_orders"),
        ListCase(model("finance.RequestForQuote"), "/api/rfqs/", "finance:rfqs"),
        ListCase(model("finance.Bid"), "/api/bids/"),
        ListCase(model("finance.Agreement"), "/api/agreements/", "finance:agreements"),
        ListCase(model("jobs.JobPosting"), "/api/job-postings/", "jobs:postings"),
        ListCase(model("jobs.Contract"), "/api/contracts/", "jobs:contracts"),
        ListCase(model("tenancy.Invitation"), "/api/invitations/"),  # org admins' (others: 403, i.e. none)
        ListCase(model("files.Document"), "/api/files/", "files:list"),
        ListCase(model("reports.SavedReport"), "/api/reports/saved/", "reports:workspace_home"),
        ListCase(model("reports.ExportJob"), "/api/reports/exports/"),  # the requester's own
        ListCase(model("broadcasts.Broadcast"), "/api/broadcasts/"),  # the record, for those who send them
        ListCase(model("resources.Material"), "/api/resources/materials/", "resources:workspace_home"),
        ListCase(model("resources.Course"), "/api/resources/courses/", "resources:courses"),
        ListCase(model("resources.Lesson"), "/api/resources/lessons/"),
        ListCase(
            model("resources.Enrolment"),
            "/api/resources/enrolments/",
            "resources:mine",  # the learner's own
            page_rows=lambda user: model("resources.Enrolment").objects.visible_to(user).filter(user=user),
        ),
        ListCase(model("resources.Grant"), "/api/resources/grants/", "resources:grants"),
        ListCase(model("resources.GrantApplication"), "/api/resources/grant-applications/", "resources:applications"),
        ListCase(model("finance.PreferredVendor"), "/api/preferred-vendors/", "finance:preferred_vendors"),
        # guest lists (their pages are per event, not per workspace)
        ListCase(model("guests.Allotment"), "/api/guests/allotments/"),
        ListCase(model("guests.GuestRequest"), "/api/guests/requests/"),
        ListCase(model("guests.Accreditation"), "/api/guests/accreditations/"),
    ]


def profile_cases():
    """Profiles are people's, not a workspace's: the owner's privacy choice opens them to other
    organizations, so they are compared for the users of both demo organizations (API lists only)."""
    return [
        ListCase(model("profiles.MemberProfile"), "/api/profiles/", page_in_workspace=False),
        ListCase(model("profiles.WorkHistoryEntry"), "/api/profiles/history/", page_in_workspace=False),
        ListCase(model("profiles.Endorsement"), "/api/profiles/endorsements/", page_in_workspace=False),
    ]


def community_cases():
    """The community is people's and organizations': a public post reaches other organizations, a
    connection two people, so they are compared for the users of both demo organizations (API lists only)."""
    return [
        ListCase(model("community.Post"), "/api/community/posts/", page_in_workspace=False),
        ListCase(model("community.Comment"), "/api/community/comments/", page_in_workspace=False),
        ListCase(model("community.Connection"), "/api/community/connections/", page_in_workspace=False),
        ListCase(model("community.Follow"), "/api/community/follows/", page_in_workspace=False),
        ListCase(model("community.Block"), "/api/community/blocks/", page_in_workspace=False),
        ListCase(model("community.Report"), "/api/community/reports/", page_in_workspace=False),
    ]


def organization_cases():
    """Rows of an organization, not of a workspace, that its admins manage (automation rules and their
    runs, webhook endpoints and their deliveries): compared for the users of both demo organizations."""
    return [
        ListCase(model("automations.AutomationRule"), "/api/automations/rules/", page_in_workspace=False),
        ListCase(model("automations.UsageLog"), "/api/automations/runs/", page_in_workspace=False),
        ListCase(model("webhooks.WebhookEndpoint"), "/api/webhooks/endpoints/", page_in_workspace=False),
        ListCase(model("webhooks.WebhookDelivery"), "/api/webhooks/deliveries/", page_in_workspace=False),
        ListCase(model("integrations.Connection"), "/api/integrations/connections/", page_in_workspace=False),
        # advance templates (organization-wide or one workspace's) and a person's own roll-overs
        ListCase(model("advancing.AdvanceTemplate"), "/api/advancing/templates", page_in_workspace=False),
        ListCase(model("advancing.Rollover"), "/api/advancing/rollovers", page_in_workspace=False),
    ]


def marketplace_cases():
    """Published listings are every signed-in user's and an order is its buyer's and its seller's: compared
    for the users of both demo organizations (the other organization's lists hold them on purpose)."""
    listings = model("marketplace.Listing").objects
    return [
        ListCase(
            model("marketplace.Listing"),
            "/api/marketplace/listings/",
            "marketplace:our_listings",  # the workspace's own, drafts included
            page_rows=lambda user: listings.visible_to(user, "marketplace.view_listing"),
        ),
        ListCase(
            model("marketplace.Order"),
            "/api/marketplace/orders/",
            "marketplace:orders",  # opens on the orders the workspace sells
        ),
        ListCase(model("marketplace.Review"), "/api/marketplace/reviews/", page_in_workspace=False),
    ]


def jobs_cases():
    """A public request for proposals is on every signed-in user's board while it takes bids; a public bid
    is its bidding organization's (compared for the users of both demo organizations: Bluewave bids on
    Northstar's request)."""
    from jobs import selectors

    return [
        ListCase(
            model("jobs.PublicRfp"),
            "/api/public-rfps/",
            "jobs:rfps",
            page_in_workspace=False,
            rows=selectors.public_rfps,
        ),
        ListCase(model("jobs.PublicBid"), "/api/public-bids/", "jobs:public_bids", page_in_workspace=False),
    ]


@pytest.fixture
def demo(seeded_demo):
    from dragonfly.tenancy.invitations import invite
    from dragonfly.tenancy.roles import Role

    for org in ("northstar", "bluewave"):  # the demo sends none; the invitations list needs rows
        admin = get_user_model().objects.get(username=f"{org}-phantom")
        organization = admin.memberships.first().organization
        invite(organization, actor=admin, email=f"new-hand@{org}.example", role=Role.RAIDER, base_url="http://x")
    return get_user_model().objects.filter(username__startswith="northstar-").order_by("username")


def test_every_list_shows_what_visible_to_says_for_every_role(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    compared = assert_parity(cases(), demo, workspace)
    assert compared == len(cases()) * demo.count() > 0


# Rows meant for every organization's signed-in users (a public job posting on the job board).
PUBLIC_BY_DESIGN = {"jobs.JobPosting": {"public": True, "status": "published"}}


def test_the_other_organization_sees_none_of_it(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    outsiders = get_user_model().objects.filter(username__startswith="bluewave-")
    for case in cases():
        mine = case.model.objects.in_workspace(workspace).values_list("pk", flat=True)
        mine = mine.exclude(**PUBLIC_BY_DESIGN.get(case.label, {"pk__in": []}))
        for user in outsiders:
            assert not case.model.objects.visible_to(user).filter(pk__in=mine).exists(), (case.label, user)
    assert_parity(cases(), outsiders, workspace)  # their own lists agree too, and hold none of ours


def test_profiles_show_what_visible_to_says_inside_and_outside_the_organization(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects.filter(username__regex=r"^(northstar|bluewave)-").order_by("username")
    compared = assert_parity(profile_cases(), users, workspace)
    assert compared == len(profile_cases()) * users.count() > 0


def test_marketplace_rows_show_what_visible_to_says_inside_and_outside_the_organization(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects.filter(username__regex=r"^(northstar|bluewave)-").order_by("username")
    compared = assert_parity(marketplace_cases(), users, workspace)
    assert compared == len(marketplace_cases()) * users.count() > 0


def test_public_requests_and_bids_show_what_visible_to_says_in_both_organizations(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects.filter(username__regex=r"^(northstar|bluewave)-").order_by("username")
    assert model("jobs.PublicBid").objects.exists()  # the demo's: Bluewave's bid on Northstar's request
    compared = assert_parity(jobs_cases(), users, workspace)
    assert compared == len(jobs_cases()) * users.count() > 0


def test_community_shows_what_visible_to_says_inside_and_outside_the_organization(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects.filter(username__regex=r"^(northstar|bluewave)-").order_by("username")
    compared = assert_parity(community_cases(), users, workspace)
    assert compared == len(community_cases()) * users.count() > 0


def test_organization_rows_show_what_visible_to_says_inside_and_outside_the_organization(demo):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects.filter(username__regex=r"^(northstar|bluewave)-").order_by("username")
    compared = assert_parity(organization_cases(), users, workspace)
    assert compared == len(organization_cases()) * users.count() > 0
    admin = get_user_model().objects.get(username="northstar-phantom")
    theirs = model("webhooks.WebhookEndpoint").objects.filter(organization__slug="bluewave")
    assert theirs.exists() and not theirs.filter(pk__in=model("webhooks.WebhookEndpoint").objects.visible_to(admin))


# API lists that are not tenant rows, and why.
NOT_TENANT_LISTS = {
    "/api/advancing/catalog": "the catalog is global and read-only: everyone reads the same items",
    "/api/reports/templates": "the report templates the product ships are code, not rows; each runs by its permission",
    "/api/automations/triggers": "the trigger catalog is the platform's, the same for everyone",
    "/api/automations/actions": "the action catalog is the platform's, the same for everyone",
    "/api/tokens": "a person's own API tokens (dragonfly/tokens/tests: nobody else's are listed)",
}


def test_every_api_list_has_a_parity_case():
    every = [
        *cases(),
        *profile_cases(),
        *community_cases(),
        *organization_cases(),
        *marketplace_cases(),
        *jobs_cases(),
    ]
    covered = {case.api.rstrip("/") for case in every} | set(NOT_TENANT_LISTS)
    # The spec's advancing routes also answer with a trailing slash: the same list, counted once.
    missing = sorted(path for path in api_list_routes() if path.rstrip("/") not in covered)
    assert not missing, f"API lists without a parity case in {__file__}: {missing}"


# Workspace list pages whose rows are not one model's visible_to (or not rows at all), and why.
NOT_A_MODEL_LIST = {}


def workspace_list_pages(client, workspace):
    """URL name → model of every page reversed with (org, ws) alone whose context holds a `page` of rows."""
    from django.core.paginator import Page
    from django.urls import NoReverseMatch, reverse

    from dragonfly.testing.isolation import project_patterns

    found = {}
    for route, name, _ in project_patterns():
        if not name or route.count("<") != 2 or "<slug:org_slug>" not in route:
            continue
        try:
            url = reverse(name, args=[workspace.organization.slug, workspace.slug])
        except NoReverseMatch:
            continue
        response = client.get(url)
        page = response.context.get("page") if response.status_code == 200 and response.context else None
        if isinstance(page, Page):
            found[name] = getattr(page.paginator.object_list, "model", None)
    return found


def test_every_list_page_has_a_parity_case(demo):
    from django.test import Client

    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    client = Client()
    client.force_login(get_user_model().objects.get(username="legend"))
    covered = {case.page for case in [*cases(), *marketplace_cases()] if case.page}
    pages = workspace_list_pages(client, workspace)
    missing = sorted(name for name in pages if name not in covered and name not in NOT_A_MODEL_LIST)
    assert not missing, f"List pages without a parity case in {__file__}: {missing}"
    stale = sorted(covered - set(pages) - {"advancing:review_queue"})  # the queue is not per workspace
    assert not stale, f"cases name pages that are not workspace list pages: {stale}"
