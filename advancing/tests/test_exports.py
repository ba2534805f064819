"""CSV exports: what the page shows, filtered like the page, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from advancing import services
from advancing.models import AdvanceStatus
from dragonfly.core.csv_export import safe_cell
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member

pytestmark = pytest.mark.django_db
S = AdvanceStatus


def make_advance(tenant, *, activation, lines, submitter=None, submit=True, team=""):
    submitter = submitter or tenant.user(Role.RAIDER)
    items = [
        {
            "catalog_item": None,
            "name": name,
            "quantity": Decimal(q),
            "unit": "Per Day",
            "unit_cost": Decimal(c),
            "notes": notes,
        }
        for name, q, c, notes in lines
    ]
    advance = services.create_advance(
        actor=submitter,
        workspace=tenant.workspace,
        activation_name=activation,
        team_workspace=team,
        items=items,
    )
    if submit:
        services.submit_advance(advance, actor=submitter)
    advance.refresh_from_db()
    return advance


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_lines_csv_lists_every_line_with_its_quantities(tenant_a, login):
    advance = make_advance(
        tenant_a,
        activation="Opening night",
        lines=[
            ("Stagehands", "4", "250.00", "From 08:00"),
            ("Forklift", "1", "400.00", ""),
        ],
    )
    stagehands = advance.items.get(name="Stagehands")
    services.approve_advance(
        advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={stagehands.pk: Decimal("3")}
    )
    rows = read_csv(login(tenant_a.user(Role.RAIDER)).get(reverse("advancing:lines_export", args=[advance.pk])))
    assert [r["name"] for r in rows] == ["Stagehands", "Forklift"]
    first = rows[0]
    assert first["quantity"] == "4.00" and first["approved_quantity"] == "3.00"
    assert first["unit_cost"] == "250.00" and first["total_cost"] == "1000.00"
    assert first["fulfilment_status"] == "Pending" and first["notes"] == "From 08:00"
    assert rows[1]["catalog_id"] == "" and rows[1]["approved_quantity"] == "1.00"


def test_spreadsheet_formulas_are_neutralized(tenant_a, login):
    advance = make_advance(
        tenant_a,
        activation='=HYPERLINK("http://evil","click")',
        team="+crew",
        lines=[
            ("=1+2", "1", "10", "@SUM(A1:A9)"),
            ("-cmd|' /C calc'!A0", "1", "10", "+44 20 7946 0000"),
            ("Plain line", "1", "10", "a = b, fine"),
        ],
    )
    client = login(tenant_a.user(Role.GLADIATOR))
    rows = read_csv(client.get(reverse("advancing:lines_export", args=[advance.pk])))
    assert [r["name"] for r in rows] == ["'=1+2", "'-cmd|' /C calc'!A0", "Plain line"]
    assert [r["notes"] for r in rows] == ["'@SUM(A1:A9)", "'+44 20 7946 0000", "a = b, fine"]
    queue = read_csv(client.get(reverse("advancing:queue_export")))
    assert queue[0]["activation"] == '\'=HYPERLINK("http://evil","click")'
    assert queue[0]["team"] == "'+crew"
    # numbers stay numbers
    assert queue[0]["estimated_cost"] == "30.00"


def test_safe_cell_rules():
    # A spreadsheet reads " =1+1" (blanks first) as a formula too.
    for dangerous in ("=1", "+1", "-1", "@a", "\tx", "\rx", " =1+1", "\t=1+1", "  @SUM(A1)", " \n-2"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("ok") == "ok" and safe_cell(Decimal("-1")) == Decimal("-1") and safe_cell(None) == ""


def test_queue_csv_respects_the_filters_and_the_queue(tenant_a, login):
    small = make_advance(tenant_a, activation="Small", lines=[("Tape", "2", "10", "")])
    big = make_advance(tenant_a, activation="Big", lines=[("PA", "10", "1500", "")])
    draft = make_advance(tenant_a, activation="Draft one", lines=[("Tape", "1", "1", "")], submit=False)
    reviewing = make_advance(tenant_a, activation="Reviewing", lines=[("Radio kit", "20", "60", "")])
    gladiator = tenant_a.user(Role.GLADIATOR)
    services.start_review(reviewing, actor=gladiator)
    client = login(gladiator)
    url = reverse("advancing:queue_export")

    everything = read_csv(client.get(url))
    assert [r["activation"] for r in everything] == ["Small", "Big", "Reviewing"]  # oldest first; no draft
    assert everything[1]["priority"] == "High" and everything[0]["priority"] == "Low"
    assert everything[2]["priority"] == "Medium" and everything[2]["status"] == "Under review"
    assert [r["id"] for r in read_csv(client.get(url, {"priority": "high"}))] == [str(big.pk)]
    assert [r["id"] for r in read_csv(client.get(url, {"status": "under_review"}))] == [str(reviewing.pk)]
    assert [r["id"] for r in read_csv(client.get(url, {"activation": "small"}))] == [str(small.pk)]
    by_cost = read_csv(client.get(url, {"ordering": "-estimated_cost"}))
    assert [r["id"] for r in by_cost] == [str(big.pk), str(reviewing.pk), str(small.pk)]
    assert str(draft.pk) not in {r["id"] for r in everything}
    # the page's export link carries the same filters
    page = client.get(reverse("advancing:review_queue"), {"priority": "high", "page": "1"})
    assert 'href="/advancing/queue/export.csv?priority=high"' in page.content.decode()
    # a bad filter is a 400 with the reason, not a 500 and not an unfiltered export
    response = client.get(url, {"priority": "urgent"})
    assert response.status_code == 400 and b"priority" in response.content


def test_exports_show_only_what_the_user_may_see(tenant_a, tenant_b, login):
    mine = make_advance(tenant_a, activation="Mine", lines=[("Tape", "1", "1", "")])
    other_raider = make_member(Role.RAIDER, tenant_a.org, tenant_a.workspace)
    theirs = make_advance(tenant_a, activation="Theirs", lines=[("Tape", "1", "1", "")], submitter=other_raider)
    foreign = make_advance(tenant_b, activation="Foreign", lines=[("Tape", "1", "1", "")])

    raider = login(tenant_a.user(Role.RAIDER))
    assert raider.get(reverse("advancing:lines_export", args=[theirs.pk])).status_code == 404
    assert raider.get(reverse("advancing:lines_export", args=[foreign.pk])).status_code == 404
    assert read_csv(raider.get(reverse("advancing:lines_export", args=[mine.pk])))
    assert raider.get(reverse("advancing:queue_export")).status_code == 403  # a Raider reviews nothing

    gladiator = login(tenant_a.user(Role.GLADIATOR))
    assert {r["activation"] for r in read_csv(gladiator.get(reverse("advancing:queue_export")))} == {
        "Mine",
        "Theirs",
    }
    assert gladiator.get(reverse("advancing:lines_export", args=[foreign.pk])).status_code == 404
    assert gladiator.get(reverse("advancing:lines_export", args=[999999])).status_code == 404
