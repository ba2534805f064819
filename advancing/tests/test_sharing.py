"""A crew lead shares an advance with an artist's tour manager: a link with a hashed token, a window, an
optional passcode. The tour manager, without an account, says who they are, answers a line and adds a
catalog item while it is a draft; the crew see "external: name, email" in the history and the same
`advance.edited` event their own edits publish. Outside its window the link says so; reset or revoked
it is a 404; it never reaches another advance or the API. Who may not edit the advance may not share
it (403); another organization sees nothing (404)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advancing import sharing
from advancing.models import AdvanceItem, AdvanceShareLink, AdvanceStatus, CatalogItem
from advancing.sharing import token_hash
from advancing.tests.helpers import history, make_advance
from dragonfly.core.events import capture
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
S = AdvanceStatus
GUEST = {"name": "Robin Tourmanager", "email": "robin@lumineers.test"}


@pytest.fixture
def crew(tenant_a):
    return tenant_a.user(Role.DEVIATOR)


@pytest.fixture
def advance(tenant_a, crew):
    return make_advance(tenant_a, submitter=crew)


def share(advance, crew, **kwargs):
    kwargs.setdefault("label", "Tour manager, The Lumineers")
    link, token = sharing.share_advance(advance, actor=crew, **kwargs)
    cache.delete_many([sharing._fails_key(link), sharing._lock_key(link)])
    return link, token


def url(token, name="advancing:shared", *args):
    return reverse(name, args=[token, *args])


def guest_client(token, passcode=None):
    """A browser without an account that opened the link and said who it is."""
    client = Client(enforce_csrf_checks=False)
    body = dict(GUEST, **({"passcode": passcode} if passcode is not None else {}))
    response = client.post(url(token), body)
    assert response.status_code == 302, response.content[:500]
    return client


# --- the crew shares -----------------------------------------------------------------------------
def test_the_crew_creates_a_link_whose_token_is_shown_once_and_stored_only_as_a_hash(login, advance, crew):
    client = login(crew)
    page = client.get(reverse("advancing:detail", args=[advance.pk]))
    assert reverse("advancing:share_links", args=[advance.pk]) in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("advancing:share_links", args=[advance.pk]),
        {
            "label": "Tour manager",
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=13)).isoformat(),
            "passcode": "stage-left",
            "shared_fields": ["notes"],
        },
    )
    assert response.status_code == 201
    shown = re.search(r'value="(http[^"]+/advancing/shared/([\w-]+)/)"', response.content.decode())
    assert shown, "the new link is on the page"
    token = shown.group(2)
    link = AdvanceShareLink.objects.get(advance=advance)
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert link.passcode_hash and "stage-left" not in link.passcode_hash
    assert link.shared_fields == ["notes"] and link.created_by == crew
    assert (link.valid_until - link.valid_from) >= datetime.timedelta(days=13)
    assert response["Cache-Control"] == "no-store"
    assert history(advance)[-1].verb == "advance.share_created"
    # The list shows it without the token.
    listing = client.get(reverse("advancing:share_links", args=[advance.pk])).content.decode()
    assert "Tour manager" in listing and token not in listing and "Not used yet." in listing


def test_the_link_is_open_fourteen_days_by_default(advance, crew):
    link, _token = share(advance, crew)
    assert link.valid_until - link.valid_from == datetime.timedelta(days=14)
    assert link.state() == "open"


# --- the collaborator answers --------------------------------------------------------------------
def test_the_collaborator_answers_a_line_and_the_crew_see_external_name_and_email(
    login, advance, crew, django_capture_on_commit_callbacks
):
    link, token = share(advance, crew)
    anonymous = Client()
    first = anonymous.get(url(token))
    assert first.status_code == 200 and "Your name" in first.content.decode()
    assert first["Referrer-Policy"] == "no-referrer" and "noindex" in first["X-Robots-Tag"]
    client = guest_client(token)
    page = client.get(url(token))
    body = page.content.decode()
    assert page.status_code == 200 and "Stagehands" in body and "Forklift" in body
    assert "250.00" not in body and "1,800" not in body and "cost" not in body.lower()  # no costs
    # No way into the app: every link and form stays on this link's pages (or static files, the language).
    allowed = (url(token), "/static/", reverse("set_language"))
    targets = re.findall(r'(?:href|action)="([^"]*)"', body)
    assert targets and all(t.startswith(allowed) for t in targets), targets
    assert page["Referrer-Policy"] == "no-referrer" and "noindex" in page["X-Robots-Tag"]

    line = advance.items.get(name="Stagehands")
    with django_capture_on_commit_callbacks(execute=True), capture() as events:
        response = client.post(
            url(token, "advancing:shared_answer", line.pk),
            {f"line-{line.pk}-answer": "We bring our own mic package", f"line-{line.pk}-quantity": "6"},
        )
    assert response.status_code == 302
    line.refresh_from_db()
    advance.refresh_from_db()
    assert line.quantity == Decimal("6") and line.metadata["external_answer"]["text"] == "We bring our own mic package"
    assert advance.estimated_cost == Decimal("2300.00")  # 6 × 250 + 2 × 400: the totals follow
    (event,) = [e for e in events if e.name == "advance.edited"]
    assert event.obj.pk == advance.pk and event.data["via"] == "share"
    entry = history(advance)[-1]
    assert entry.actor is None and entry.verb == "advance.edited"
    assert entry.data["external"] == {"name": GUEST["name"], "email": GUEST["email"]}
    assert entry.data["share_link"] == link.pk and entry.note == "We bring our own mic package"
    link.refresh_from_db()
    assert link.last_used_by == "Robin Tourmanager <robin@lumineers.test>" and link.last_used_at

    detail = login(crew).get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert "external: Robin Tourmanager, robin@lumineers.test" in detail
    assert "We bring our own mic package" in detail


def test_the_crews_own_draft_edit_publishes_the_same_event(advance, crew):
    from advancing import services
    from advancing.tests.helpers import lines

    with capture() as events:
        services.update_draft(advance, actor=crew, items=lines(("Stagehands", 5, 250)))
    assert [e.name for e in events] == ["advance.edited"]


def test_a_collaborators_answer_stays_with_its_line_when_the_crew_edit_the_draft(advance, crew):
    from advancing import services
    from advancing.tests.helpers import lines

    link, _token = share(advance, crew)
    line = advance.items.get(name="Stagehands")
    guest = sharing.guest_from(GUEST["name"], GUEST["email"])
    sharing.answer_line(link, guest=guest, item_id=line.pk, answer="We bring our own mic package")
    services.update_draft(advance, actor=crew, items=lines(("Stagehands", 5, 250), ("Forklift", 1, 400)))
    kept = advance.items.get(name="Stagehands").metadata["external_answer"]
    assert kept["text"] == "We bring our own mic package"
    assert not advance.items.get(name="Forklift").metadata.get("external_answer")


def test_the_collaborator_adds_a_catalog_line_to_a_draft(advance, crew):
    _link, token = share(advance, crew)
    client = guest_client(token)
    item = CatalogItem.objects.enabled().order_by("item_id").first()
    found = client.get(url(token) + "?q=" + item.name.split()[0][:10])
    assert found.status_code == 200
    response = client.post(url(token, "advancing:shared_add_line"), {"catalog_item": item.pk, "quantity": "2"})
    assert response.status_code == 302
    added = advance.items.get(catalog_item=item)
    assert added.quantity == 2 and added.unit == item.standard_unit and added.unit_cost == 0
    entry = history(advance)[-1]
    assert entry.verb == "advance.line_added" and entry.data["external"]["email"] == GUEST["email"]


def test_once_submitted_quantities_are_fixed_but_answers_are_taken(tenant_a, crew):
    advance = make_advance(tenant_a, S.SUBMITTED, submitter=crew)
    _link, token = share(advance, crew)
    client = guest_client(token)
    line = advance.items.first()
    refused = client.post(url(token, "advancing:shared_add_line"), {"catalog_item": 1, "quantity": "1"})
    assert refused.status_code in (400, 409) and advance.items.count() == 2
    answered = client.post(url(token, "advancing:shared_answer", line.pk), {f"line-{line.pk}-answer": "Confirmed."})
    assert answered.status_code == 302
    line.refresh_from_db()
    assert line.metadata["external_answer"]["text"] == "Confirmed."
    with pytest.raises(sharing.InvalidTransition):
        sharing.answer_line(_link, guest=sharing.Guest("A", "a@b.test"), item_id=line.pk, quantity="99", answer="")


def test_bad_input_changes_nothing(advance, crew):
    _link, token = share(advance, crew)
    client = guest_client(token)
    line = advance.items.first()
    before = (line.quantity, dict(line.metadata))
    for body in ({f"line-{line.pk}-quantity": "-3"}, {f"line-{line.pk}-quantity": "abc"}, {}):
        assert client.post(url(token, "advancing:shared_answer", line.pk), body).status_code == 400
    line.refresh_from_db()
    assert (line.quantity, line.metadata) == before
    assert Client().post(url(token), {"name": "", "email": "not-an-email"}).status_code == 400


# --- the window, the passcode, reset and revoke ---------------------------------------------------
def test_an_expired_link_says_so_with_410_and_a_link_not_open_yet_with_404(advance, crew):
    now = timezone.now()
    link, token = share(advance, crew)
    AdvanceShareLink.objects.filter(pk=link.pk).update(
        valid_from=now - datetime.timedelta(days=20), valid_until=now - datetime.timedelta(days=1)
    )
    gone = Client().get(url(token))
    assert gone.status_code == 410 and "This link has expired" in gone.content.decode()
    assert gone["Referrer-Policy"] == "no-referrer"
    _later, later_token = share(
        advance, crew, valid_from=now + datetime.timedelta(days=3), valid_until=now + datetime.timedelta(days=10)
    )
    early = Client().get(url(later_token))
    assert early.status_code == 404 and "This link is not open yet" in early.content.decode()
    # Nor can a session opened before the window closed keep writing.
    line = advance.items.first()
    assert Client().post(url(token, "advancing:shared_answer", line.pk), {}).status_code == 410


def test_a_wrong_passcode_is_refused_and_five_lock_the_link(advance, crew):
    link, token = share(advance, crew, passcode="stage-left")
    client = Client()
    bad = client.post(url(token), dict(GUEST, passcode="nope"))
    assert bad.status_code == 403 and "That passcode is not right." in bad.content.decode()
    for _ in range(3):
        client.post(url(token), dict(GUEST, passcode="nope"))
    locked = client.post(url(token), dict(GUEST, passcode="nope"))
    assert locked.status_code == 429 and "locked" in locked.content.decode()
    # Locked: even the right passcode waits.
    assert client.post(url(token), dict(GUEST, passcode="stage-left")).status_code == 429
    assert client.get(url(token)).status_code == 200  # asks again, shows nothing of the advance
    assert "Stagehands" not in client.get(url(token)).content.decode()
    cache.delete(sharing._lock_key(link))
    assert client.post(url(token), dict(GUEST, passcode="stage-left")).status_code == 302
    assert "Stagehands" in client.get(url(token)).content.decode()


def test_reset_kills_the_old_link_and_its_sessions_at_once(login, advance, crew):
    link, old = share(advance, crew)
    client = guest_client(old)
    response = login(crew).post(reverse("advancing:share_reset", args=[advance.pk, link.pk]))
    assert response.status_code == 200
    new = re.search(r"/advancing/shared/([\w-]+)/", response.content.decode()).group(1)
    assert new != old
    assert client.get(url(old)).status_code == 404
    line = advance.items.first()
    assert client.post(url(old, "advancing:shared_answer", line.pk), {}).status_code == 404
    # The new link asks again who they are (its session scope is the new token's).
    assert "Your name" in client.get(url(new)).content.decode()
    assert history(advance)[-1].verb == "advance.share_reset"


def test_a_revoked_link_is_a_404(login, advance, crew):
    link, token = share(advance, crew)
    client = guest_client(token)
    assert login(crew).post(reverse("advancing:share_revoke", args=[advance.pk, link.pk])).status_code == 302
    assert client.get(url(token)).status_code == 404
    assert history(advance)[-1].verb == "advance.share_revoked"
    with pytest.raises(sharing.Conflict):
        sharing.revoke_share_link(link, actor=crew)


def test_the_token_reaches_no_other_advance_nor_the_api(tenant_a, advance, crew):
    other = make_advance(tenant_a, submitter=crew, activation="Other show")
    foreign_line = other.items.first()
    _link, token = share(advance, crew)
    client = guest_client(token)
    response = client.post(
        url(token, "advancing:shared_answer", foreign_line.pk), {f"line-{foreign_line.pk}-answer": "x"}
    )
    assert response.status_code == 404
    foreign_line.refresh_from_db()
    assert "external_answer" not in foreign_line.metadata
    assert "Other show" not in client.get(url(token)).content.decode()
    assert client.get(reverse("advancing:detail", args=[advance.pk])).status_code in (302, 404)
    assert client.get(f"/api/advancing/{advance.pk}").status_code in (401, 403)
    assert client.get(f"/api/advancing/{advance.pk}/share-links").status_code in (401, 403)


# --- who may share ----------------------------------------------------------------------------------
def test_who_may_not_edit_the_advance_gets_403(login, tenant_a, advance):
    passenger = tenant_a.user(Role.PASSENGER)
    client = login(passenger)
    assert client.get(reverse("advancing:detail", args=[advance.pk])).status_code == 200
    assert client.get(reverse("advancing:share_links", args=[advance.pk])).status_code == 403
    assert client.post(reverse("advancing:share_links", args=[advance.pk]), {"label": "x"}).status_code == 403
    api = client.post(f"/api/advancing/{advance.pk}/share-links", {"label": "x"}, content_type="application/json")
    assert api.status_code == 403 and api.json()["detail"]
    assert not AdvanceShareLink.objects.exists()


def test_another_organization_sees_nothing(login, tenant_b, advance, crew):
    link, _token = share(advance, crew)
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(reverse("advancing:share_links", args=[advance.pk])).status_code == 404
    assert client.post(reverse("advancing:share_reset", args=[advance.pk, link.pk])).status_code == 404
    assert client.post(reverse("advancing:share_revoke", args=[advance.pk, link.pk])).status_code == 404
    assert client.get(f"/api/advancing/{advance.pk}/share-links").status_code == 404
    assert client.post(f"/api/advancing/{advance.pk}/share-links/{link.pk}/revoke").status_code == 404
    assert AdvanceShareLink.objects.visible_to(tenant_b.user(Role.PHANTOM)).count() == 0
    link.refresh_from_db()
    assert link.revoked_at is None


# --- the API ---------------------------------------------------------------------------------------
def test_the_api_creates_lists_resets_and_revokes_links(login, advance, crew, django_assert_max_num_queries):
    client = login(crew)
    base = f"/api/advancing/{advance.pk}/share-links"
    made = client.post(base, {"label": "Supplier", "shared_fields": ["fulfilment"]}, content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    token = body["url"].rstrip("/").rsplit("/", 1)[1]
    assert AdvanceShareLink.objects.get(pk=body["id"]).token_hash == token_hash(token)
    assert body["state"] == "open" and body["has_passcode"] is False
    for _ in range(3):
        sharing.share_advance(advance, actor=crew, label="Another")
    with django_assert_max_num_queries(8):
        listed = client.get(base)
    assert listed.status_code == 200 and listed.json()["count"] == 4
    assert all("url" not in row and "token_hash" not in row for row in listed.json()["results"])
    reset = client.post(f"{base}/{body['id']}/reset")
    assert reset.status_code == 200 and reset.json()["url"] != body["url"]
    revoked = client.post(f"{base}/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    again = client.post(f"{base}/{body['id']}/revoke")
    assert again.status_code == 409 and again.json()["detail"]
    bad = client.post(base, {"label": "", "shared_fields": ["costs"]}, content_type="application/json")
    assert bad.status_code == 400 and AdvanceShareLink.objects.filter(advance=advance).count() == 4


def test_the_share_page_lists_links_in_a_fixed_number_of_queries(login, advance, crew, django_assert_max_num_queries):
    for n in range(5):
        sharing.share_advance(advance, actor=crew, label=f"Supplier {n}")
    client = login(crew)
    client.get(reverse("advancing:share_links", args=[advance.pk]))  # warm the per-user caches
    with django_assert_max_num_queries(14):
        assert client.get(reverse("advancing:share_links", args=[advance.pk])).status_code == 200


def test_answers_need_a_name_first(advance, crew):
    _link, token = share(advance, crew)
    line = advance.items.first()
    response = Client().post(url(token, "advancing:shared_answer", line.pk), {f"line-{line.pk}-answer": "x"})
    assert response.status_code == 302 and response["Location"] == url(token)
    assert AdvanceItem.objects.get(pk=line.pk).metadata.get("external_answer") is None


def test_the_demo_seed_shares_the_catering_draft_once_and_prints_no_token(monkeypatch, tenant_a):
    from advancing.management.commands import seed_advancing_demo as seed

    crew = tenant_a.user(Role.RAIDER)
    make_advance(tenant_a, submitter=crew, activation=seed.SHARED[0])
    monkeypatch.setattr(seed, "DEMO_WORKSPACES", [(tenant_a.org.slug, tenant_a.workspace.slug)])
    assert seed.share_demo_advance() == 1
    assert seed.share_demo_advance() == 0  # nothing more on a second run
    link = AdvanceShareLink.objects.get()
    assert link.label == seed.SHARED[1] and link.state() == "open"
    entry = history(link.advance)[-1]
    assert entry.data["external"]["email"] == seed.SHARED_ANSWER[1]


def test_csrf_stays_on_though_a_no_referrer_page_posts_with_a_null_origin(advance, crew):
    _link, token = share(advance, crew)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url(token))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    # No token: refused, whatever the origin.
    assert browser.post(url(token), GUEST, HTTP_ORIGIN="null").status_code == 403
    # Another site's origin: refused even with a token.
    assert (
        browser.post(url(token), dict(GUEST, csrfmiddlewaretoken=csrf), HTTP_ORIGIN="https://evil.test").status_code
        == 403
    )
    # The page's own form under no-referrer (Origin: null) with its token: taken.
    taken = browser.post(url(token), dict(GUEST, csrfmiddlewaretoken=csrf), HTTP_ORIGIN="null")
    assert taken.status_code == 302
    # A cross-site post carries no CSRF cookie (SameSite=Lax): refused even with a stolen token.
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post(url(token), dict(GUEST, csrfmiddlewaretoken=csrf), HTTP_ORIGIN="null").status_code == 403


def test_an_answer_reaches_the_crews_open_advance_page_live(
    monkeypatch, advance, crew, django_capture_on_commit_callbacks
):
    from dragonfly.realtime import fanout
    from dragonfly.realtime.groups import object_group

    pushed = []
    monkeypatch.setattr(fanout, "send", lambda groups, message: pushed.append((groups, message)))
    link, _token = share(advance, crew)
    line = advance.items.first()
    with django_capture_on_commit_callbacks(execute=True):
        sharing.answer_line(link, guest=sharing.guest_from(**GUEST), item_id=line.pk, answer="On it.")
    (groups, message) = [p for p in pushed if p[1]["event"] == "advance.edited"][0]
    assert object_group("advancing.advance", advance.pk) in groups
    assert message["id"] == advance.pk and message["data"]["item_id"] == line.pk
