"""The advancing pages, told as the people who use them: crew build and submit advances,
ops reviewers work the queue, and nobody sees what is not theirs."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from advancing import services
from advancing.models import Advance, AdvanceItem, AdvanceStatus, CatalogItem
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from productions.models import Production

pytestmark = pytest.mark.django_db
S = AdvanceStatus


# --- helpers ---------------------------------------------------------------------------------
def catalog_item(item_id="ZZT-1000", name="Line Array PA System", unit="Per Unit/Day", **kwargs):
    item, _ = CatalogItem.objects.update_or_create(
        item_id=item_id,
        defaults=dict(
            category=kwargs.pop("category", "Technical"),
            subcategory="Audio",
            name=name,
            standard_unit=unit,
            specifications="12 boxes per side",
            **kwargs,
        ),
    )
    return item


def line_post(lines, **header):
    """The POST body of the advance form: header fields plus a `lines` formset."""
    data = {
        "production": "",
        "team_workspace": "",
        "activation_name": "",
        "intent": "draft",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    data.update(header)
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = "" if value is None else str(value)
    return data


def new_url(tenant):
    return reverse("advancing:new", args=[tenant.org.slug, tenant.workspace.slug])


def home_url(tenant):
    return reverse("advancing:workspace_home", args=[tenant.org.slug, tenant.workspace.slug])


def make_advance(tenant, submitter=None, *, lines=None, submit=True, activation="Opening night"):
    submitter = submitter or tenant.user(Role.RAIDER)
    lines = lines or [
        {
            "catalog_item": None,
            "name": "Stagehands",
            "quantity": Decimal("4"),
            "unit": "Per Person",
            "unit_cost": Decimal("250.00"),
        },
        {
            "catalog_item": None,
            "name": "Forklift",
            "quantity": Decimal("2"),
            "unit": "Per Day",
            "unit_cost": Decimal("400.00"),
        },
    ]
    advance = services.create_advance(
        actor=submitter, workspace=tenant.workspace, activation_name=activation, items=lines
    )
    if submit:
        services.submit_advance(advance, actor=submitter)
    advance.refresh_from_db()
    return advance


def text(response):
    return response.content.decode()


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
    advance = make_advance(tenant_a)
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
    advance = make_advance(tenant_a, raider)
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


# --- the reviewer story ----------------------------------------------------------------------
def test_a_gladiator_approves_one_line_partially_and_the_raider_sees_it(
    tenant_a, login, django_capture_on_commit_callbacks
):
    raider, gladiator = tenant_a.user(Role.RAIDER), tenant_a.user(Role.GLADIATOR)
    advance = make_advance(tenant_a, raider)
    stagehands, forklift = advance.items.order_by("position")
    client = login(gladiator)

    queue = client.get(reverse("advancing:review_queue"))
    assert queue.status_code == 200
    assert f"#{advance.pk} Opening night" in text(queue)
    assert "Medium" in text(queue)  # 1,800.00 is medium priority

    detail = text(client.get(reverse("advancing:detail", args=[advance.pk])))
    for label in ("Start review", "Approve", "Reject"):
        assert label in detail
    assert client.post(reverse("advancing:action", args=[advance.pk, "start_review"])).status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.UNDER_REVIEW and advance.reviewed_by == gladiator

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("advancing:action", args=[advance.pk, "approve"]),
            {
                f"qty_{stagehands.pk}": "2",
                f"qty_{forklift.pk}": "2",
                "note": "Two stagehands are already on site.",
                "approved_cost": "",
            },
        )
    assert response.status_code == 302
    advance.refresh_from_db()
    stagehands.refresh_from_db()
    assert advance.status == S.APPROVED
    assert stagehands.approved_quantity == Decimal("2")
    assert advance.approved_cost == Decimal("1300.00")
    assert advance.reviewer_notes == "Two stagehands are already on site."

    crew = login(raider)
    assert Notification.objects.filter(recipient=raider, read_at__isnull=True, kind="advance.decided").exists()
    page = text(crew.get(reverse("advancing:detail", args=[advance.pk])))
    assert 'data-testid="unread-count">1<' in page
    assert "Partially approved" in page
    assert "Two stagehands are already on site." in page
    assert re.search(r'data-label="Approved"><span>2 <span class="badge partial"', page)
    assert "Under review → Approved" in page
    # the Raider cannot approve or reject anything
    assert crew.post(reverse("advancing:action", args=[advance.pk, "process"])).status_code == 403


def test_a_reviewer_rejects_with_a_note_and_a_note_is_required(tenant_a, login):
    advance = make_advance(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    url = reverse("advancing:action", args=[advance.pk, "reject"])
    response = client.post(url, {"note": "   "})
    assert response.status_code == 400
    assert "the crew reads this note" in text(response)
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    assert client.post(url, {"note": "No budget left for this run."}).status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.REJECTED and advance.reviewer_notes == "No budget left for this run."


def test_a_second_decision_is_told_who_moved_it_first(tenant_a, login):
    advance = make_advance(tenant_a)
    first = tenant_a.user(Role.GLADIATOR)
    services.approve_advance(advance, actor=first)
    client = login(tenant_a.user(Role.AVIATOR))
    response = client.post(reverse("advancing:action", args=[advance.pk, "reject"]), {"note": "Too late"})
    assert response.status_code == 409
    who = first.get_full_name() or first.username
    assert f"already approved; it can&#x27;t be rejected. {who} changed it at" in text(response)
    advance.refresh_from_db()
    assert advance.status == S.APPROVED


def test_bulk_approve_and_reject_from_the_queue(tenant_a, login):
    a1, a2, a3 = (make_advance(tenant_a, activation=f"Show {n}") for n in range(3))
    client = login(tenant_a.user(Role.GLADIATOR))
    url = reverse("advancing:bulk")
    response = client.post(url, {"ids": [a1.pk, a2.pk], "decision": "approve", "querystring": "priority=medium"})
    assert response.status_code == 302 and response["Location"] == "/advancing/queue/?priority=medium"
    assert set(Advance.objects.filter(status=S.APPROVED).values_list("pk", flat=True)) == {a1.pk, a2.pk}
    # reject needs a note; without one nothing changes
    client.post(url, {"ids": [a3.pk], "decision": "reject", "note": ""})
    a3.refresh_from_db()
    assert a3.status == S.SUBMITTED
    page = client.post(url, {"ids": [a3.pk, a1.pk], "decision": "reject", "note": "Over budget"}, follow=True)
    a3.refresh_from_db()
    assert a3.status == S.REJECTED
    assert "1 advance rejected." in text(page)
    assert f"#{a1.pk}: This advance is already approved; it can&#x27;t be rejected." in text(page)


def test_fulfilment_panel_moves_the_advance_to_in_progress_then_fulfilled(tenant_a, login):
    advance = make_advance(tenant_a)
    stagehands, forklift = advance.items.order_by("position")
    services.approve_advance(
        advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={stagehands.pk: Decimal("3")}
    )
    navigator = tenant_a.user(Role.NAVIGATOR)
    client = login(navigator)
    detail = text(client.get(reverse("advancing:detail", args=[advance.pk])))
    assert "Fulfilment" in detail and "0 of 3" in detail

    def fulfil(item, quantity, **extra):
        data = {f"line-{item.pk}-quantity_fulfilled": quantity}
        data.update({f"line-{item.pk}-{k}": v for k, v in extra.items()})
        return client.post(reverse("advancing:fulfil", args=[advance.pk, item.pk]), data)

    assert fulfil(stagehands, "2", notes="Two arrived at 8:00").status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.IN_PROGRESS
    # more than approved is refused, and says so
    response = fulfil(stagehands, "4")
    assert response.status_code == 400
    assert "Only 3 were approved" in text(response)
    assert fulfil(stagehands, "3").status_code == 302
    assert fulfil(forklift, "2", actual_cost="700").status_code == 302
    advance.refresh_from_db()
    assert advance.status == S.FULFILLED
    assert advance.actual_cost == Decimal("1450.00")  # 3 × 250 + 700
    page = text(client.get(reverse("advancing:detail", args=[advance.pk])))
    assert "Fulfilled" in page and "1,450.00" in page and 'id="fulfilment"' not in page


# --- permissions -------------------------------------------------------------------------------
def test_roles_without_the_power_get_403_with_a_message(tenant_a, login):
    advance = make_advance(tenant_a)
    passenger = login(tenant_a.user(Role.PASSENGER))
    response = passenger.get(new_url(tenant_a))
    assert response.status_code == 403
    assert "does not create advances" in text(response)
    assert passenger.get(reverse("advancing:detail", args=[advance.pk])).status_code == 200  # may read
    response = passenger.post(reverse("advancing:action", args=[advance.pk, "approve"]), {})
    assert response.status_code == 403
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    navigator = login(tenant_a.user(Role.NAVIGATOR))
    page = text(navigator.get(reverse("advancing:detail", args=[advance.pk])))
    assert "Start review" in page and 'id="approve-form"' not in page  # reviews, does not approve
    assert navigator.post(reverse("advancing:action", args=[advance.pk, "reject"]), {"note": "x"}).status_code == 403
    ambassador = login(tenant_a.user(Role.AMBASSADOR))
    assert ambassador.get(home_url(tenant_a)).status_code == 403


def test_another_organizations_advance_is_404_on_every_advancing_url(tenant_a, tenant_b, login):
    advance = make_advance(tenant_a)
    item = advance.items.first()
    urls = [
        reverse("advancing:detail", args=[advance.pk]),
        reverse("advancing:edit", args=[advance.pk]),
        reverse("advancing:lines_export", args=[advance.pk]),
        reverse("advancing:fulfil", args=[advance.pk, item.pk]),
        reverse("advancing:new", args=[tenant_a.org.slug, tenant_a.workspace.slug]),
        reverse("advancing:workspace_home", args=[tenant_a.org.slug, tenant_a.workspace.slug]),
    ] + [
        reverse("advancing:action", args=[advance.pk, a])
        for a in ("submit", "cancel", "start_review", "approve", "reject", "process")
    ]
    for role in (Role.PHANTOM, Role.GLADIATOR, Role.RAIDER):
        client = login(tenant_b.user(role))
        for url in urls:
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (404, 405), (role.label, method, url, status)
                if not url.endswith(
                    (
                        "/approve/",
                        "/reject/",
                        "/process/",
                        "/cancel/",
                        "/submit/",
                        "/start_review/",
                        "/fulfil/",
                    )
                ):
                    assert status == 404, (role.label, method, url, status)
        queue = text(client.get(reverse("advancing:review_queue")))
        assert "Opening night" not in queue
        client.post(reverse("advancing:bulk"), {"ids": [advance.pk], "decision": "approve"})
        export = b"".join(client.get(reverse("advancing:queue_export")).streaming_content).decode()
        assert "Opening night" not in export
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED


# --- bad input never a 500 ------------------------------------------------------------------------
def test_bad_line_input_shows_errors_per_line(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    disabled = catalog_item("ZZT-2000", "Old fog machine", enabled=False)
    response = client.post(
        new_url(tenant_a),
        line_post(
            [
                {"name": "PA", "unit": "Per Day", "quantity": "lots", "unit_cost": "1e999"},
                {
                    "catalog_item": "99999999",
                    "name": "Ghost",
                    "unit": "Per Day",
                    "quantity": "1",
                    "unit_cost": "1",
                },
                {
                    "catalog_item": disabled.pk,
                    "name": "Fog",
                    "unit": "Per Day",
                    "quantity": "1",
                    "unit_cost": "1",
                },
                {"catalog_item": "abc", "name": "", "unit": "", "quantity": "-2", "unit_cost": "-5"},
            ]
        ),
    )
    assert response.status_code == 400
    body = text(response)
    assert "Enter a number." in body
    assert body.count("This catalog item is not available") == 2
    assert "Ensure this value is greater than or equal to 0.01." in body
    assert not Advance.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},  # no management form at all
        {"lines-TOTAL_FORMS": "x", "lines-INITIAL_FORMS": "0"},
        {"lines-TOTAL_FORMS": "100000", "lines-INITIAL_FORMS": "0"},
        {"production": "99999999", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
        {"production": "abc", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
        {"activation_name": "x" * 500, "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    ],
)
def test_malformed_advance_forms_are_400(tenant_a, login, data):
    client = login(tenant_a.user(Role.RAIDER))
    assert client.post(new_url(tenant_a), data).status_code == 400
    assert not Advance.objects.exists()


def test_a_production_of_another_workspace_is_not_a_choice(tenant_a, tenant_b, login):
    elsewhere = Production.objects.create(workspace=tenant_a.other_workspace, name="Other Workspace Show")
    foreign = Production.objects.create(workspace=tenant_b.workspace, name="Foreign Show")
    client = login(tenant_a.user(Role.GLADIATOR))
    page = text(client.get(new_url(tenant_a)))
    assert "Other Workspace Show" not in page and "Foreign Show" not in page
    for production in (elsewhere, foreign):
        response = client.post(new_url(tenant_a), line_post([], production=production.pk))
        assert response.status_code == 400
        assert "Select a valid choice" in text(response)
    assert not Advance.objects.exists()


def test_bad_review_and_fulfilment_input_is_a_4xx(tenant_a, login):
    advance = make_advance(tenant_a)
    line = advance.items.first()
    client = login(tenant_a.user(Role.GLADIATOR))
    approve = reverse("advancing:action", args=[advance.pk, "approve"])
    for data in (
        {f"qty_{line.pk}": "abc"},
        {f"qty_{line.pk}": "999"},
        {f"qty_{line.pk}": "-1"},
        {"approved_cost": "NaN"},
        {"approved_cost": "-5"},
    ):
        response = client.post(approve, data)
        assert response.status_code == 400, data
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    assert client.post(reverse("advancing:action", args=[advance.pk, "explode"])).status_code == 404
    assert client.get(approve).status_code == 405
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    fulfil = reverse("advancing:fulfil", args=[advance.pk, line.pk])
    for data in (
        {},
        {f"line-{line.pk}-quantity_fulfilled": "abc"},
        {f"line-{line.pk}-quantity_fulfilled": "-1"},
        {f"line-{line.pk}-quantity_fulfilled": "1", f"line-{line.pk}-actual_cost": "x"},
    ):
        assert client.post(fulfil, data).status_code == 400, data
    other = make_advance(tenant_a, activation="Other").items.first()
    assert (
        client.post(
            reverse("advancing:fulfil", args=[advance.pk, other.pk]),
            {f"line-{other.pk}-quantity_fulfilled": "1"},
        ).status_code
        == 404
    )
    assert client.post(reverse("advancing:bulk"), {"ids": ["abc", "-1"], "decision": "approve"}).status_code == 302
    assert client.post(reverse("advancing:bulk"), {"decision": "maybe"}).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999",
        "status=nonsense",
        "priority=urgent",
        "workspace=abc",
        "workspace=99999999",
        "submitted_after=yesterday",
        "ordering=drop table",
        "category=Nope",
        "submitter=x",
    ],
)
def test_bad_page_numbers_and_filter_values_never_500(tenant_a, login, query):
    make_advance(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    for url in (
        reverse("advancing:review_queue"),
        home_url(tenant_a),
        reverse("advancing:catalog"),
        reverse("advancing:queue_export"),
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (url, query, response.status_code)


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


# --- query counts do not grow with rows ----------------------------------------------------------
def bulk_advances(tenant, submitter, n, status=S.SUBMITTED):
    now = timezone.now()
    advances = Advance.objects.bulk_create(
        [
            Advance(
                organization=tenant.org,
                workspace=tenant.workspace,
                submitter=submitter,
                status=status,
                submitted_at=now,
                activation_name=f"Bulk {i}",
                estimated_cost=Decimal(500 * i),
            )
            for i in range(n)
        ]
    )
    AdvanceItem.objects.bulk_create(
        [
            AdvanceItem(advance=a, name="Barricade", quantity=Decimal("10"), unit="Per Metre", unit_cost=Decimal("5"))
            for a in advances
        ]
    )


def bulk_catalog(n, start=0):
    CatalogItem.objects.bulk_create(
        [
            CatalogItem(
                item_id=f"ZZQ-{i}",
                category="Other",
                subcategory="Bulk",
                name=f"Bulk item {i}",
                standard_unit="Per Unit",
                common_variations=["a", "b"],
                specifications="spec",
            )
            for i in range(start, start + n)
        ]
    )


# Pinned: a list page costs this many queries whatever the number of rows (session, user,
# memberships, role permissions, grants, the shell's counts, the page's count and rows, and
# on the queue the filter form's workspace/production/submitter choices).
QUERY_BUDGET = {"queue": 16, "mine": 10, "catalog": 11}


@pytest.mark.parametrize("page", ["queue", "mine", "catalog"])
def test_list_pages_cost_the_same_queries_at_10_60_and_1000_rows(tenant_a, client, django_assert_max_num_queries, page):
    raider = tenant_a.user(Role.RAIDER)
    viewer = tenant_a.user(Role.GLADIATOR) if page == "queue" else raider
    url = {
        "queue": reverse("advancing:review_queue"),
        "mine": home_url(tenant_a),
        "catalog": reverse("advancing:catalog"),
    }[page]
    client.force_login(viewer)
    client.get(url)  # the first visit also stores the current workspace in the session
    counts, total = [], 0
    loaded = CatalogItem.objects.enabled().count() if page == "catalog" else 0  # the migration's catalog
    for more in (10, 50, 940):  # 10, 60 and 1,000 rows
        if page == "catalog":
            bulk_catalog(more, start=total)
        else:
            bulk_advances(tenant_a, raider, more)
        total += more
        with django_assert_max_num_queries(QUERY_BUDGET[page]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        shown = len(response.context["page"].object_list)
        assert shown == (min(loaded + total, 30) if page == "catalog" else min(total, 25))
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts
