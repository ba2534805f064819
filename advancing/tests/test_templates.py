"""Advance templates on the pages: a manager saves one, the crew start advances from it or from an
earlier advance; who may not gets 403, another organization's gets 404; the list's query count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from advancing import templating
from advancing.models import Advance, AdvanceStatus, AdvanceTemplate, ProductionType
from advancing.tests.helpers import catalog_item, make_advance, text
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
R = Role


@pytest.fixture
def catalog():
    return {
        "pa": catalog_item("ZZT-1001", "Line Array PA System"),
        "hands": catalog_item("ZZT-1002", "Stagehands", unit="Per Person"),
        "forklift": catalog_item("ZZT-1003", "Forklift", unit="Per Day"),
    }


def catalog_lines(catalog):
    return [
        {"catalog_item": catalog["pa"], "quantity": Decimal("2"), "unit_cost": Decimal("1500"), "notes": "12 boxes"},
        {"catalog_item": catalog["hands"], "quantity": Decimal("12"), "unit_cost": Decimal("250")},
        {"name": "Confetti cannon", "unit": "Per Unit", "quantity": Decimal("1"), "unit_cost": Decimal("90")},
    ]


def arena_template(tenant, catalog, **kwargs):
    workspace = kwargs.pop("workspace", tenant.workspace)
    return templating.save_template(
        # an organization-wide template (or one of a workspace they hold no role in) needs an org-wide role
        actor=kwargs.pop("actor", None) or tenant.user(R.GLADIATOR if workspace == tenant.workspace else R.PHANTOM),
        organization=tenant.org,
        workspace=workspace,
        name=kwargs.pop("name", "Arena show"),
        production_type=ProductionType.ARENA_SHOW,
        lines=[
            {"catalog_item": catalog["pa"], "quantity": Decimal("2"), "notes": "12 boxes a side"},
            {"catalog_item": catalog["hands"], "quantity": Decimal("12")},
        ],
    )


def test_a_manager_saves_an_advance_as_a_template_and_the_crew_start_one_from_it(tenant_a, catalog, login):
    manager, crew = tenant_a.user(R.GLADIATOR), tenant_a.user(R.RAIDER)
    earlier = make_advance(tenant_a, AdvanceStatus.APPROVED, items=catalog_lines(catalog), activation="Arena night")

    client = login(manager)
    page = client.get(reverse("advancing:save_template", args=[earlier.pk]))
    assert page.status_code == 200 and "custom line" in text(page)  # the confetti cannon stays out
    saved = client.post(
        reverse("advancing:save_template", args=[earlier.pk]),
        {"name": "Arena show, standard", "production_type": "arena_show"},
    )
    template = AdvanceTemplate.objects.get(name="Arena show, standard")
    assert saved.status_code == 302 and saved["Location"] == reverse("advancing:template", args=[template.pk])
    # a workspace's manager saves it for the workspace (an organization-wide one needs an org-wide role)
    assert template.workspace == tenant_a.workspace and template.organization == tenant_a.org
    assert [(line.catalog_item.item_id, line.quantity, line.notes) for line in template.lines.all()] == [
        ("ZZT-1001", Decimal("2"), "12 boxes"),
        ("ZZT-1002", Decimal("12"), ""),
    ]
    assert ActivityEntry.objects.filter(verb="advance_template.saved", object_id=str(template.pk)).exists()

    client = login(crew)
    listing = client.get(reverse("advancing:templates") + "?production_type=arena_show")
    assert "Arena show, standard" in text(listing)
    assert "Arena show, standard" not in text(client.get(reverse("advancing:templates") + "?production_type=club_show"))
    form = client.get(reverse("advancing:template_start", args=[template.pk]))
    assert form.status_code == 200
    pa, hands = template.lines.all()
    made = client.post(
        reverse("advancing:template_start", args=[template.pk]),
        {
            "workspace": tenant_a.workspace.pk,
            "production": "",
            "team_workspace": "Audio",
            "activation_name": "Arena night 2",
            f"qty_{pa.pk}": "4",
            f"qty_{hands.pk}": "0",  # 0 drops the line
        },
    )
    advance = Advance.objects.exclude(pk=earlier.pk).get()
    assert made.status_code == 302 and made["Location"] == reverse("advancing:detail", args=[advance.pk])
    assert advance.status == AdvanceStatus.DRAFT and advance.submitter == crew
    assert advance.activation_name == "Arena night 2" and advance.team_workspace == "Audio"
    assert [(i.name, i.quantity, i.notes) for i in advance.items.all()] == [
        ("Line Array PA System", Decimal("4"), "12 boxes")
    ]
    assert advance.metadata["started_from"] == {"template": template.pk}
    assert ActivityEntry.objects.filter(verb="advance.created", object_id=str(advance.pk)).exists()


def test_a_crew_lead_starts_an_advance_like_an_earlier_one(tenant_a, catalog, login):
    lead = tenant_a.user(R.DEVIATOR)
    earlier = make_advance(
        tenant_a, AdvanceStatus.FULFILLED, submitter=lead, items=catalog_lines(catalog), activation="Hamburg, Tuesday"
    )
    client = login(lead)
    assert "New advance like this" in text(client.get(reverse("advancing:detail", args=[earlier.pk])))
    page = client.get(reverse("advancing:repeat", args=[earlier.pk]))
    assert page.status_code == 200 and "Hamburg, Tuesday" in text(page)
    items = list(earlier.items.all())
    response = client.post(
        reverse("advancing:repeat", args=[earlier.pk]),
        {
            "workspace": tenant_a.workspace.pk,
            "activation_name": "Hamburg, next Tuesday",
            f"qty_{items[0].pk}": "3",
            f"qty_{items[1].pk}": "",  # as before
            f"qty_{items[2].pk}": "2",
        },
    )
    assert response.status_code == 302
    copy = Advance.objects.get(activation_name="Hamburg, next Tuesday")
    assert copy.status == AdvanceStatus.DRAFT
    assert [(i.name, i.quantity, i.unit_cost, i.quantity_fulfilled) for i in copy.items.all()] == [
        ("Line Array PA System", Decimal("3"), Decimal("1500"), 0),
        ("Stagehands", Decimal("12"), Decimal("250"), 0),
        ("Confetti cannon", Decimal("2"), Decimal("90"), 0),
    ]
    assert copy.estimated_cost == Decimal("7680")  # 4500 + 3000 + 180, priced on the server
    assert copy.metadata["started_from"] == {"advance": earlier.pk}


def test_a_catalog_item_no_longer_offered_is_left_out_with_a_note(tenant_a, catalog, login):
    template = arena_template(tenant_a, catalog)
    catalog["hands"].enabled = False
    catalog["hands"].save()
    client = login(tenant_a.user(R.RAIDER))
    page = client.get(reverse("advancing:template_start", args=[template.pk]))
    assert 'data-testid="unavailable"' in text(page) and "Stagehands" in text(page)
    response = client.post(
        reverse("advancing:template_start", args=[template.pk]), {"workspace": tenant_a.workspace.pk}, follow=True
    )
    advance = Advance.objects.get()
    assert [i.name for i in advance.items.all()] == ["Line Array PA System"]
    assert response.status_code == 200


def test_all_lines_at_zero_is_refused_and_nothing_is_made(tenant_a, catalog, login):
    template = arena_template(tenant_a, catalog)
    data = {"workspace": tenant_a.workspace.pk} | {f"qty_{line.pk}": "0" for line in template.lines.all()}
    response = login(tenant_a.user(R.RAIDER)).post(reverse("advancing:template_start", args=[template.pk]), data)
    assert response.status_code == 400 and "Keep at least one line" in text(response)
    assert not Advance.objects.exists()


def test_a_manager_renames_and_a_reviewer_deletes_a_template(tenant_a, catalog, login):
    template = arena_template(tenant_a, catalog)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        reverse("advancing:template_edit", args=[template.pk]), {"name": "Arena, big", "production_type": "arena_show"}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Arena, big"
    arena_template(tenant_a, catalog, name="Festival main stage")
    clash = client.post(
        reverse("advancing:template_edit", args=[template.pk]),
        {"name": "festival main stage", "production_type": "arena_show"},
    )
    assert clash.status_code == 400 and "already has a template" in text(clash)

    response = login(tenant_a.user(R.NAVIGATOR)).post(reverse("advancing:template_delete", args=[template.pk]))
    assert response.status_code == 302 and not AdvanceTemplate.objects.filter(pk=template.pk).exists()


@pytest.mark.parametrize("role", [R.DEVIATOR, R.RAIDER, R.PASSENGER])
def test_roles_without_the_template_permission_are_refused(tenant_a, catalog, login, role):
    template = arena_template(tenant_a, catalog)
    advance = make_advance(tenant_a, items=catalog_lines(catalog))
    client = login(tenant_a.user(role))
    if role != R.RAIDER:  # a Raider sees only their own advances: another's is a 404
        assert client.get(reverse("advancing:save_template", args=[advance.pk])).status_code == 403
    edit = client.post(
        reverse("advancing:template_edit", args=[template.pk]), {"name": "Mine", "production_type": "other"}
    )
    assert edit.status_code == 403
    assert client.post(reverse("advancing:template_delete", args=[template.pk])).status_code == 403
    template.refresh_from_db()
    assert template.name == "Arena show"


def test_who_may_not_create_advances_may_not_start_one_from_a_template(tenant_a, catalog, login):
    template = arena_template(tenant_a, catalog)
    client = login(tenant_a.user(R.PASSENGER))
    assert client.get(reverse("advancing:template", args=[template.pk])).status_code == 200  # reads it
    assert client.get(reverse("advancing:template_start", args=[template.pk])).status_code == 403
    response = client.post(
        reverse("advancing:template_start", args=[template.pk]), {"workspace": tenant_a.workspace.pk}
    )
    assert response.status_code == 403 and not Advance.objects.exists()


def test_a_template_of_one_workspace_is_not_offered_in_another(tenant_a, catalog, login):
    template = arena_template(tenant_a, catalog, workspace=tenant_a.other_workspace)
    raider = tenant_a.user(R.RAIDER)  # creates advances in tenant_a.workspace only
    assert not AdvanceTemplate.objects.visible_to(raider).filter(pk=template.pk).exists()
    assert login(raider).get(reverse("advancing:template", args=[template.pk])).status_code == 404


def test_another_organizations_templates_and_advances_are_404(tenant_a, tenant_b, catalog, login):
    template = arena_template(tenant_a, catalog)
    advance = make_advance(tenant_a, items=catalog_lines(catalog))
    client = login(tenant_b.user(R.GLADIATOR))
    for name, pk in [
        ("advancing:template", template.pk),
        ("advancing:template_start", template.pk),
        ("advancing:repeat", advance.pk),
        ("advancing:save_template", advance.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert client.post(reverse("advancing:template_delete", args=[template.pk])).status_code == 404
    assert list(client.get(reverse("advancing:templates")).context["page"].object_list) == []
    assert AdvanceTemplate.objects.filter(pk=template.pk).exists()


def test_a_workspace_role_saves_templates_for_its_workspace_only(tenant_a, catalog):
    navigator = tenant_a.user(R.NAVIGATOR)  # a workspace membership: no say over the whole organization
    with pytest.raises(Exception, match="does not save"):
        templating.save_template(
            actor=navigator,
            organization=tenant_a.org,
            name="Club night",
            lines=[{"catalog_item": catalog["pa"], "quantity": 1}],
        )
    template = templating.save_template(
        actor=navigator,
        organization=tenant_a.org,
        workspace=tenant_a.workspace,
        name="Club night",
        production_type=ProductionType.CLUB_SHOW,
        lines=[{"catalog_item": catalog["pa"], "quantity": 1}],
    )
    assert template.workspace == tenant_a.workspace


def test_the_templates_list_costs_the_same_queries_at_any_length(
    tenant_a, catalog, login, django_assert_max_num_queries
):
    client = login(tenant_a.user(R.RAIDER))
    arena_template(tenant_a, catalog)
    client.get(reverse("advancing:templates"))  # warm the per-process caches
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("advancing:templates")).status_code == 200
    for n in range(15):
        arena_template(tenant_a, catalog, name=f"Template {n}", workspace=None if n % 2 else tenant_a.workspace)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("advancing:templates"))
    assert text(page).count('class="list-item"') == 16


def test_an_org_admin_sees_their_organizations_templates_and_roll_overs_in_the_admin(
    tenant_a, tenant_b, catalog, login
):
    ours = arena_template(tenant_a, catalog, name="Acme rider")
    theirs = arena_template(tenant_b, catalog, name="Bravo rider")
    client = login(tenant_a.user(R.PHANTOM))
    listing = client.get(reverse("admin:advancing_advancetemplate_changelist"))
    assert listing.status_code == 200 and ours.name in text(listing) and theirs.name not in text(listing)
    assert client.get(reverse("admin:advancing_advancetemplate_change", args=[ours.pk])).status_code == 200
    assert client.get(reverse("admin:advancing_advancetemplate_change", args=[theirs.pk])).status_code == 302
    assert client.get(reverse("admin:advancing_rollover_changelist")).status_code == 200
    assert client.get(reverse("admin:advancing_rollovercopy_changelist")).status_code == 200


def test_the_demo_has_an_arena_show_a_festival_stage_and_a_corporate_gala_template(seeded_demo):
    from advancing.management.commands.seed_advancing_demo import seed_templates

    kinds = set(AdvanceTemplate.objects.values_list("organization__slug", "production_type"))
    for org in ("northstar", "bluewave"):
        assert {(org, "arena_show"), (org, "festival_stage"), (org, "corporate_gala")} <= kinds
    assert seed_templates() == 0  # a second run adds nothing
