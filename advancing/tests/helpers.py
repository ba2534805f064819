"""Shared helpers of the advancing tests: advances brought to a status through the services, as
people would, the catalog rows and form bodies the page tests post."""

from decimal import Decimal

from django.urls import reverse

from advancing import services
from advancing.models import AdvanceStatus, CatalogItem
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role

S = AdvanceStatus


# --- advances through the services ----------------------------------------------------------------
def lines(*specs):
    """Line dicts for the services: lines(("Stagehands", 4, 250), ("Forklift", 2, 400))."""
    specs = specs or (("Stagehands", 4, "250.00"), ("Forklift", 2, "400.00"))
    return [
        {
            "catalog_item": None,
            "name": name,
            "quantity": Decimal(str(q)),
            "unit": "Per Day",
            "unit_cost": Decimal(str(c)),
        }
        for name, q, c in specs
    ]


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


def make_advance(tenant, status=S.DRAFT, *, submitter=None, items=None, activation="Opening night", workspace=None):
    """An advance brought to `status` through the services, as people would."""
    submitter = submitter or tenant.user(Role.DEVIATOR)
    ops = tenant.user(Role.GLADIATOR)
    advance = services.create_advance(
        actor=submitter,
        workspace=workspace or tenant.workspace,
        activation_name=activation,
        items=items if items is not None else lines(),
    )
    steps = {
        S.DRAFT: [],
        S.CANCELLED: [lambda a: services.cancel_advance(a, actor=submitter)],
        S.SUBMITTED: ["submit"],
        S.UNDER_REVIEW: ["submit", lambda a: services.start_review(a, actor=ops)],
        S.REJECTED: ["submit", lambda a: services.reject_advance(a, actor=ops, note="Over budget")],
        S.APPROVED: ["submit", lambda a: services.approve_advance(a, actor=ops)],
        S.IN_PROGRESS: ["submit", lambda a: services.approve_advance(a, actor=ops), "process"],
        S.FULFILLED: ["submit", lambda a: services.approve_advance(a, actor=ops), "fulfil_all"],
    }[S(status)]
    for step in steps:
        if step == "submit":
            services.submit_advance(advance, actor=submitter)
        elif step == "process":
            services.process_advance(advance, actor=ops)
        elif step == "fulfil_all":
            for item in advance.items.all():
                services.record_fulfilment(advance, actor=ops, item_id=item.pk, quantity_fulfilled=item.quantity)
        else:
            step(advance)
    advance.refresh_from_db()
    assert advance.status == status
    return advance


def history(advance):
    return list(ActivityEntry.objects.for_object(advance).order_by("id"))


def raider_advance(tenant, submitter=None, *, submit=True, activation="Opening night"):
    """What a crew member (a Raider unless `submitter`) sent in: the page stories' usual start."""
    submitter = submitter or tenant.user(Role.RAIDER)
    return make_advance(tenant, S.SUBMITTED if submit else S.DRAFT, submitter=submitter, activation=activation)


# --- pages -----------------------------------------------------------------------------------------
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


def line_post(items, **header):
    """The POST body of the advance form: header fields plus a `lines` formset."""
    data = {
        "production": "",
        "team_workspace": "",
        "activation_name": "",
        "intent": "draft",
        "lines-TOTAL_FORMS": str(len(items)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    data.update(header)
    for i, line in enumerate(items):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = "" if value is None else str(value)
    return data


def new_url(tenant):
    return reverse("advancing:new", args=[tenant.org.slug, tenant.workspace.slug])


def home_url(tenant):
    return reverse("advancing:workspace_home", args=[tenant.org.slug, tenant.workspace.slug])


def text(response):
    return response.content.decode()
