"""Finding things from the top bar: every module's rows, grouped, each opening its page, and never a
row the searcher may not open. Runs on SQLite (icontains) and on PostgreSQL (full text + trigrams)."""

import io

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from search import services
from search.models import SearchEntry

from .helpers import forklift_world

pytestmark = pytest.mark.django_db
TYPES = {"production", "task", "event", "advance_line", "person", "team", "asset", "company", "venue"}


def found(user, q="forklift"):
    return {(g.source.key, hit.obj.pk) for g in services.search(user, q, size=20) for hit in g.hits}


def test_an_ops_lead_finds_the_forklift_in_every_module(tenant_a, login):
    world = forklift_world(tenant_a)
    ops = tenant_a.user(Role.GLADIATOR)

    groups = services.search(ops, "forklift", size=20)

    keys = {g.source.key for g in groups}
    assert keys >= TYPES
    hits = {(g.source.key, h.obj.pk): h for g in groups for h in g.hits}
    assert ("production", world["production"].pk) in hits
    assert ("task", world["task"].pk) in hits
    # Every hit opens its page for the one who found it.
    client = login(ops)
    for (key, _pk), hit in hits.items():
        assert client.get(hit.url).status_code == 200, (key, hit.url)


def test_the_results_page_groups_highlights_and_links(tenant_a, login):
    world = forklift_world(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))

    response = client.get(reverse("search:results"), {"q": "forklift"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="group-production"' in html
    assert "<mark>Forklift</mark> Festival" in html
    assert reverse("productions:detail", args=[world["production"].pk]) in html


def test_another_organization_finds_nothing_of_ours(tenant_a, tenant_b, login):
    forklift_world(tenant_a)
    theirs = forklift_world(tenant_b)

    ours = found(tenant_a.user(Role.PHANTOM))

    assert ours
    assert ("production", theirs["production"].pk) not in ours
    assert not any(key == "asset" and pk == theirs["asset"].pk for key, pk in ours)
    page = login(tenant_a.user(Role.PHANTOM)).get(reverse("search:results"), {"q": "forklift"}).content.decode()
    assert reverse("productions:detail", args=[theirs["production"].pk]) not in page


def test_a_crew_member_without_finance_rights_sees_no_money_and_no_one_elses_advance(tenant_a, login):
    world = forklift_world(tenant_a)
    raider = tenant_a.user(Role.RAIDER)

    hits = found(raider)

    assert ("production", world["production"].pk) in hits  # crew reads productions
    assert not any(key in {"company", "contact", "asset"} for key, _ in hits)  # no finance, no assets
    assert not any(key in {"advance", "advance_line"} for key, _ in hits)  # a Deviator's advance, not theirs
    client = login(raider)
    for key, pk in hits:
        hit = next(h for g in services.search(raider, "forklift", size=20) for h in g.hits if h.obj.pk == pk)
        assert client.get(hit.url).status_code == 200, key


def test_a_visitor_with_nothing_granted_finds_only_the_catalog(tenant_a):
    forklift_world(tenant_a)
    assert {key for key, _ in found(tenant_a.user(Role.VISITOR))} <= {"catalog_item"}


def test_a_title_with_markup_shows_as_text(tenant_a, login):
    from productions.tests.helpers import make_production

    make_production(tenant_a, name='Forklift <script>alert("x")</script> show')
    html = login(tenant_a.user(Role.GLADIATOR)).get(reverse("search:results"), {"q": "forklift"}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_saves_and_deletes_keep_the_index_current(tenant_a):
    world = forklift_world(tenant_a)
    ops = tenant_a.user(Role.GLADIATOR)
    task = world["task"]

    task.title = "Book the scissor lift"
    task.save()
    assert ("task", task.pk) in found(ops, "scissor")
    world["production"].name = "Harbor Lights"
    world["production"].save()  # the task's text names its production: it follows
    assert SearchEntry.objects.get(object_type="task", object_id=str(task.pk)).body.startswith("Harbor Lights")

    task.delete()
    assert not SearchEntry.objects.filter(object_type="task", object_id=str(task.pk)).exists()


def test_reindex_rebuilds_what_bulk_updates_missed_and_drops_the_gone(tenant_a):
    from productions.models import Production

    world = forklift_world(tenant_a)
    Production.objects.filter(pk=world["production"].pk).update(name="Harbor Lights")  # no signal
    SearchEntry.objects.create(object_type="task", object_id="999999", title="Forklift ghost")

    services.reindex()
    services.reindex()  # twice: the same index

    ops = tenant_a.user(Role.GLADIATOR)
    assert ("production", world["production"].pk) in found(ops, "harbor")
    assert not SearchEntry.objects.filter(object_id="999999").exists()
    assert SearchEntry.objects.filter(object_type="production").count() == 1


def test_the_type_page_lists_one_type_and_refuses_an_unknown_one(tenant_a, login):
    world = forklift_world(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))

    response = client.get(reverse("search:results"), {"q": "forklift", "type": "task"})
    assert [h.obj for h in response.context["page"].object_list] == [world["task"]]

    refused = client.get(reverse("search:results"), {"q": "forklift", "type": "budgets"})
    assert refused.status_code == 400
    assert "There is no “budgets” to search in" in refused.content.decode()


def test_the_top_bar_dropdown_is_a_fragment_and_anonymous_visitors_are_sent_to_log_in(tenant_a, client, login):
    forklift_world(tenant_a)
    anonymous = client.get(reverse("search:results"), {"q": "forklift"})
    assert anonymous.status_code == 302

    page = login(tenant_a.user(Role.GLADIATOR)).get(
        reverse("search:results"), {"q": "forklift", "dropdown": "1"}, HTTP_HX_REQUEST="true"
    )
    html = page.content.decode()
    assert 'data-testid="search-dropdown"' in html and "<html" not in html


def test_the_search_page_costs_the_same_queries_for_few_or_many_hits(tenant_a, login):
    from dragonfly.testing.queries import assert_constant_queries
    from productions.tests.helpers import make_production

    forklift_world(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))

    def more():
        for i in range(30):
            make_production(tenant_a, name=f"Forklift tour {i}")

    client.get("/search/?q=warm-up")  # the first request of a session writes its own rows
    for url in ("/search/?q=forklift", "/search/?q=forklift&type=production", "/api/search?q=forklift"):
        assert_constant_queries(client, url, more)


def test_the_demo_seed_indexes_everything_and_adds_nothing_the_second_time(tenant_a):
    from django.core.management import call_command

    forklift_world(tenant_a)
    SearchEntry.objects.all().delete()  # as on a database seeded before search existed

    call_command("seed_search_demo", stdout=io.StringIO())
    first = sorted(SearchEntry.objects.values_list("object_type", "object_id", "title"))
    call_command("seed_search_demo", stdout=io.StringIO())

    assert first == sorted(SearchEntry.objects.values_list("object_type", "object_id", "title"))
    assert {t for t, _, _ in first} >= TYPES


def test_reindex_search_names_an_unknown_type(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Unknown search types: budgets"):
        call_command("reindex_search", "--type", "budgets")


def test_a_file_is_found_only_by_who_may_open_what_it_hangs_on(tenant_a, login, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dragonfly.files.services import store_upload

    settings.MEDIA_ROOT = str(tmp_path)
    world = forklift_world(tenant_a)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    rider = store_upload(
        SimpleUploadedFile("forklift-rider.pdf", pdf),
        bucket="documents",
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        attach_to=world["company"],  # finance's: crew without finance rights may not open it
    )

    assert ("file", rider.pk) in found(tenant_a.user(Role.GLADIATOR))
    assert login(tenant_a.user(Role.GLADIATOR)).get(f"/files/{rider.pk}/").status_code == 200
    assert not any(key == "file" for key, _ in found(tenant_a.user(Role.RAIDER)))


def test_a_common_word_ranks_a_bounded_pool_and_a_title_hit_still_leads(tenant_a, monkeypatch):
    from productions.tests.helpers import make_production

    monkeypatch.setattr(services, "POOL", 2)  # as if "forklift" were in a million rows
    make_production(tenant_a, name="Forklift Festival")  # stored first: a title hit still makes the pool
    for i in range(5):
        make_production(tenant_a, name=f"Power plan {i}", description="the forklift comes on Tuesday")
    ops = tenant_a.user(Role.GLADIATOR)

    def titles():
        return [e.title for e in services.candidates(ops, "forklift", ["production"], per_type=services.CANDIDATES)]

    # The pool: the title hits first, then body-only ones, two rows in all, never all six.
    found = titles()
    assert found[0] == "Forklift Festival"
    assert len(found) == 2
    if services.uses_full_text():
        # As a word in more rows than SCAN_ABOVE: each pass scans the newest entries, not the GIN
        # index, and stops at the pool; the same guarantee, and the body-only row is the newest one.
        monkeypatch.setattr(services, "SCAN_ABOVE", 0)
        assert titles() == ["Forklift Festival", "Power plan 4"]
    monkeypatch.setattr(services, "POOL", 200)
    assert len(titles()) == 6
