"""The ops reviewer's pages: the queue, approving (partly), rejecting with a note, bulk decisions,
the fulfilment panel; roles without the power get 403, another organization's advance 404."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from advancing import services
from advancing.models import Advance
from advancing.tests.helpers import S, home_url, new_url, raider_advance, text
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


# --- the reviewer story ----------------------------------------------------------------------
def test_a_gladiator_approves_one_line_partially_and_the_raider_sees_it(
    tenant_a, login, django_capture_on_commit_callbacks
):
    raider, gladiator = tenant_a.user(Role.RAIDER), tenant_a.user(Role.GLADIATOR)
    advance = raider_advance(tenant_a, raider)
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
    advance = raider_advance(tenant_a)
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
    advance = raider_advance(tenant_a)
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
    a1, a2, a3 = (raider_advance(tenant_a, activation=f"Show {n}") for n in range(3))
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
    advance = raider_advance(tenant_a)
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
    advance = raider_advance(tenant_a)
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
    advance = raider_advance(tenant_a)
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
        export = client.get(reverse("advancing:queue_export"))  # a Raider has none: 403
        assert (
            "Opening night" not in (b"".join(export.streaming_content) if export.streaming else export.content).decode()
        )
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
