"""Each line shows its requested, approved and actual amounts, and the header is their sum: the
page, the API and the CSV read the same line amounts (AdvanceItem.approved_cost), so they agree."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from advancing import services
from advancing.tests.helpers import S, lines, make_advance, text
from advancing.tests.test_exports import read_csv
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def radios(tenant_a):
    """10 radios at 25.00 and 2 forklifts at 400.00; the radios approved 6 of 10."""
    advance = make_advance(tenant_a, S.UNDER_REVIEW, items=lines(("Radios", 10, 25), ("Forklift", 2, 400)))
    radio = advance.items.get(name="Radios")
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR), approved_quantities={radio.pk: 6})
    advance.refresh_from_db()
    return advance


def line_row(page, item):
    row = re.search(rf'data-testid="line-{item.pk}">(.*?)</tr>', page, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", row)


def test_a_partial_approval_shows_the_approved_amount_on_the_line(radios, tenant_a, login):
    radio = radios.items.get(name="Radios")
    assert radio.total_cost == Decimal("250.00") and radio.approved_cost == Decimal("150.00")
    assert radios.approved_cost == Decimal("950.00") == sum(i.approved_cost for i in radios.items.all())

    page = text(login(tenant_a.user(Role.GLADIATOR)).get(reverse("advancing:detail", args=[radios.pk])))
    row = line_row(page, radio)
    assert "250.00" in row and "150.00" in row
    assert re.search(r'data-testid="lines-approved-total">[^<]*950\.00', page)


def test_an_actual_cost_recorded_at_fulfilment_shows_on_its_line(radios, tenant_a, login):
    radio = radios.items.get(name="Radios")
    services.record_fulfilment(
        radios, actor=tenant_a.user(Role.GLADIATOR), item_id=radio.pk, quantity_fulfilled=6, actual_cost="140.00"
    )
    page = text(login(tenant_a.user(Role.GLADIATOR)).get(reverse("advancing:detail", args=[radios.pk])))
    assert "140.00" in line_row(page, radio)
    assert re.search(r'data-testid="lines-actual-total">[^<]*140\.00', page)


def test_the_api_and_the_csv_give_the_same_line_amounts(radios, tenant_a, login):
    radio = radios.items.get(name="Radios")
    client = login(tenant_a.user(Role.GLADIATOR))
    api = client.get(f"/api/advances/{radios.pk}/").json()
    line = next(i for i in api["items"] if i["id"] == radio.pk)
    assert (line["total_cost"], line["approved_cost"]) == ("250.00", "150.00")
    rows = read_csv(client.get(reverse("advancing:lines_export", args=[radios.pk])))
    assert (rows[0]["total_cost"], rows[0]["approved_cost"]) == ("250.00", "150.00")
