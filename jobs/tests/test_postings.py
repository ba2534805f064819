"""Job postings: a production manager posts a crew position; a crew member of another organization
finds it on the job board and applies; the applicant lands in the hiring pipeline and the screeners
hear of it. A private posting stays inside its workspace."""

import pytest
from django.urls import reverse

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from jobs import services
from jobs.errors import AlreadyApplied, JobsInvalid
from jobs.models import JobApplication, JobPosting
from people.models import Application

from .helpers import make_posting, today

pytestmark = pytest.mark.django_db
R = Role


def ws_url(tenant, suffix=""):
    return f"/jobs/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def test_post_find_apply_and_land_in_hiring(tenant_a, tenant_b, login, django_capture_on_commit_callbacks):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "postings/new/"),
        {
            "title": "Head rigger",
            "place": "Olympiastadion Berlin",
            "starts_on": today(tenant_a).isoformat(),
            "rate": "380",
            "rate_unit": "day",
            "currency": "EUR",
            "certifications": ["rigging", "working_at_height"],
            "public": "on",
            "description": "Lead the rigging crew.",
        },
    )
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.opening.title == "Head rigger" and posting.opening.is_open
    assert posting.certifications == ["rigging", "working_at_height"]

    # A Raider of another organization finds it on the board, with nothing private of Acme's.
    riley = tenant_b.user(R.RAIDER)
    riley.first_name, riley.last_name = "Riley", "Rope"
    riley.save()
    board = login(riley).get(reverse("jobs:board"))
    assert board.status_code == 200 and "Head rigger" in board.content.decode()
    page = login(riley).get(f"/jobs/posting/{posting.pk}/").content.decode()
    assert "Olympiastadion Berlin" in page and "Rigging" in page and "posting-applicants" not in page

    with django_capture_on_commit_callbacks(execute=True):
        applied = login(riley).post(f"/jobs/posting/{posting.pk}/apply/", {"note": "Ten years up high."})
    assert applied.status_code == 302
    application = Application.objects.get()
    assert (application.opening, application.full_name, application.status) == (
        posting.opening,
        "Riley Rope",
        "applied",
    )
    assert application.notes == "Ten years up high." and application.email == riley.email
    assert JobApplication.objects.get().user == riley
    # Who screens applicants in Acme hears of it.
    screeners = set(Notification.objects.filter(title__contains="Head rigger").values_list("recipient", flat=True))
    assert tenant_a.user(R.NAVIGATOR).pk in screeners and riley.pk not in screeners
    # A second application is refused; the page says they applied.
    again = login(riley).post(f"/jobs/posting/{posting.pk}/apply/", {"note": ""})
    assert again.status_code == 409 and Application.objects.count() == 1
    assert 'data-testid="applied"' in login(riley).get(f"/jobs/posting/{posting.pk}/").content.decode()

    # The manager sees the count, closes the posting; it leaves the board and takes no more.
    manager = login(tenant_a.user(R.GLADIATOR))
    assert "1 application through this posting" in manager.get(f"/jobs/posting/{posting.pk}/").content.decode()
    assert manager.post(f"/jobs/posting/{posting.pk}/close/").status_code == 302
    posting.refresh_from_db()
    assert posting.status == "closed" and not posting.opening.is_open
    assert "Head rigger" not in login(riley).get(reverse("jobs:board")).content.decode()
    with pytest.raises(JobsInvalid):
        services.apply_to_posting(posting, actor=tenant_b.user(R.GLADIATOR))


def test_a_private_posting_stays_in_its_workspace(tenant_a, tenant_b, login):
    posting = make_posting(tenant_a, title="Acme internal stagehand", public=False)
    outsider = login(tenant_b.user(R.PHANTOM))
    assert outsider.get(f"/jobs/posting/{posting.pk}/").status_code == 404
    assert outsider.post(f"/jobs/posting/{posting.pk}/apply/").status_code == 404
    assert outsider.post(f"/jobs/posting/{posting.pk}/close/").status_code == 404
    assert outsider.get(f"/api/job-postings/{posting.pk}/").status_code == 404
    assert "Acme internal" not in outsider.get(reverse("jobs:board")).content.decode()
    assert outsider.get("/api/job-postings/").json()["results"] == []
    assert not Application.objects.exists()
    # Inside the workspace, the crew may read it and apply.
    assert login(tenant_a.user(R.NAVIGATOR)).get(f"/jobs/posting/{posting.pk}/").status_code == 200


def test_a_public_posting_cannot_be_closed_by_others(tenant_a, tenant_b, login):
    posting = make_posting(tenant_a)
    assert login(tenant_b.user(R.PHANTOM)).post(f"/jobs/posting/{posting.pk}/close/").status_code == 403
    assert login(tenant_a.user(R.NAVIGATOR)).post(f"/jobs/posting/{posting.pk}/close/").status_code == 403
    posting.refresh_from_db()
    assert posting.status == "published"


@pytest.mark.parametrize("role", [R.NAVIGATOR, R.DEVIATOR, R.RAIDER, R.PASSENGER])
def test_roles_that_may_not_post_get_403(tenant_a, login, role):
    client = login(tenant_a.user(role))
    assert client.get(ws_url(tenant_a, "postings/new/")).status_code == 403
    assert client.post(ws_url(tenant_a, "postings/new/"), {"title": "x", "starts_on": "2030-01-01"}).status_code == 403
    assert not JobPosting.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "postings/new/"),
        {"title": "Rigger", "starts_on": "2030-01-10", "ends_on": "2030-01-01", "rate_unit": "day"},
    )
    assert response.status_code == 400 and "before the start date" in response.content.decode()
    assert not JobPosting.objects.exists() and not Application.objects.exists()
    posting = make_posting(tenant_a)
    services.apply_to_posting(posting, actor=tenant_a.user(R.RAIDER))
    with pytest.raises(AlreadyApplied):
        services.apply_to_posting(posting, actor=tenant_a.user(R.RAIDER))


def test_the_posting_lists_pin_their_queries(tenant_a, login, django_assert_max_num_queries):
    for n in range(3):
        make_posting(tenant_a, title=f"Job {n}")
    client = login(tenant_a.user(R.GLADIATOR))
    client.get(ws_url(tenant_a, "postings/"))
    client.get(reverse("jobs:board"))
    with django_assert_max_num_queries(20) as workspace_page:
        assert len(client.get(ws_url(tenant_a, "postings/")).context["page"].object_list) == 3
    with django_assert_max_num_queries(20) as board_page:
        assert len(client.get(reverse("jobs:board")).context["page"].object_list) == 3
    for n in range(3, 8):
        make_posting(tenant_a, title=f"Job {n}")
    with django_assert_max_num_queries(len(workspace_page)):
        client.get(ws_url(tenant_a, "postings/"))
    with django_assert_max_num_queries(len(board_page)):
        client.get(reverse("jobs:board"))
