"""The advancing services, told as the crew and the production office use them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advancing import services
from advancing.errors import AdvanceInvalid, InvalidTransition
from advancing.filters import AdvanceFilter
from advancing.models import Advance, AdvanceStatus, CatalogItem, FulfilmentStatus
from advancing.selectors import actions_for, my_advances, review_queue, waiting_review_count
from advancing.tests.helpers import history, lines, make_advance, named
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from productions.models import Production

pytestmark = pytest.mark.django_db
S = AdvanceStatus


# --- a crew member builds a draft ------------------------------------------------------------------
def test_a_crew_member_creates_a_draft_and_the_server_prices_it(tenant_a):
    deviator = tenant_a.user(Role.DEVIATOR)
    advance = services.create_advance(
        actor=deviator,
        workspace=tenant_a.workspace,
        team_workspace="Stage crew",
        activation_name="Opening",
        items=lines(),
    )
    assert advance.status == S.DRAFT
    assert advance.organization == tenant_a.org
    assert advance.submitter == deviator
    assert advance.currency == tenant_a.org.currency
    assert advance.estimated_cost == Decimal("1800.00")
    assert [(i.name, i.total_cost, i.position) for i in advance.items.all()] == [
        ("Stagehands", Decimal("1000.00"), 1),
        ("Forklift", Decimal("800.00"), 2),
    ]
    assert [e.verb for e in history(advance)] == ["advance.created"]


def test_a_catalog_line_takes_its_name_and_unit_from_the_catalog(tenant_a):
    pa = CatalogItem.objects.get(item_id="TECH-1000")
    advance = services.create_advance(
        actor=tenant_a.user(Role.RAIDER),
        workspace=tenant_a.workspace,
        items=[{"catalog_item": pa, "quantity": Decimal("2"), "unit_cost": Decimal("1500")}],
    )
    item = advance.items.get()
    assert (item.name, item.unit, item.catalog_item) == (pa.name, pa.standard_unit, pa)
    assert advance.estimated_cost == Decimal("3000.00")


@pytest.mark.parametrize(
    "line, message",
    [
        ({"name": "Forklift", "quantity": Decimal("0"), "unit": "Per Day"}, "more than 0"),
        ({"name": "Forklift", "quantity": Decimal("-1"), "unit": "Per Day"}, "cannot be negative"),
        ({"name": "Forklift", "quantity": Decimal("1"), "unit": "Per Day", "unit_cost": Decimal("-5")}, "negative"),
        ({"name": "Forklift", "quantity": "two", "unit": "Per Day"}, "must be a number"),
        ({"name": "Forklift", "quantity": Decimal("1.005"), "unit": "Per Day"}, "two decimals"),
        ({"name": "", "quantity": Decimal("1"), "unit": ""}, "give the item a name and a unit"),
    ],
)
def test_a_bad_line_is_refused_naming_the_line_and_nothing_is_saved(tenant_a, line, message):
    with pytest.raises(AdvanceInvalid, match=message) as caught:
        services.create_advance(actor=tenant_a.user(Role.RAIDER), workspace=tenant_a.workspace, items=[line])
    assert str(caught.value).startswith("Line 1")
    assert not Advance.objects.exists()


def test_an_advance_holds_at_most_200_lines(tenant_a):
    with pytest.raises(AdvanceInvalid, match="at most 200 lines"):
        services.create_advance(
            actor=tenant_a.user(Role.RAIDER), workspace=tenant_a.workspace, items=lines(*[("Cable", 1, 1)] * 201)
        )


def test_a_disabled_catalog_item_cannot_be_requested(tenant_a):
    item = CatalogItem.objects.get(item_id="TECH-1000")
    item.enabled = False
    item.save()
    with pytest.raises(AdvanceInvalid, match="no longer offered"):
        services.create_advance(
            actor=tenant_a.user(Role.RAIDER),
            workspace=tenant_a.workspace,
            items=[{"catalog_item": item, "quantity": Decimal("1")}],
        )


def test_the_production_must_belong_to_the_workspace_and_be_visible(tenant_a, tenant_b):
    theirs = Production.objects.create(workspace=tenant_b.workspace, name="Their show")
    other_ws = Production.objects.create(workspace=tenant_a.other_workspace, name="Festival show")
    for production in (theirs, other_ws):
        with pytest.raises(AdvanceInvalid, match="Pick a production"):
            services.create_advance(
                actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, production=production
            )
    ours = Production.objects.create(workspace=tenant_a.workspace, name="Our show")
    advance = services.create_advance(
        actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, production=ours
    )
    assert advance.production == ours


@pytest.mark.parametrize("role", [Role.PASSENGER, Role.MERCHANT, Role.AMBASSADOR])
def test_roles_without_add_cannot_create(tenant_a, role):
    with pytest.raises(PermissionDenied):
        services.create_advance(actor=tenant_a.user(role), workspace=tenant_a.workspace, items=lines())


def test_nobody_creates_advances_in_another_organization(tenant_a, tenant_b):
    with pytest.raises(PermissionDenied):
        services.create_advance(actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_b.workspace, items=lines())


def test_editing_a_draft_replaces_the_lines_and_keeps_fields_not_passed(tenant_a):
    advance = make_advance(tenant_a)
    deviator = tenant_a.user(Role.DEVIATOR)
    services.update_draft(advance, actor=deviator, items=lines(("Barricade", 20, "35.50")))
    advance.refresh_from_db()
    assert advance.activation_name == "Opening night"
    assert [i.name for i in advance.items.all()] == ["Barricade"]
    assert advance.estimated_cost == Decimal("710.00")
    services.update_draft(advance, actor=deviator, activation_name="Closing night", team_workspace="Site")
    advance.refresh_from_db()
    assert (advance.activation_name, advance.team_workspace, advance.items.count()) == ("Closing night", "Site", 1)
    assert history(advance)[-1].data["changed"] == ["team_workspace", "activation_name"]


def test_only_drafts_can_be_edited(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    with pytest.raises(InvalidTransition, match="Only drafts can be edited"):
        services.update_draft(advance, actor=tenant_a.user(Role.DEVIATOR), items=lines())


def test_recompute_totals_fixes_stale_line_totals(tenant_a):
    advance = make_advance(tenant_a)
    advance.items.update(total_cost=Decimal("1"))
    Advance.objects.filter(pk=advance.pk).update(estimated_cost=Decimal("2"))
    services.recompute_totals(advance)
    advance.refresh_from_db()
    assert advance.estimated_cost == Decimal("1800.00")
    assert sorted(advance.items.values_list("total_cost", flat=True)) == [Decimal("800.00"), Decimal("1000.00")]


# --- submitting and reviewing ------------------------------------------------------------------
def test_submitting_needs_at_least_one_item(tenant_a):
    advance = make_advance(tenant_a, items=[])
    with pytest.raises(AdvanceInvalid, match="Add at least one item before submitting."):
        services.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    advance.refresh_from_db()
    assert advance.status == S.DRAFT and advance.submitted_at is None


def test_submitting_records_the_trigger_and_time(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    entry = history(advance)[-1]
    assert (entry.verb, entry.trigger, entry.from_state, entry.to_state) == (
        "advance.submitted",
        "compvss.advance.submitted",
        "draft",
        "submitted",
    )
    assert entry.actor == tenant_a.user(Role.DEVIATOR)
    assert advance.submitted_at is not None


def test_starting_review_records_the_reviewer(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    navigator = tenant_a.user(Role.NAVIGATOR)
    services.start_review(advance, actor=navigator)
    advance.refresh_from_db()
    assert (advance.status, advance.reviewed_by) == (S.UNDER_REVIEW, navigator)
    assert advance.reviewed_at is not None


def test_a_navigator_reviews_but_cannot_approve(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    with pytest.raises(PermissionDenied, match="approve"):
        services.approve_advance(advance, actor=tenant_a.user(Role.NAVIGATOR))


def test_an_ops_reviewer_approves_some_lines_partially(tenant_a):
    advance = make_advance(tenant_a, S.UNDER_REVIEW)
    hands, forklift = advance.items.all()
    services.approve_advance(
        advance, actor=tenant_a.user(Role.GLADIATOR), note="Two hands is enough", approved_quantities={hands.pk: 2}
    )
    advance.refresh_from_db()
    hands.refresh_from_db()
    forklift.refresh_from_db()
    assert advance.status == S.APPROVED
    assert (hands.approved_quantity, forklift.approved_quantity) == (Decimal("2.00"), Decimal("2.00"))
    assert advance.approved_cost == Decimal("1300.00")  # 2 × 250 + 2 × 400
    assert advance.reviewer_notes == "Two hands is enough"
    entry = history(advance)[-1]
    assert entry.trigger == "atlvs.advance.approved"
    assert entry.data["partial_lines"] == [
        {"item_id": hands.pk, "name": "Stagehands", "requested": "4.00", "approved": "2.00"}
    ]


def test_an_explicit_approved_cost_wins(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    services.approve_advance(advance, actor=tenant_a.user(Role.AVIATOR), approved_cost=Decimal("1500"))
    advance.refresh_from_db()
    assert advance.approved_cost == Decimal("1500.00")


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("5")])
def test_approving_more_than_requested_or_nothing_is_refused(tenant_a, quantity):
    advance = make_advance(tenant_a, S.SUBMITTED)
    hands = advance.items.first()
    with pytest.raises(AdvanceInvalid, match="Line “Stagehands”: approve more than 0 and at most the 4 requested"):
        services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={hands.pk: quantity})
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    assert not advance.items.filter(approved_quantity__isnull=False).exists()


def test_approving_a_line_of_another_advance_is_refused(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    other = make_advance(tenant_a, S.SUBMITTED)
    with pytest.raises(AdvanceInvalid, match="not a line of this advance"):
        services.approve_advance(
            advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={other.items.first().pk: 1}
        )


def test_rejecting_needs_a_reason(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    with pytest.raises(AdvanceInvalid, match="Say why the advance is rejected."):
        services.reject_advance(advance, actor=tenant_a.user(Role.GLADIATOR), note="  ")
    services.reject_advance(advance, actor=tenant_a.user(Role.GLADIATOR), note="No budget left")
    advance.refresh_from_db()
    assert (advance.status, advance.reviewer_notes) == (S.REJECTED, "No budget left")
    assert history(advance)[-1].trigger == "atlvs.advance.rejected"


def test_the_submitter_cancels_but_another_crew_member_cannot(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    other_crew = make_member(Role.DEVIATOR, tenant_a.org, tenant_a.workspace)
    with pytest.raises(PermissionDenied, match="Only the submitter or an approver"):
        services.cancel_advance(advance, actor=other_crew)
    services.cancel_advance(advance, actor=tenant_a.user(Role.DEVIATOR), note="Show moved")
    advance.refresh_from_db()
    assert advance.status == S.CANCELLED
    assert history(advance)[-1].note == "Show moved"


def test_an_approver_may_cancel_someone_elses_advance(tenant_a):
    advance = make_advance(tenant_a, S.UNDER_REVIEW)
    services.cancel_advance(advance, actor=tenant_a.user(Role.AVIATOR))
    advance.refresh_from_db()
    assert advance.status == S.CANCELLED


# --- refusals name who moved it -----------------------------------------------------------------
def test_a_late_reviewer_is_told_who_approved_it_and_when(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    dana = named(tenant_a.user(Role.GLADIATOR), "Dana", "Reyes")
    tenant_a.org.timezone = "Europe/Berlin"
    tenant_a.org.save()
    services.approve_advance(advance, actor=dana)
    late = tenant_a.user(Role.AVIATOR)
    with pytest.raises(
        InvalidTransition,
        match=(
            r"^This advance is already approved; it can't be rejected\. "
            r"Dana Reyes changed it at \d{1,2} \w{3} \d{4} \d\d:\d\d CES?T\.$"  # the late reviewer's zone
        ),
    ):
        services.reject_advance(advance, actor=late, note="Too late")


def test_a_refusal_of_ones_own_earlier_move_is_plain(tenant_a):
    advance = make_advance(tenant_a)
    deviator = tenant_a.user(Role.DEVIATOR)
    services.cancel_advance(advance, actor=deviator)
    with pytest.raises(InvalidTransition, match="^This advance is already cancelled; it can't be submitted.$"):
        services.submit_advance(advance, actor=deviator)


# --- fulfilment -----------------------------------------------------------------------------------
def test_crew_record_fulfilment_until_the_advance_is_fulfilled(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    hands, forklift = advance.items.all()
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={hands.pk: 3})
    crew = tenant_a.user(Role.DEVIATOR)

    services.record_fulfilment(
        advance, actor=crew, item_id=hands.pk, quantity_fulfilled=Decimal("1"), notes="1 on site"
    )
    advance.refresh_from_db()
    hands.refresh_from_db()
    assert advance.status == S.IN_PROGRESS
    assert (hands.quantity_fulfilled, hands.fulfilment_status, hands.actual_cost) == (
        Decimal("1.00"),
        FulfilmentStatus.PARTIAL,
        Decimal("250.00"),
    )
    verbs = [(e.verb, e.from_state, e.to_state) for e in history(advance)[-2:]]
    assert verbs == [("advance.fulfilment_started", "approved", "in_progress"), ("advance.fulfilment_recorded", "", "")]

    services.record_fulfilment(advance, actor=crew, item_id=hands.pk, quantity_fulfilled=3)
    services.record_fulfilment(advance, actor=crew, item_id=forklift.pk, quantity_fulfilled=2, actual_cost="950.00")
    advance.refresh_from_db()
    assert advance.status == S.FULFILLED
    assert advance.fulfilled_by == crew and advance.fulfilled_at is not None
    assert advance.actual_cost == Decimal("1700.00")  # 3 × 250 + 950
    last = history(advance)[-1]
    assert (last.verb, last.trigger, last.from_state, last.to_state) == (
        "advance.fulfilled",
        "compvss.advance.fulfilled",
        "in_progress",
        "fulfilled",
    )


def test_fulfilling_more_than_approved_is_refused(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED, items=lines(("Radios", 10, 20)))
    radios = advance.items.get()
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={radios.pk: 8})
    with pytest.raises(AdvanceInvalid, match=r"^Only 8 were approved; 10 is more than that\.$"):
        services.record_fulfilment(
            advance, actor=tenant_a.user(Role.DEVIATOR), item_id=radios.pk, quantity_fulfilled=10
        )
    advance.refresh_from_db()
    assert advance.status == S.APPROVED


def test_a_retried_fulfilment_changes_nothing_and_a_lower_total_is_refused(tenant_a):
    advance = make_advance(tenant_a, S.APPROVED, items=lines(("Radios", 10, 20)))
    radios = advance.items.get()
    crew = tenant_a.user(Role.DEVIATOR)
    services.record_fulfilment(advance, actor=crew, item_id=radios.pk, quantity_fulfilled=6, notes="Box 1")
    count = len(history(advance))
    services.record_fulfilment(advance, actor=crew, item_id=radios.pk, quantity_fulfilled=6, notes="Box 1")
    assert len(history(advance)) == count
    with pytest.raises(AdvanceInvalid, match="6 are already recorded as fulfilled"):
        services.record_fulfilment(advance, actor=crew, item_id=radios.pk, quantity_fulfilled=4)
    radios.refresh_from_db()
    assert radios.quantity_fulfilled == Decimal("6.00")


def test_fulfilment_needs_an_approved_advance_and_its_own_line(tenant_a):
    submitted = make_advance(tenant_a, S.SUBMITTED)
    crew = tenant_a.user(Role.DEVIATOR)
    with pytest.raises(InvalidTransition, match="This advance is submitted; it can't be fulfilled."):
        services.record_fulfilment(submitted, actor=crew, item_id=submitted.items.first().pk, quantity_fulfilled=1)
    approved = make_advance(tenant_a, S.APPROVED)
    with pytest.raises(AdvanceInvalid, match="not part of the advance"):
        services.record_fulfilment(approved, actor=crew, item_id=submitted.items.first().pk, quantity_fulfilled=1)


def test_a_raider_cannot_record_fulfilment(tenant_a):
    advance = make_advance(tenant_a, S.APPROVED, submitter=tenant_a.user(Role.RAIDER))
    with pytest.raises(PermissionDenied):
        services.record_fulfilment(
            advance, actor=tenant_a.user(Role.RAIDER), item_id=advance.items.first().pk, quantity_fulfilled=1
        )


# --- bulk decisions ------------------------------------------------------------------------------
def test_bulk_approve_reports_each_refusal(tenant_a, tenant_b):
    ready = [make_advance(tenant_a, S.SUBMITTED) for _ in range(2)]
    draft = make_advance(tenant_a)
    theirs = make_advance(tenant_b, S.SUBMITTED)
    ids = [a.pk for a in ready] + [draft.pk, theirs.pk, "nonsense"]
    done, refused = services.bulk_decide(ids, actor=tenant_a.user(Role.GLADIATOR), decision="approve")
    assert sorted(a.pk for a in done) == sorted(a.pk for a in ready)
    assert all(a.status == S.APPROVED for a in done)
    assert refused == [
        (draft.pk, "This advance is a draft; it can't be approved."),
        (theirs.pk, "This advance does not exist or you cannot see it."),
        ("nonsense", "This advance does not exist or you cannot see it."),
    ]
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_bulk_reject_without_a_note_refuses_each(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    done, refused = services.bulk_decide([advance.pk], actor=tenant_a.user(Role.GLADIATOR), decision="reject")
    assert done == [] and refused == [(advance.pk, "Say why the advance is rejected.")]


# --- selectors and filters ----------------------------------------------------------------------
def test_the_queue_holds_what_the_reviewer_may_review(tenant_a, tenant_b):
    waiting = [make_advance(tenant_a, S.SUBMITTED), make_advance(tenant_a, S.UNDER_REVIEW)]
    make_advance(tenant_a)  # a draft is not in the queue
    make_advance(tenant_a, S.APPROVED)
    make_advance(tenant_b, S.SUBMITTED)
    gladiator = tenant_a.user(Role.GLADIATOR)
    queue = list(review_queue(gladiator))
    assert [a.pk for a in queue] == [a.pk for a in waiting]
    assert queue[0].item_count == 2
    assert waiting_review_count(gladiator) == 2
    for role in (Role.RAIDER, Role.DEVIATOR, Role.PASSENGER, Role.MERCHANT):
        assert waiting_review_count(tenant_a.user(role)) == 0
        assert not review_queue(tenant_a.user(role)).exists()


def test_the_waiting_count_costs_at_most_two_queries(tenant_a, django_assert_max_num_queries):
    make_advance(tenant_a, S.SUBMITTED)
    navigator = tenant_a.user(Role.NAVIGATOR)
    get_access(navigator).role_permissions  # noqa: B018 - loaded by every page's shell before the count
    with django_assert_max_num_queries(2):
        assert waiting_review_count(navigator) == 1
    raider = tenant_a.user(Role.RAIDER)
    get_access(raider).role_permissions  # noqa: B018
    with django_assert_max_num_queries(1):  # only the grants: a grant could make a Raider a reviewer
        assert waiting_review_count(raider) == 0


def test_my_advances_lists_only_mine(tenant_a):
    mine = make_advance(tenant_a, submitter=tenant_a.user(Role.RAIDER))
    make_advance(tenant_a)
    assert [a.pk for a in my_advances(tenant_a.user(Role.RAIDER))] == [mine.pk]


def _filtered(user, **params):
    class Request:
        pass

    request = Request()
    request.user = user
    filterset = AdvanceFilter(params, queryset=review_queue(user), request=request)
    assert filterset.is_valid(), filterset.errors
    return [a.pk for a in filterset.qs]


def test_queue_filters_category_priority_dates_and_sorting(tenant_a):
    pa = CatalogItem.objects.get(item_id="TECH-1000")
    desk = CatalogItem.objects.get(item_id="TECH-1001")
    technical = make_advance(
        tenant_a,
        S.SUBMITTED,
        items=[
            {"catalog_item": pa, "quantity": Decimal("2"), "unit_cost": Decimal("6000")},
            {"catalog_item": desk, "quantity": Decimal("1"), "unit_cost": Decimal("1000")},
        ],
    )
    cheap = make_advance(tenant_a, S.SUBMITTED, items=lines(("Gaffer tape", 10, 5)), activation="Load-in")
    medium = make_advance(tenant_a, S.UNDER_REVIEW, items=lines(("Forklift", 2, 700)))
    user = tenant_a.user(Role.GLADIATOR)

    assert _filtered(user, category="Technical") == [technical.pk]  # two Technical lines, listed once
    assert _filtered(user, priority="high") == [technical.pk]
    assert _filtered(user, priority="medium") == [medium.pk]
    assert _filtered(user, priority="low") == [cheap.pk]
    assert _filtered(user, activation="load") == [cheap.pk]
    assert _filtered(user, status="submitted,under_review") == [technical.pk, cheap.pk, medium.pk]
    assert _filtered(user, status="under_review") == [medium.pk]
    assert _filtered(user, ordering="-estimated_cost") == [technical.pk, medium.pk, cheap.pk]
    assert _filtered(user, ordering="-priority") == [cheap.pk, medium.pk, technical.pk]
    assert _filtered(user, ordering="-submitted_at") == [medium.pk, cheap.pk, technical.pk]
    today = technical.submitted_at.date()
    assert len(_filtered(user, submitted_after=today.isoformat(), submitted_before=today.isoformat())) == 3
    assert _filtered(user, submitted_before=(today.replace(year=today.year - 1)).isoformat()) == []


def test_the_workspace_filter_offers_only_visible_workspaces(tenant_a, tenant_b):
    class Request:
        user = tenant_a.user(Role.GLADIATOR)

    filterset = AdvanceFilter({"workspace": tenant_b.workspace.pk}, queryset=Advance.objects.all(), request=Request())
    assert not filterset.is_valid()
    assert "workspace" in filterset.errors


def test_actions_for_follow_the_rules(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED)
    assert actions_for(tenant_a.user(Role.GLADIATOR), advance) == ["review", "approve", "reject", "cancel"]
    assert actions_for(tenant_a.user(Role.NAVIGATOR), advance) == ["review"]
    assert actions_for(tenant_a.user(Role.DEVIATOR), advance) == ["cancel"]
    assert actions_for(tenant_a.user(Role.PASSENGER), advance) == []


def test_creating_an_advance_costs_a_bounded_number_of_queries(tenant_a):
    deviator = tenant_a.user(Role.DEVIATOR)
    services.create_advance(actor=deviator, workspace=tenant_a.workspace, items=lines())  # warm the access cache
    with CaptureQueriesContext(connection) as few:
        services.create_advance(actor=deviator, workspace=tenant_a.workspace, items=lines())
    with CaptureQueriesContext(connection) as many:
        services.create_advance(actor=deviator, workspace=tenant_a.workspace, items=lines(*[("Cable", 1, 1)] * 150))
    # Lines go in with one bulk insert, and their search entries with one bulk upsert; SQLite splits each
    # into batches by its variable limit (2 more for the lines, 3 more for the entries). PostgreSQL: none.
    assert len(many) <= len(few) + (5 if connection.vendor == "sqlite" else 0)


def test_deep_queue_pages_hold_the_same_rows_as_a_plain_offset(tenant_a):
    for _ in range(7):
        make_advance(tenant_a, S.SUBMITTED)
    gladiator = tenant_a.user(Role.GLADIATOR)
    queue = review_queue(gladiator)
    expected = list(Advance.objects.in_review_queue().order_by("submitted_at", "id").values_list("pk", flat=True))
    page = queue[3:6]
    assert [a.pk for a in page] == expected[3:6]
    assert page[0].item_count == 2 and page[0].workspace == tenant_a.workspace  # related rows and annotations kept
    assert [a.pk for a in queue.order_by("-submitted_at", "-id")[5:50]] == expected[::-1][5:]
    assert [a.pk for a in queue[0:2]] == expected[:2]


def test_a_gladiators_queue_names_the_workspace_once(tenant_a):
    # One condition the planner can match to the (workspace, submitted_at, id) queue index.
    sql = str(review_queue(tenant_a.user(Role.GLADIATOR)).query)
    assert sql.count(f'"workspace_id" = {tenant_a.workspace.pk}') == 1
