"""The production office's pages: list, new, overview and tabs, board, my tasks, compliance."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.roles import Role
from productions.models import ComplianceItem, Milestone, Production, Task
from productions.services import create_task

from .helpers import make_event, make_location, make_production

pytestmark = pytest.mark.django_db
R = Role


def ws_url(tenant, suffix=""):
    return f"/productions/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def test_a_production_manager_creates_a_production_and_walks_its_tabs(
    tenant_a, login, django_capture_on_commit_callbacks
):
    gladiator = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    client = login(gladiator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ws_url(tenant_a, "new/"),
            {
                "name": "Aurora — Madison Square Garden",
                "code": "aur-msg",
                "type": "concert",
                "start_date": "2027-03-01",
                "end_date": "2027-03-02",
                "venue": venue.pk,
                "production_manager": gladiator.pk,
                "tags": "Arena, headline",
                "description": "Two nights.",
            },
        )
    production = Production.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/productions/{production.pk}/"
    assert production.code == "AUR-MSG" and production.tags == "arena, headline"
    assert production.status == "concept" and production.health_score == 100  # calculated after the commit
    for tab in ("", "schedule/", "tasks/", "board/", "milestones/", "compliance/", "advances/", "team/", "edit/"):
        page = client.get(f"/productions/{production.pk}/{tab}")
        assert page.status_code == 200, tab
        assert "Aurora — Madison Square Garden" in page.content.decode()


@pytest.mark.parametrize(
    "role, sees", [(R.GLADIATOR, True), (R.AVIATOR, True), (R.NAVIGATOR, False), (R.PASSENGER, False)]
)
def test_the_financials_tab_shows_only_to_roles_that_read_budgets(tenant_a, login, role, sees):
    production = make_production(tenant_a)
    client = login(tenant_a.user(role))
    page = client.get(f"/productions/{production.pk}/").content.decode()
    link = f'href="/finance/production/{production.pk}/financials/"'
    assert (link in page) is sees
    assert client.get(f"/finance/production/{production.pk}/financials/").status_code == (200 if sees else 404)


def test_the_overview_shows_why_the_health_score_is_what_it_is(tenant_a, login, django_capture_on_commit_callbacks):
    gladiator = tenant_a.user(R.GLADIATOR)
    production = make_production(tenant_a)
    past = datetime.date.today() - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        create_task(production, actor=gladiator, title="Book hotel", due_date=past)
    page = login(gladiator).get(f"/productions/{production.pk}/").content.decode()
    assert "Overdue tasks" in page and "1 open task past its due date" in page
    assert "−3" in page and ">97<" in page


def test_the_list_filters_and_sorts_like_the_api(tenant_a, login):
    make_production(tenant_a, "Alpha", status="planning", tags="outdoor", health_score=40)
    make_production(tenant_a, "Beta", status="concept", tags="outdoor-ish", health_score=90)
    client = login(tenant_a.user(R.NAVIGATOR))
    page = client.get(ws_url(tenant_a), {"tag": "outdoor"})
    names = [p.name for p in page.context["page"].object_list]
    assert names == ["Alpha"]  # a tag matches whole tags only
    page = client.get(ws_url(tenant_a), {"ordering": "health"})
    assert [p.name for p in page.context["page"].object_list] == ["Alpha", "Beta"]
    page = client.get(ws_url(tenant_a), {"health": "poor"})
    assert [p.name for p in page.context["page"].object_list] == ["Alpha"]
    assert client.get(ws_url(tenant_a), {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize("rows", [10, 60])
def test_the_list_costs_the_same_queries_at_10_or_60_rows(tenant_a, login, django_assert_max_num_queries, rows):
    venue = make_location(tenant_a)
    manager = tenant_a.user(R.GLADIATOR)
    Production.objects.bulk_create(
        [
            Production(
                workspace=tenant_a.workspace,
                name=f"Show {i}",
                venue=venue,
                production_manager=manager,
                tags="a, b",
                health_score=i,
            )
            for i in range(rows)
        ]
    )
    client = login(tenant_a.user(R.NAVIGATOR))
    client.get(ws_url(tenant_a))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(ws_url(tenant_a), {"ordering": "health"})
    assert response.status_code == 200


def test_who_may_create_and_move(tenant_a, login):
    production = make_production(tenant_a)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    assert navigator.get(ws_url(tenant_a, "new/")).status_code == 403
    response = navigator.post(f"/productions/{production.pk}/move/", {"to_status": "planning"})
    assert response.status_code == 403
    production.refresh_from_db()
    assert production.status == "concept"
    raider_page = login(tenant_a.user(R.RAIDER)).get(f"/productions/{production.pk}/").content.decode()
    assert "Move to planning" not in raider_page


def test_a_refused_move_on_the_page_says_why_and_changes_nothing(tenant_a, login):
    production = make_production(tenant_a, status="completed")
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(f"/productions/{production.pk}/move/", {"to_status": "planning"})
    assert response.status_code == 409
    assert "This production is already completed; it can&#x27;t be moved to planning." in response.content.decode()
    production.refresh_from_db()
    assert production.status == "completed"


def test_moving_to_planning_on_the_page_adds_the_phase_milestones(tenant_a, login):
    production = make_production(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(f"/productions/{production.pk}/move/", {"to_status": "planning"})
    assert response.status_code == 302
    assert set(Milestone.objects.filter(production=production).values_list("title", flat=True)) == {
        "Budget approved",
        "Venue contract signed",
        "Production schedule drafted",
    }


def test_tasks_on_the_page_board_and_my_tasks(tenant_a, login):
    production = make_production(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    response = navigator.post(
        f"/productions/{production.pk}/tasks/new/",
        {
            "title": "Order barricades",
            "assignee": raider.pk,
            "priority": "high",
            "checklist": "Quote\nPO\n",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert [c.text for c in task.checklist.all()] == ["Quote", "PO"]
    response = navigator.post(
        f"/productions/task/{task.pk}/move/", {"status": "in_progress", "from": "board"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="board"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == "in_progress"
    raider_client = login(raider)
    mine = raider_client.get("/productions/my-tasks/")
    assert [t.title for t in mine.context["page"].object_list] == ["Order barricades"]
    item = task.checklist.first()
    assert raider_client.post(f"/productions/checklist-item/{item.pk}/").status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None
    assert raider_client.post(f"/productions/task/{task.pk}/comment/", {"body": "Quote is in"}).status_code == 302
    assert task.comments.get().body == "Quote is in"


def test_compliance_item_with_a_document(tenant_a, login):
    production = make_production(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    pdf = SimpleUploadedFile("noise-permit.pdf", b"%PDF-1.4\n%permit\n", content_type="application/pdf")
    response = client.post(
        f"/productions/{production.pk}/compliance/new/",
        {
            "kind": "permit",
            "title": "Noise permit",
            "authority": "City of New York",
            "status": "approved",
            "expires_on": (datetime.date.today() + datetime.timedelta(days=200)).isoformat(),
            "document": pdf,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ComplianceItem.objects.get()
    assert item.document.original_name == "noise-permit.pdf" and item.status == "approved"
    assert client.get(f"/files/{item.document.pk}/").status_code == 200
    # a refused file type stores nothing and says why
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = client.post(
        f"/productions/compliance-item/{item.pk}/",
        {"kind": "permit", "title": "Noise permit", "status": "approved", "document": exe},
    )
    assert response.status_code == 400 and "not a file type" in response.content.decode()


def test_the_schedule_tab_lists_the_productions_events(tenant_a, login):
    production = make_production(tenant_a)
    make_event(tenant_a, "Load-in day", production=production)
    page = login(tenant_a.user(R.PASSENGER)).get(f"/productions/{production.pk}/schedule/")
    assert "Load-in day" in page.content.decode()


def test_phase_templates_are_edited_by_org_admins_only(tenant_a, login):
    phantom = login(tenant_a.user(R.PHANTOM))
    page = phantom.get("/productions/phase-milestones/")
    assert page.status_code == 200 and "Permits filed" in page.content.decode()
    response = phantom.post(
        "/productions/phase-milestones/",
        {
            "t-TOTAL_FORMS": "1",
            "t-INITIAL_FORMS": "0",
            "t-0-phase": "planning",
            "t-0-title": "Promoter deal signed",
            "t-0-offset_days": "10",
            "t-0-anchor": "phase_start",
        },
    )
    assert response.status_code == 302
    from productions.models import MilestoneTemplate

    assert list(MilestoneTemplate.objects.values_list("title", flat=True)) == ["Promoter deal signed"]
    gladiator = login(tenant_a.user(R.GLADIATOR))
    assert "Save phase milestones" not in gladiator.get("/productions/phase-milestones/").content.decode()
    assert gladiator.post("/productions/phase-milestones/", {}).status_code == 403
