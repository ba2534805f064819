"""An advance names the show day it is for (an event of its workspace and production the crew may see),
on the draft form and through the API; the list filters by it; copies never keep it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from advancing import services, templating
from advancing.errors import AdvanceInvalid, InvalidTransition
from advancing.models import Advance, RolloverCopy
from advancing.rollover import request_rollover
from advancing.tests.helpers import S, catalog_item, line_post, lines, make_advance, new_url, text
from dragonfly.tenancy.roles import Role
from events.models import Event, EventStatus
from productions.tests.helpers import make_event, make_production

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def tour(tenant_a):
    production = make_production(tenant_a, "Aurora — Europe")
    tuesday = make_event(
        tenant_a, "Aurora Hamburg", start=timezone.now() + datetime.timedelta(days=3), production=production
    )
    other_show = make_production(tenant_a, "Gala")
    gala = make_event(tenant_a, "Gala night", production=other_show)
    return production, tuesday, gala


def test_crew_name_the_show_day_on_the_draft_form_and_the_page_shows_it(tenant_a, tour, login):
    production, tuesday, _gala = tour
    client = login(tenant_a.user(Role.DEVIATOR))
    form = text(client.get(new_url(tenant_a)))
    assert "Show day" in form and "Aurora Hamburg" in form and "The whole production" in form
    pa = catalog_item()
    body = [{"catalog_item": pa.pk, "name": pa.name, "unit": "Per Unit/Day", "quantity": "2", "unit_cost": "100"}]
    response = client.post(
        new_url(tenant_a), line_post(body, production=production.pk, event=tuesday.pk, activation_name="Hamburg")
    )
    assert response.status_code == 302
    advance = Advance.objects.get(activation_name="Hamburg")
    assert advance.event == tuesday
    page = text(client.get(reverse("advancing:detail", args=[advance.pk])))
    assert 'data-testid="show-day"' in page and "Aurora Hamburg" in page


def test_a_show_day_of_another_production_is_a_form_error_and_changes_nothing(tenant_a, tour, login):
    production, _tuesday, gala = tour
    client = login(tenant_a.user(Role.DEVIATOR))
    pa = catalog_item()
    body = [{"catalog_item": pa.pk, "name": pa.name, "unit": "Per Unit/Day", "quantity": "1", "unit_cost": "1"}]
    response = client.post(
        new_url(tenant_a), line_post(body, production=production.pk, event=gala.pk, activation_name="Mixed up")
    )
    assert response.status_code == 400
    assert "Pick a show day of this workspace" in text(response)
    assert not Advance.objects.filter(activation_name="Mixed up").exists()


def test_another_organizations_event_is_refused_by_the_service_and_the_api(tenant_a, tenant_b, tour, login):
    production, _tuesday, _gala = tour
    theirs = make_event(tenant_b, "Bravo show")
    crew = tenant_a.user(Role.DEVIATOR)
    with pytest.raises(AdvanceInvalid):
        services.create_advance(actor=crew, workspace=tenant_a.workspace, event=theirs, items=lines())

    client = login(crew)
    body = {"workspace_id": tenant_a.workspace.pk, "activation_name": "Sneaky", "items": [], "event": theirs.pk}
    response = client.post("/api/advancing", body, content_type=JSON)
    assert response.status_code == 400 and response["Content-Type"].startswith(JSON)
    assert "event" in response.json()["errors"] or "event" in str(response.json())
    assert not Advance.objects.filter(activation_name="Sneaky").exists()

    advance = make_advance(tenant_a, submitter=crew)
    response = client.patch(f"/api/advancing/{advance.pk}", {"event": theirs.pk}, content_type=JSON)
    assert response.status_code == 400
    advance.refresh_from_db()
    assert advance.event is None


def test_the_api_sets_and_clears_the_show_day_of_a_draft(tenant_a, tour, login):
    production, tuesday, gala = tour
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    created = client.post(
        "/api/advancing",
        {"project_id": production.pk, "event": tuesday.pk, "activation_name": "Hamburg", "items": []},
        content_type=JSON,
    )
    assert created.status_code == 201 and created.json()["event"] == tuesday.pk
    pk = created.json()["id"]
    # a day of another production of the workspace is refused; the advance keeps its day
    refused = client.patch(f"/api/advancing/{pk}", {"event": gala.pk}, content_type=JSON)
    assert refused.status_code == 400 and refused["Content-Type"].startswith(JSON)
    assert Advance.objects.get(pk=pk).event == tuesday
    # changing the production away from the day's is refused too, while the day stays
    other = make_production(tenant_a, "Other tour")
    assert client.patch(f"/api/advancing/{pk}", {"project_id": other.pk}, content_type=JSON).status_code == 400
    cleared = client.patch(f"/api/advancing/{pk}", {"event": None}, content_type=JSON)
    assert cleared.status_code == 200 and cleared.json()["event"] is None


def test_a_role_that_may_not_edit_gets_403_and_another_organization_404(tenant_a, tenant_b, tour, login):
    _production, tuesday, _gala = tour
    advance = make_advance(tenant_a)
    reader = login(tenant_a.user(Role.PASSENGER))  # reads advances, edits none
    response = reader.patch(f"/api/advancing/{advance.pk}", {"event": None}, content_type=JSON)
    assert response.status_code == 403 and response["Content-Type"].startswith(JSON)
    outsider = login(tenant_b.user(Role.PHANTOM))
    response = outsider.patch(f"/api/advancing/{advance.pk}", {"event": tuesday.pk}, content_type=JSON)
    assert response.status_code == 404 and response["Content-Type"].startswith(JSON)
    advance.refresh_from_db()
    assert advance.event is None


def test_the_list_filters_by_show_day_and_whole_production(tenant_a, tour, login):
    production, tuesday, _gala = tour
    crew = tenant_a.user(Role.DEVIATOR)
    day = services.create_advance(
        actor=crew, workspace=tenant_a.workspace, production=production, event=tuesday, items=lines()
    )
    whole = services.create_advance(actor=crew, workspace=tenant_a.workspace, production=production, items=lines())
    client = login(tenant_a.user(Role.GLADIATOR))
    ids = [row["id"] for row in client.get(f"/api/advancing?event={tuesday.pk}").json()["results"]]
    assert ids == [day.pk]
    ids = [row["id"] for row in client.get("/api/advancing?whole_production=true").json()["results"]]
    assert whole.pk in ids and day.pk not in ids


def test_copies_never_keep_the_show_day(tenant_a, tour, django_capture_on_commit_callbacks):
    production, tuesday, _gala = tour
    crew = tenant_a.user(Role.DEVIATOR)
    source = services.create_advance(
        actor=crew, workspace=tenant_a.workspace, production=production, event=tuesday, items=lines()
    )
    repeated = templating.start_advance(source, actor=crew, workspace=tenant_a.workspace).advance
    assert repeated.event is None

    with django_capture_on_commit_callbacks(execute=True):  # the roll-over task runs after the commit
        rollover = request_rollover(
            tenant_a.workspace, actor=tenant_a.user(Role.PHANTOM), target_workspace=tenant_a.other_workspace
        )
    copy = RolloverCopy.objects.get(source=source, workspace=tenant_a.other_workspace).copy
    assert copy.event is None and copy.workspace == tenant_a.other_workspace
    rollover.refresh_from_db()
    assert any("show day" in note["note"] for note in rollover.notes if note["advance"] == copy.pk)


def test_a_submitted_advance_keeps_its_day(tenant_a, tour):
    _production, tuesday, _gala = tour
    advance = make_advance(tenant_a, S.SUBMITTED)
    with pytest.raises(InvalidTransition):  # only drafts are edited
        services.update_draft(advance, actor=tenant_a.user(Role.DEVIATOR), event=tuesday)
    advance.refresh_from_db()
    assert advance.event is None


def test_a_reader_who_may_not_see_the_show_day_reads_the_advance_without_its_title(tenant_a, tour, login):
    """Marketing reads public, confirmed dates only; an organization that lets it read advances must not
    show it a private show day's title through one."""
    production, tuesday, _gala = tour
    advance = make_advance(tenant_a)
    Advance.objects.filter(pk=advance.pk).update(production=production, event=tuesday)
    Event.objects.filter(pk=tuesday.pk).update(status=EventStatus.TENTATIVE)  # not yet a public date
    tenant_a.org.role_permissions = {str(int(Role.AMBASSADOR)): {"advancing.view_advance": True}}
    tenant_a.org.save(update_fields=["role_permissions"])
    crew = login(tenant_a.user(Role.DEVIATOR))
    assert "Aurora Hamburg" in text(crew.get(reverse("advancing:detail", args=[advance.pk])))
    marketing = login(tenant_a.user(Role.AMBASSADOR))
    page = marketing.get(reverse("advancing:detail", args=[advance.pk]))
    assert page.status_code == 200
    assert "Aurora Hamburg" not in text(page) and "One show day of the production" in text(page)
