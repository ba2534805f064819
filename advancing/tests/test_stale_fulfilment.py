"""Two crew members record what arrived on the same line. One records 5 online; the other's phone,
offline, had queued 3 on the figures it read before. Replayed later, that 3 is refused with who
recorded what (the page's form error, 409 for the phone's queue, 409 JSON from the API), and the line
stays at 5. The same submission sent again (its idempotency key) still answers its first result, and a
phone's own queued running totals of one line (2, then 4) are not a conflict with each other."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from advancing import services
from advancing.models import AdvanceItem
from advancing.tests.helpers import S, history, lines, make_advance, named, text
from dragonfly.core.models import SubmissionKey
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
K1, K2, K3 = (f"7d3c1f0e-2b4a-4c6d-9e8f-00000000000{n}" for n in (1, 2, 3))


@pytest.fixture
def crew(tenant_a):
    """The advance (8 stagehands, approved), the line, and the two crew members recording on it."""
    raider = tenant_a.user(Role.RAIDER)
    advance = make_advance(tenant_a, S.APPROVED, submitter=raider, items=lines(("Stagehands", 8, "250.00")))
    line = advance.items.get()
    online = named(tenant_a.user(Role.NAVIGATOR), "Nora", "Online")
    offline = named(tenant_a.user(Role.DEVIATOR), "Otto", "Offline")
    return advance, line, online, offline


def url(advance, line):
    return reverse("advancing:fulfil", args=[advance.pk, line.pk])


def body(line, quantity, key, version):
    prefix = f"line-{line.pk}"
    return {f"{prefix}-quantity_fulfilled": quantity, f"{prefix}-version": version, "idempotency_key": key}


def errors(response):
    return re.findall(r'<div class="form-errors">(.*?)</div>', text(response))


def recorded(advance):
    return [e for e in history(advance) if e.verb in ("advance.fulfilment_recorded", "advance.fulfilled")]


def test_the_detail_page_carries_the_lines_version_in_each_fulfilment_form(crew, login):
    advance, line, _online, offline = crew
    page = text(login(offline).get(reverse("advancing:detail", args=[advance.pk])))
    assert f'name="line-{line.pk}-version" value="{line.version}"' in page


def test_an_offline_record_on_old_figures_is_refused_on_replay_and_the_total_stays(crew, login):
    advance, line, online, offline = crew
    read = line.version  # the phone opened the page, then lost the network and queued 3 of 8
    assert login(online).post(url(advance, line), body(line, "5", K1, read)).status_code == 302  # 5 arrived

    replay = login(offline).post(url(advance, line), body(line, "3", K2, read))
    assert replay.status_code == 409  # the phone's queue keeps the item, with the page's message
    message = (
        "Nora Online recorded “Stagehands” after you read its figures (just now): 5 of 8 are now recorded "
        "as arrived. Yours was not recorded; check the new total and record it again."
    )
    assert message in text(replay)  # in the line's form errors, which the queue shows
    assert f'<div class="form-errors"><p>{message}' in text(replay).replace("&ldquo;", "“")
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("5")
    assert [e.actor for e in recorded(advance)] == [online]  # nothing of Otto's recorded
    assert not SubmissionKey.objects.filter(user=offline).exists()  # refused: may be sent again once looked at
    # The page shown again carries the figures it now shows: recorded on them, it goes through.
    assert f'name="line-{line.pk}-version" value="{line.version}"' in text(replay)
    assert login(offline).post(url(advance, line), body(line, "7", K3, line.version)).status_code == 302
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("7")


def test_a_more_than_the_others_total_on_old_figures_is_refused_too(crew, login):
    # The case that used to overwrite: 6 on figures of 0, after someone else recorded 5.
    advance, line, online, offline = crew
    read = line.version
    services.record_fulfilment(advance, actor=online, item_id=line.pk, quantity_fulfilled="5")
    replay = login(offline).post(url(advance, line), body(line, "6", K2, read))
    assert replay.status_code == 409 and "Nora Online recorded" in text(replay)
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("5")


def test_the_same_submission_replayed_answers_its_first_result_not_a_conflict(crew, login):
    advance, line, online, offline = crew
    read = line.version
    client = login(offline)
    first = client.post(url(advance, line), body(line, "3", K1, read))
    assert first.status_code == 302
    services.record_fulfilment(advance, actor=online, item_id=line.pk, quantity_fulfilled="5")
    again = client.post(url(advance, line), body(line, "3", K1, read), follow=True)  # its answer was lost
    assert again.redirect_chain[0] == (first["Location"], 302)
    assert "This was already received; nothing was made twice." in text(again)
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("5") and len(recorded(advance)) == 2


def test_a_phones_own_queued_totals_of_one_line_are_no_conflict(crew, login):
    advance, line, online, offline = crew
    read = line.version  # both queued offline on the figures read once
    client = login(offline)
    assert client.post(url(advance, line), body(line, "2", K1, read)).status_code == 302
    assert client.post(url(advance, line), body(line, "4", K2, read)).status_code == 302
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("4")
    # … but not once someone else recorded in between
    assert login(online).post(url(advance, line), body(line, "5", K1, line.version)).status_code == 302
    refused = login(offline).post(url(advance, line), body(line, "6", K3, read))
    assert refused.status_code == 409 and "Nora Online recorded" in text(refused), errors(refused)


def test_no_version_records_as_before_and_a_stale_one_by_another_org_or_role_is_404_or_403(crew, login, tenant_b):
    advance, line, online, _offline = crew
    read = line.version
    services.record_fulfilment(advance, actor=online, item_id=line.pk, quantity_fulfilled="5")
    assert login(tenant_b.user(Role.GLADIATOR)).post(url(advance, line), body(line, "6", K1, read)).status_code == 404
    raider = advance.submitter  # sees the advance, may not record what arrived
    assert login(raider).post(url(advance, line), body(line, "6", K1, read)).status_code == 403
    no_version = body(line, "6", K2, "")
    assert login(online).post(url(advance, line), no_version).status_code == 302
    assert AdvanceItem.objects.get(pk=line.pk).quantity_fulfilled == Decimal("6")


# --- the API ----------------------------------------------------------------------------------------
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_a_stale_line_version_is_a_409_with_who_and_a_replay_is_the_first_answer(crew, tenant_b):
    advance, line, online, offline = crew
    endpoint = f"/api/advancing/{advance.pk}/fulfill"
    shown = api(offline).get(f"/api/advancing/{advance.pk}").json()
    read = shown["items"][0]["version"]
    assert read == line.version

    def fulfil(user, quantity, key, version=read):
        data = {"item_id": line.pk, "quantity_fulfilled": quantity, "line_version": version}
        return api(user).post(endpoint, data, format="json", HTTP_IDEMPOTENCY_KEY=key)

    first = fulfil(online, "5", K1)
    assert first.status_code == 200 and first.json()["items"][0]["version"] == read + 1
    stale = fulfil(offline, "3", K2)
    assert stale.status_code == 409 and stale["Content-Type"].startswith("application/json")
    answer = stale.json()
    assert answer["code"] == "stale_edit" and "Nora Online recorded “Stagehands”" in answer["detail"]
    assert answer["version"] == read + 1 and answer["your_version"] == read
    assert answer["changed_by"] == [{"id": online.pk, "name": "Nora Online"}]
    assert sorted(answer["changed_fields"]) == ["actual_cost", "quantity_fulfilled"]
    assert not SubmissionKey.objects.filter(user=offline).exists()
    again = fulfil(online, "5", K1)  # the same call again: its first answer, not a conflict
    assert again.status_code == 200 and again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    line.refresh_from_db()
    assert line.quantity_fulfilled == Decimal("5")
    assert fulfil(tenant_b.user(Role.GLADIATOR), "3", K3).status_code == 404
    forbidden = fulfil(advance.submitter, "3", K3)
    assert forbidden.status_code == 403 and forbidden["Content-Type"].startswith("application/json")
