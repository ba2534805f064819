"""The crew's advancing pages, told as crew use them: build a draft from the catalog and custom
lines, submit it, cancel it; browse and search the catalog; nobody sees what is not theirs."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from advancing.models import Advance
from advancing.tests.helpers import S, catalog_item, home_url, line_post, new_url, raider_advance, text
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from productions.models import Production

pytestmark = pytest.mark.django_db


# --- the crew story --------------------------------------------------------------------------
def test_a_raider_builds_a_draft_from_the_catalog_and_a_custom_line_then_submits(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    pa = catalog_item()
    production = Production.objects.create(workspace=tenant_a.workspace, name="Summer Tour")
    client = login(raider)

    home = client.get(reverse("advancing:home"), follow=True)
    assert home.status_code == 200
    assert "My advances" in text(home) and "New advance" in text(home)
    form_page = client.get(new_url(tenant_a))
    assert form_page.status_code == 200
    assert "Summer Tour" in text(form_page)  # a production the Raider may see is offered

    response = client.post(
        new_url(tenant_a),
        line_post(
            [
                {
                    "catalog_item": pa.pk,
                    "catalog_code": pa.item_id,
                    "name": pa.name,
                    "unit": "Per Unit/Day",
                    "quantity": "2",
                    "unit_cost": "1500.00",
                    "notes": "Flown, 12 a side",
                },
                {
                    "catalog_item": "",
                    "name": "Gaffer tape",
                    "unit": "Per Roll",
                    "quantity": "3",
                    "unit_cost": "12.50",
                },
            ],
            production=production.pk,
            team_workspace="Main stage",
            activation_name="Opening night",
            # a total the browser made up is ignored: the server computes it
            estimated_cost="1",
        ),
    )
    assert response.status_code == 302
    advance = Advance.objects.get(submitter=raider)
    assert response["Location"] == reverse("advancing:detail", args=[advance.pk])
    assert advance.status == S.DRAFT
    assert advance.production == production
    assert advance.team_workspace == "Main stage"
    assert advance.estimated_cost == Decimal("3037.50")
    assert advance.currency == tenant_a.org.currency
    catalog_line, custom_line = advance.items.order_by("position")
    assert catalog_line.catalog_item == pa and catalog_line.total_cost == Decimal("3000.00")
    assert catalog_line.notes == "Flown, 12 a side"
    assert custom_line.catalog_item is None and custom_line.total_cost == Decimal("37.50")

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    body = text(detail)
    assert "3,037.50" in body and "Draft" in body and "Edit draft" in body

    # edit the draft: drop the custom line, change the quantity
    edit = client.get(reverse("advancing:edit", args=[advance.pk]))
    assert edit.status_code == 200 and "Gaffer tape" in text(edit)
    data = line_post(
        [
            {
                "catalog_item": pa.pk,
                "name": pa.name,
                "unit": "Per Unit/Day",
                "quantity": "3",
                "unit_cost": "1500",
            },
            {
                "catalog_item": "",
                "name": "Gaffer tape",
                "unit": "Per Roll",
                "quantity": "3",
                "unit_cost": "12.50",
                "DELETE": "on",
            },
        ],
        activation_name="Opening night",
        team_workspace="Main stage",
        production=production.pk,
    )
    data["lines-INITIAL_FORMS"] = "2"
    assert client.post(reverse("advancing:edit", args=[advance.pk]), data).status_code == 302
    advance.refresh_from_db()
    assert advance.items.count() == 1 and advance.estimated_cost == Decimal("4500.00")

    response = client.post(reverse("advancing:action", args=[advance.pk, "submit"]))
    assert response.status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED and advance.submitted_at is not None
    listing = text(client.get(home_url(tenant_a)))
    assert f"#{advance.pk} Opening night" in listing and "Submitted" in listing
    # a submitted advance is no longer editable
    edit = client.get(reverse("advancing:edit", args=[advance.pk]))
    assert edit.status_code == 302 and edit["Location"] == reverse("advancing:detail", args=[advance.pk])


def test_crew_mark_a_line_to_hire_and_the_draft_keeps_it(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    client = login(raider)
    line = {"catalog_item": "", "name": "Scissor lift", "unit": "Per Day", "quantity": "1", "unit_cost": "400"}
    form_page = text(client.get(new_url(tenant_a)))
    assert "Source" in form_page and "To hire" in form_page

    refused = client.post(new_url(tenant_a), line_post([{**line, "procurement": "steal"}], activation_name="Load-in"))
    assert refused.status_code == 400 and "Select a valid choice" in text(refused)
    assert not Advance.objects.exists()

    response = client.post(new_url(tenant_a), line_post([{**line, "procurement": "hire"}], activation_name="Load-in"))
    assert response.status_code == 302
    advance = Advance.objects.get()
    assert advance.items.get().procurement == "hire"
    assert 'data-testid="procurement">To hire<' in text(client.get(response["Location"]))
    edit = client.get(reverse("advancing:edit", args=[advance.pk]))
    assert '<option value="hire" selected>' in text(edit)


def test_submit_straight_from_the_form_and_the_timeline_records_it(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    client = login(raider)
    response = client.post(
        new_url(tenant_a),
        line_post(
            [{"name": "Hotel room", "unit": "Per Night", "quantity": "6", "unit_cost": "180"}],
            activation_name="Load-in",
            intent="submit",
        ),
    )
    assert response.status_code == 302
    advance = Advance.objects.get(submitter=raider)
    assert advance.status == S.SUBMITTED
    body = text(client.get(response["Location"]))
    assert "Draft → Submitted" in body
    assert raider.username in body


def test_submitting_without_lines_is_refused_and_nothing_is_saved(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    response = client.post(new_url(tenant_a), line_post([], activation_name="Empty", intent="submit"))
    assert response.status_code == 400
    assert "Add at least one item before submitting." in text(response)
    assert not Advance.objects.exists()


def test_a_raider_cannot_see_another_raiders_advance(tenant_a, login):
    advance = raider_advance(tenant_a)
    other = make_member(Role.RAIDER, tenant_a.org, tenant_a.workspace)
    client = login(other)
    item = advance.items.first()
    assert client.get(reverse("advancing:detail", args=[advance.pk])).status_code == 404
    assert client.get(reverse("advancing:edit", args=[advance.pk])).status_code == 404
    assert client.get(reverse("advancing:lines_export", args=[advance.pk])).status_code == 404
    assert client.post(reverse("advancing:action", args=[advance.pk, "cancel"])).status_code == 404
    assert (
        client.post(
            reverse("advancing:fulfil", args=[advance.pk, item.pk]),
            {f"line-{item.pk}-quantity_fulfilled": "1"},
        ).status_code
        == 404
    )
    assert f"#{advance.pk}" not in text(client.get(home_url(tenant_a)))
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED


def test_the_submitter_cancels_before_approval(tenant_a, login):
    raider = tenant_a.user(Role.RAIDER)
    advance = raider_advance(tenant_a, raider)
    client = login(raider)
    assert "Cancel advance" in text(client.get(reverse("advancing:detail", args=[advance.pk])))
    response = client.post(reverse("advancing:action", args=[advance.pk, "cancel"]))
    assert response.status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.CANCELLED
    # cancelled twice: the page says why, and nothing changes
    response = client.post(reverse("advancing:action", args=[advance.pk, "cancel"]))
    assert response.status_code == 409
    assert "already cancelled" in text(response)


# --- catalog -----------------------------------------------------------------------------------
def test_catalog_browse_search_and_picker(tenant_a, login):
    catalog_item("ZZT-1000", "Line Array PA System", common_variations=["L-Acoustics K2", "d&b GSL"])
    catalog_item("ZZT-1001", "Forklift 3t", category="Heavy Equipment", unit="Per Day")
    catalog_item("ZZT-1002", "Hidden line array", enabled=False)
    client = login(tenant_a.user(Role.RAIDER))
    page = client.get(reverse("advancing:catalog"))
    assert page.status_code == 200
    assert "Heavy Equipment" in text(page) and "Technical" in text(page)
    found = text(client.get(reverse("advancing:catalog"), {"search": "line array"}))
    assert "Line Array PA System" in found and "Forklift 3t" not in found and "Hidden line array" not in found
    # search in the variations too
    found = text(client.get(reverse("advancing:catalog"), {"search": "l-acoustics k2"}))
    assert "Line Array PA System" in found and "L-Acoustics K2" in found
    # htmx asks for the results only
    partial = client.get(
        reverse("advancing:catalog"),
        {"search": "forklift"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="catalog-results",
    )
    assert "Forklift 3t" in text(partial) and "<html" not in text(partial)
    by_category = text(client.get(reverse("advancing:catalog"), {"category": "Heavy Equipment"}))
    assert "Forklift 3t" in by_category and "Line Array PA System" not in by_category
    picker = text(client.get(reverse("advancing:catalog_search"), {"q": "line array"}))
    assert "data-pick" in picker and "ZZT-1000" in picker and "Hidden" not in picker
    assert "data-pick" not in text(client.get(reverse("advancing:catalog_search"), {"q": "x"}))


def test_the_history_of_an_advance_reads_as_sentences(tenant_a, login):
    """Advancing's own words for its activity ("submitted it"), not another module's fallback ("submitted")."""
    raider = tenant_a.user(Role.RAIDER)
    advance = raider_advance(tenant_a, raider)
    html = login(raider).get(f"/advancing/{advance.pk}/").content.decode()
    timeline = re.search(r'<ol class="timeline">.*?</ol>', html, re.S).group(0)
    assert "created the advance" in timeline and "submitted it" in timeline
