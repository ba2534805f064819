"""The grant pages: a manager adds a grant, a Navigator applies, uploads the budget and submits, a
Gladiator records the award; roles that may not act get 403, another organization 404 (unless the grant
is public, which it only reads); bad input is refused with nothing saved; list pages pin their queries."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.files.models import Document
from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import assert_constant_queries
from resources import services
from resources.models import Grant, GrantApplication

from .helpers import make_grant, pdf

pytestmark = pytest.mark.django_db
R = Role


def _ws_url(tenant, name):
    return reverse(name, args=[tenant.org.slug, tenant.workspace.slug])


def test_a_grant_from_the_list_to_the_award(tenant_a, login):
    deadline = local_today(tenant_a.workspace) + datetime.timedelta(days=20)
    boss = login(tenant_a.user(R.GLADIATOR))  # one test client: each step logs its actor in
    response = boss.post(
        _ws_url(tenant_a, "resources:new_grant"),
        {
            "title": "Touring fund",
            "funder": "Arts Council",
            "amount": "25000",
            "currency": "EUR",
            "deadline": deadline.isoformat(),
            "eligibility": "Touring companies",
            "category": "production",
            "tags": "touring",
        },
    )
    assert response.status_code == 302, response.content
    grant = Grant.objects.get(title="Touring fund")
    listed = boss.get(_ws_url(tenant_a, "resources:grants"), {"q": "arts council"})
    assert listed.status_code == 200 and "Touring fund" in listed.text and "25,000.00" in listed.text

    nav = login(tenant_a.user(R.NAVIGATOR))
    page = nav.get(reverse("resources:grant", args=[grant.pk]))
    assert page.status_code == 200 and 'data-testid="apply"' in page.text and "20 days left" in page.text
    response = nav.post(reverse("resources:apply", args=[grant.pk]), {"requested_amount": "20000", "notes": "Tour"})
    application = GrantApplication.objects.get(grant=grant)
    assert response.status_code == 302 and response.url == reverse("resources:application", args=[application.pk])
    upload = nav.post(reverse("resources:application_document", args=[application.pk]), {"upload": pdf()})
    assert upload.status_code == 302
    page = nav.get(reverse("resources:application", args=[application.pk]))
    assert "budget.pdf" in page.text and 'data-testid="move-submitted"' in page.text
    assert 'data-testid="move-awarded"' not in page.text  # a Navigator does not record the funder's answer
    nav.post(reverse("resources:move_application", args=[application.pk, "submitted"]))
    login(tenant_a.user(R.GLADIATOR)).post(reverse("resources:move_application", args=[application.pk, "awarded"]))
    application.refresh_from_db()
    assert application.status == "awarded"
    mine = login(tenant_a.user(R.NAVIGATOR)).get(_ws_url(tenant_a, "resources:applications"), {"status": "awarded"})
    assert "Touring fund" in mine.text


def test_bad_input_is_refused_with_nothing_saved(tenant_a, login):
    boss = login(tenant_a.user(R.GLADIATOR))
    response = boss.post(
        _ws_url(tenant_a, "resources:new_grant"),
        {"title": "Bad", "funder": "F", "currency": "EURO1", "deadline": "2030-01-01", "category": "other"},
    )
    assert response.status_code == 400 and not Grant.objects.exists()
    response = boss.post(
        _ws_url(tenant_a, "resources:new_grant"),
        {"title": "Bad", "funder": "F", "currency": "EUR", "deadline": "soon", "category": "other"},
    )
    assert response.status_code == 400 and not Grant.objects.exists()
    grant = make_grant(tenant_a, amount=1000)
    nav = login(tenant_a.user(R.NAVIGATOR))
    response = nav.post(reverse("resources:apply", args=[grant.pk]), {"requested_amount": "5000"})
    assert response.status_code == 400 and "more than the grant gives" in response.text
    assert not GrantApplication.objects.exists()
    application = services.apply_for_grant(grant, actor=tenant_a.user(R.NAVIGATOR), requested_amount=10)
    refused = nav.post(
        reverse("resources:application_document", args=[application.pk]),
        {"upload": pdf("run.exe").__class__("run.exe", b"MZ\x90\x00", content_type="application/x-msdownload")},
    )
    assert refused.status_code == 400 and not Document.objects.exists()
    # An invalid move: the workflow's refusal, nothing changed.
    response = login(tenant_a.user(R.GLADIATOR)).post(
        reverse("resources:move_application", args=[application.pk, "awarded"]), follow=True
    )
    assert "This grant application is a draft; it can&#x27;t be awarded." in response.text
    application.refresh_from_db()
    assert application.status == "draft"


def test_roles_that_may_not_act_get_403(tenant_a, login):
    grant = make_grant(tenant_a)
    application = services.apply_for_grant(grant, actor=tenant_a.user(R.NAVIGATOR), requested_amount=10)
    raider = login(tenant_a.user(R.RAIDER))  # one test client: each role logs in in turn
    assert raider.get(_ws_url(tenant_a, "resources:grants")).status_code == 200
    assert raider.get(reverse("resources:grant", args=[grant.pk])).status_code == 200
    assert raider.get(_ws_url(tenant_a, "resources:new_grant")).status_code == 403
    assert raider.get(reverse("resources:edit_grant", args=[grant.pk])).status_code == 403
    assert raider.post(reverse("resources:apply", args=[grant.pk]), {"requested_amount": "1"}).status_code == 403
    # A Raider does not see others' applications at all.
    assert raider.get(reverse("resources:application", args=[application.pk])).status_code == 404
    nav = login(tenant_a.user(R.NAVIGATOR))
    assert nav.get(_ws_url(tenant_a, "resources:new_grant")).status_code == 403
    nav.post(reverse("resources:move_application", args=[application.pk, "submitted"]))
    assert nav.post(reverse("resources:move_application", args=[application.pk, "awarded"])).status_code == 403
    # A Passenger reads the grants but not the applications (amounts asked for are money).
    passenger = login(tenant_a.user(R.PASSENGER))
    assert passenger.get(reverse("resources:grant", args=[grant.pk])).status_code == 200
    assert passenger.get(reverse("resources:edit_grant", args=[grant.pk])).status_code == 403
    assert passenger.get(reverse("resources:application", args=[application.pk])).status_code == 404
    response = passenger.post(reverse("resources:application_document", args=[application.pk]), {"upload": pdf()})
    assert response.status_code == 404
    assert GrantApplication.objects.get().status == "submitted" and GrantApplication.objects.count() == 1


def test_another_organization_gets_404_unless_the_grant_is_public(tenant_a, tenant_b, login):
    grant = make_grant(tenant_a)
    public = make_grant(tenant_a, "Open call", is_public=True)
    application = services.apply_for_grant(grant, actor=tenant_a.user(R.NAVIGATOR), requested_amount=10)
    client = login(tenant_b.user(R.GLADIATOR))
    assert client.get(reverse("resources:grant", args=[grant.pk])).status_code == 404
    assert client.get(reverse("resources:edit_grant", args=[grant.pk])).status_code == 404
    assert client.post(reverse("resources:apply", args=[grant.pk]), {"requested_amount": "1"}).status_code == 404
    assert client.get(reverse("resources:application", args=[application.pk])).status_code == 404
    assert client.post(reverse("resources:move_application", args=[application.pk, "withdrawn"])).status_code == 404
    assert client.get(_ws_url(tenant_a, "resources:grants")).status_code == 404
    assert client.get(reverse("resources:grant", args=[public.pk])).status_code == 200
    assert client.post(reverse("resources:apply", args=[public.pk]), {"requested_amount": "1"}).status_code == 403
    assert GrantApplication.objects.count() == 1


def test_grant_list_pages_cost_the_same_queries_for_more_rows(tenant_a, login, django_assert_max_num_queries):
    nav_user = tenant_a.user(R.NAVIGATOR)
    make_grant(tenant_a, "First")
    client = login(nav_user)

    def grow():
        for n in range(3):
            grant = make_grant(tenant_a, f"Grant {n}", days=n + 5, tags="a, b")
            services.apply_for_grant(grant, actor=nav_user, requested_amount=n + 1)

    urls = [_ws_url(tenant_a, name) for name in ("resources:grants", "resources:applications")]
    for url in urls:
        client.get(url)
    queries, before, after = assert_constant_queries(client, urls[0], grow)
    assert after > before
    with django_assert_max_num_queries(queries + 2):
        assert client.get(urls[1]).status_code == 200
    application = GrantApplication.objects.first()
    with django_assert_max_num_queries(queries + 8):
        assert client.get(reverse("resources:application", args=[application.pk])).status_code == 200


def test_the_form_names_the_owner_and_a_grant_nobody_applied_for_is_deleted(tenant_a, tenant_b, login):
    boss = login(tenant_a.user(R.GLADIATOR))
    navigator = tenant_a.user(R.NAVIGATOR)
    form = boss.get(_ws_url(tenant_a, "resources:new_grant")).text
    assert f'value="{navigator.pk}"' in form and f'value="{tenant_b.user(R.NAVIGATOR).pk}"' not in form
    deadline = (local_today(tenant_a.workspace) + datetime.timedelta(days=9)).isoformat()
    body = {"title": "Venue fund", "funder": "City", "currency": "EUR", "deadline": deadline, "category": "other"}
    response = boss.post(_ws_url(tenant_a, "resources:new_grant"), {**body, "owner": navigator.pk})
    assert response.status_code == 302, response.content
    grant = Grant.objects.get(title="Venue fund")
    assert grant.owner == navigator
    # someone outside the workspace can't be chosen: the form refuses, nothing changes
    response = boss.post(
        reverse("resources:edit_grant", args=[grant.pk]), {**body, "owner": tenant_b.user(R.PHANTOM).pk}
    )
    assert response.status_code == 400 and Grant.objects.get(pk=grant.pk).owner == navigator

    assert login(tenant_a.user(R.RAIDER)).post(reverse("resources:delete_grant", args=[grant.pk])).status_code in (
        403,
        404,
    )
    assert login(tenant_b.user(R.PHANTOM)).post(reverse("resources:delete_grant", args=[grant.pk])).status_code == 404
    boss = login(tenant_a.user(R.GLADIATOR))
    assert (
        'action="{}"'.format(reverse("resources:delete_grant", args=[grant.pk]))
        in boss.get(reverse("resources:grant", args=[grant.pk])).text
    )
    response = boss.post(reverse("resources:delete_grant", args=[grant.pk]))
    assert response.status_code == 302 and response["Location"] == _ws_url(tenant_a, "resources:grants")
    assert not Grant.objects.filter(pk=grant.pk).exists()


def test_a_grant_people_applied_for_is_not_deleted(tenant_a, login):
    grant = make_grant(tenant_a)
    services.apply_for_grant(grant, actor=tenant_a.user(R.NAVIGATOR), requested_amount="100")
    boss = login(tenant_a.user(R.GLADIATOR))
    response = boss.post(reverse("resources:delete_grant", args=[grant.pk]), follow=True)
    assert "it can&#x27;t be deleted" in response.text or "it can't be deleted" in response.text
    assert Grant.objects.filter(pk=grant.pk).exists() and GrantApplication.objects.filter(grant=grant).exists()
