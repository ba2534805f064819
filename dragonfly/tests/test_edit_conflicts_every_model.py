"""Edit conflicts on every editable row: one registry names, for each `Versioned` model, how to make a
row, its edit page and its API detail; each is checked the same way: the form and the API carry the
version they read, and a save on a stale version is refused (409 / 412) with nothing changed.

A new `Versioned` model must be added here (test_every_versioned_model_is_registered fails otherwise).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db.models import F
from django.test import Client
from django.utils import timezone

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.roles import Role as R

pytestmark = pytest.mark.django_db


# --- how to make one row of each model (t: the tenant fixture) -----------------------------------------------
def _production(t):
    from productions.tests.helpers import make_production

    return make_production(t)


def _event(t):
    from productions.tests.helpers import make_event

    return make_event(t)


def _venue(t):
    from locations.tests.helpers import make_location

    return make_location(t)


def _site_map(t):
    from locations.tests.helpers import make_site_map

    return make_site_map(_venue(t), t.user(R.GLADIATOR))


def _vendor(t):
    from finance.tests.helpers import make_vendor

    return make_vendor(t)


def _today():
    return timezone.localdate()


def make_task(t):
    from productions.models import Task

    return Task.objects.create(production=_production(t), title="Rig the stage")


def make_milestone(t):
    from productions.models import Milestone

    return Milestone.objects.create(production=_production(t), title="Permits filed", due_date=_today())


def make_compliance_item(t):
    from productions.models import ComplianceItem

    return ComplianceItem.objects.create(production=_production(t), title="Noise permit")


def make_contract(t):
    from jobs.tests.helpers import make_contract

    return make_contract(t)


def make_zone(t):
    from locations.tests.helpers import make_zone

    return make_zone(_site_map(t))


def make_utility(t):
    from locations.tests.helpers import make_utility

    return make_utility(_venue(t))


def make_asset(t):
    from assets.tests.helpers import make_asset

    return make_asset(t.workspace)


def make_kit(t):
    from assets.tests.helpers import make_kit

    return make_kit(t.workspace, name="Stage left")


def make_budget(t):
    from finance.tests.helpers import make_budget

    return make_budget(t)


def make_budget_line(t):
    return make_budget(t).lines.first()


def make_expense(t):
    from finance import services

    return services.create_expense(
        actor=t.user(R.GLADIATOR),
        workspace=t.workspace,
        spent_by=t.user(R.GLADIATOR),
        spent_on=_today(),
        description="Gaffer tape",
        amount_net=Decimal("20.00"),
        category="Technical",
    )


def make_invoice(t):
    from finance import services

    return services.create_invoice(
        actor=t.user(R.PHANTOM),
        workspace=t.workspace,
        company=_vendor(t),
        number="INV-1",
        issue_date=_today(),
        due_date=_today() + datetime.timedelta(days=30),
        lines=[{"description": "PA hire", "quantity": Decimal("1"), "unit_price": Decimal("100.00")}],
    )


def make_purchase_order(t):
    from finance.models import PurchaseOrder

    return PurchaseOrder.objects.create(
        organization=t.org, workspace=t.workspace, number="PO-1", currency="USD", vendor=_vendor(t)
    )


def make_rfq(t):
    from finance.services import bids

    return bids.create_rfq(
        actor=t.user(R.PHANTOM),
        workspace=t.workspace,
        title="PA for the arena",
        lines=[{"description": "Line array", "quantity": Decimal("1"), "unit": "Per Unit"}],
    )


def make_agreement(t):
    from finance.models import Agreement

    return Agreement.objects.create(
        workspace=t.workspace,
        vendor=_vendor(t),
        title="Frame agreement",
        currency="USD",
        valid_from=_today(),
        valid_to=_today() + datetime.timedelta(days=365),
    )


def make_company(t):
    return _vendor(t)


def make_contact(t):
    from finance.models import Contact

    return Contact.objects.create(company=_vendor(t), name="Sam Sound")


def make_preferred_vendor(t):
    from finance.models import PreferredVendor

    return PreferredVendor.objects.create(
        organization=t.org, workspace=t.workspace, vendor=_vendor(t), category="Technical"
    )


def make_finance_settings(t):
    from finance.models import FinanceSettings

    return FinanceSettings.objects.create(organization=t.org)


def make_crew_call(t):
    from productions.tests.helpers import book

    return book(_event(t), t.user(R.RAIDER))


def make_cue(t):
    from events.models import Cue

    return Cue.objects.create(event=_event(t), item="Doors", position=1)


def make_incident(t):
    from events.models import Incident

    return Incident.objects.create(
        event=_event(t), occurred_at=timezone.now(), title="Barrier gap", description="Stage left"
    )


def make_document(t):
    from dragonfly.files.tests.helpers import make_document

    return make_document(t)


def make_endpoint(t):
    from dragonfly.webhooks.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(
        organization=t.org, url="https://hooks.example.com/in", event_types=["production.created"]
    )


def make_advance(t):
    from advancing.tests.helpers import make_advance

    return make_advance(t)


def make_template(t):
    from advancing.models import AdvanceTemplate

    return AdvanceTemplate.objects.create(organization=t.org, name="Arena show", created_by=t.user(R.PHANTOM))


def make_saved_report(t):
    from reports.tests.helpers import saved_po_report

    return saved_po_report(t, t.user(R.PHANTOM))


def make_rule(t):
    from automations.tests.helpers import make_rule

    return make_rule(t)


def make_allotment(t):
    from guests.tests.helpers import make_allotment

    return make_allotment(t, _event(t))


def make_team(t):
    from people.tests.helpers import make_team

    return make_team(t.workspace, name="Riggers")


def make_person(t):
    from people.tests.helpers import make_person

    return make_person(t.workspace, first_name="Dana")


def make_time_entry(t):
    from people.tests.helpers import make_entry, make_person

    person = make_person(t.workspace, first_name="Dana", user=t.user(R.RAIDER))
    return make_entry(person, _today(), Decimal("8"), break_minutes=0)


def make_material(t):
    from resources.tests.helpers import make_material

    return make_material(t)


def make_course(t):
    from resources.tests.helpers import make_course

    return make_course(t)


def make_grant(t):
    from resources.tests.helpers import make_grant

    return make_grant(t)


def make_grant_application(t):
    from resources import services

    return services.apply_for_grant(make_grant(t), actor=t.user(R.GLADIATOR), requested_amount=Decimal("5000"))


def make_listing(t):
    from marketplace.tests.helpers import make_listing

    return make_listing(t)


# --- the registry --------------------------------------------------------------------------------------------
@dataclass
class Edit:
    model: str  # app_label.ModelName
    make: Any
    page: str | None = None  # the edit page ({pk}); its form is read and posted back as it is
    api: str | None = None  # the API detail ({pk}) that takes a PATCH
    role: R = R.PHANTOM  # who edits (Phantom: the organization's administrator)
    extra: dict = field(default_factory=dict)  # what the page's submit button adds to the post
    body: dict = field(default_factory=dict)  # a PATCH that changes something (an empty one may be refused)
    saves: bool = True  # "Save anyway" saves in the test (False: a rule after the version check refuses it)
    other_org: int = 404  # what another organization's member gets (a marketplace listing is public: 403)
    why_no_page: str = ""
    why_no_api: str = ""

    def __str__(self):
        return self.model


EDITS = [
    # The settings page is the one of the organization of the admin's workspace.
    Edit("tenancy.Organization", lambda t: t.org, "/me/organization/settings/", "/api/settings/organizations/{slug}/"),
    Edit(
        "tenancy.Workspace",
        lambda t: t.workspace,
        "/me/organization/workspaces/{pk}/",
        "/api/settings/workspaces/{pk}/",
    ),
    Edit("productions.Production", _production, "/productions/{pk}/edit/", "/api/productions/{pk}/"),
    Edit("productions.Task", make_task, "/productions/task/{pk}/edit/", "/api/tasks/{pk}/"),
    Edit("productions.Milestone", make_milestone, "/productions/milestone/{pk}/edit/", "/api/milestones/{pk}/"),
    Edit(
        "productions.ComplianceItem",
        make_compliance_item,
        "/productions/compliance-item/{pk}/",
        "/api/compliance-items/{pk}/",
    ),
    Edit("jobs.Contract", make_contract, "/jobs/contract/{pk}/edit/", "/api/contracts/{pk}/"),
    Edit("locations.Location", _venue, "/events/venue/{pk}/edit/", "/api/venues/{pk}/"),
    Edit("locations.SiteMap", _site_map, "/events/site-map/{pk}/", "/api/site-maps/{pk}/"),
    Edit("locations.Zone", make_zone, None, "/api/zones/{pk}/", why_no_page="zones are added and removed on the map"),
    Edit("locations.Utility", make_utility, "/events/utility/{pk}/edit/", "/api/utilities/{pk}/"),
    Edit("assets.Asset", make_asset, "/assets/asset/{pk}/edit/", "/api/assets/{pk}/"),
    Edit("assets.Kit", make_kit, "/assets/kit/{pk}/", "/api/assets/kits/{pk}/"),
    Edit("finance.Budget", make_budget, "/finance/budget/{pk}/edit/", "/api/budgets/{pk}/"),
    Edit("finance.BudgetLine", make_budget_line, "/finance/budget-line/{pk}/", "/api/budget-lines/{pk}/"),
    Edit("finance.Expense", make_expense, "/finance/expense/{pk}/edit/", "/api/expenses/{pk}/", role=R.GLADIATOR),
    Edit("finance.Invoice", make_invoice, "/finance/invoice/{pk}/edit/", "/api/invoices/{pk}/"),
    Edit(
        "finance.PurchaseOrder", make_purchase_order, "/finance/purchase-order/{pk}/edit/", "/api/purchase-orders/{pk}/"
    ),
    Edit("finance.RequestForQuote", make_rfq, "/finance/quote/{pk}/edit/", "/api/rfqs/{pk}/"),
    Edit("finance.Agreement", make_agreement, "/finance/agreement/{pk}/edit/", "/api/agreements/{pk}/"),
    Edit("finance.Company", make_company, "/finance/company/{pk}/edit/", "/api/companies/{pk}/"),
    Edit("finance.Contact", make_contact, None, "/api/contacts/{pk}/", why_no_page="no edit page: the API edits it"),
    Edit(
        "finance.PreferredVendor",
        make_preferred_vendor,
        "/finance/preferred-vendor/{pk}/edit/",
        "/api/preferred-vendors/{pk}/",
    ),
    Edit("finance.FinanceSettings", make_finance_settings, "/finance/settings/", None, why_no_api="no API"),
    Edit("events.Event", _event, "/events/event/{pk}/edit/", "/api/events/{pk}/"),
    Edit("events.CrewCall", make_crew_call, None, "/api/crew-calls/{pk}/", why_no_page="booked on the event page"),
    Edit("events.Cue", make_cue, "/events/cue/{pk}/edit/", "/api/run-of-show-cues/{pk}/"),
    Edit("events.Incident", make_incident, None, "/api/incidents/{pk}/", why_no_page="its page moves its status"),
    Edit("files.Document", make_document, "/files/document/{pk}/", "/api/files/{pk}/"),
    Edit(
        "webhooks.WebhookEndpoint",
        make_endpoint,
        "/webhooks/{pk}/edit/",
        "/api/webhooks/endpoints/{pk}/",
        saves=False,  # the URL check resolves the host; the test's does not resolve
    ),
    Edit(
        "advancing.Advance",
        make_advance,
        None,
        "/api/advancing/{pk}",
        body={"team_workspace": "Site"},
        why_no_page="its form has lines: test_edit_conflicts",
    ),
    Edit(
        "advancing.AdvanceItem",
        None,
        why_no_page="a line is edited with its advance's form; its fulfilment: test_stale_fulfilment",
        why_no_api="the advance's API writes its lines; a stale fulfilment (line_version): test_stale_fulfilment",
    ),
    Edit(
        "advancing.AdvanceTemplate",
        make_template,
        "/advancing/templates/{pk}/",
        "/api/advancing/templates/{pk}",
        body={"name": "Arena show, two stages"},
    ),
    Edit(
        "reports.SavedReport",
        make_saved_report,
        "/reports/saved/{pk}/edit/",
        None,
        extra={"action": "save"},
        why_no_api="the API reads saved reports only",
    ),
    Edit("automations.AutomationRule", make_rule, "/automations/{pk}/", "/api/automations/rules/{pk}/"),
    Edit("guests.Allotment", make_allotment, None, "/api/guests/allotments/{pk}/", why_no_page="no edit page: the API"),
    Edit("people.Team", make_team, None, "/api/people/teams/{pk}/", why_no_page="no edit page: the API edits it"),
    Edit("people.Person", make_person, "/people/person/{pk}/edit/", "/api/people/{pk}/"),
    Edit("people.TimeEntry", make_time_entry, "/people/time/{pk}/edit/", "/api/people/time-entries/{pk}/"),
    Edit("resources.Material", make_material, "/resources/material/{pk}/edit/", "/api/resources/materials/{pk}/"),
    Edit("resources.Course", make_course, "/resources/course/{pk}/edit/", "/api/resources/courses/{pk}/"),
    Edit("resources.Grant", make_grant, "/resources/grant/{pk}/edit/", "/api/resources/grants/{pk}/"),
    Edit(
        "resources.GrantApplication",
        make_grant_application,
        "/resources/application/{pk}/edit/",
        "/api/resources/grant-applications/{pk}/",
    ),
    Edit(
        "marketplace.Listing",
        make_listing,
        "/marketplace/listing/{pk}/edit/",
        "/api/marketplace/listings/{pk}/",
        other_org=403,
    ),
]


def test_every_versioned_model_is_registered():
    versioned = {m._meta.label for m in apps.get_models() if issubclass(m, Versioned)}
    registered = [edit.model for edit in EDITS]
    assert len(registered) == len(set(registered))
    assert versioned == set(registered)
    for edit in EDITS:
        assert edit.page or edit.why_no_page, edit
        assert edit.api or edit.why_no_api, edit


# --- reading a page's edit form back ---------------------------------------------------------------------
class _EditForm(HTMLParser):
    """The fields of the form that carries `row_version`, as a browser would post them untouched."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str | None, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
            self.forms.append((a.get("action"), self._fields))
        if self._fields is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._selected, self._first_option = name, [], None
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            chosen = self._selected or ([self._first_option] if self._first_option is not None else [])
            self._fields += [(self._select, value or "") for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._fields = None


def edit_form(html, page_url):
    parser = _EditForm()
    parser.feed(html)
    found = [(action, fields) for action, fields in parser.forms if any(n == "row_version" for n, _ in fields)]
    assert len(found) == 1, f"{page_url}: {len(found)} forms carry row_version"
    action, fields = found[0]
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return action or page_url, data


def someone_else_saves(obj):
    type(obj)._base_manager.filter(pk=obj.pk).update(version=F("version") + 1)


def url_of(template, obj):
    """An edit's URL for `obj`: by its id, or by its slug (an organization's settings)."""
    return template.format(pk=obj.pk, slug=getattr(obj, "slug", ""))


def version_of(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).get()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- every edit page --------------------------------------------------------------------------------------
@pytest.mark.parametrize("edit", [e for e in EDITS if e.page], ids=str)
def test_a_stale_edit_page_is_refused_and_save_anyway_goes_through(edit, tenant_a):
    obj = edit.make(tenant_a)
    client = client_for(tenant_a.user(edit.role))
    url = url_of(edit.page, obj)
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    action, data = edit_form(response.text, url)
    read = version_of(obj)
    assert data["row_version"] == [str(read)]

    someone_else_saves(obj)
    response = client.post(action, {**data, **edit.extra})
    assert response.status_code == 409, response.text[:2000]
    assert "after you opened it" in response.text and 'name="overwrite_version"' in response.text
    assert version_of(obj) == read + 1  # nothing saved

    # "Save anyway": the same input, re-applied on the version now current.
    response = client.post(action, {**data, **edit.extra, "overwrite_version": str(read + 1)})
    assert "after you opened it" not in response.text
    if edit.saves:
        assert response.status_code in (200, 204, 302), response.text[:2000]


# --- every API update --------------------------------------------------------------------------------------
@pytest.mark.parametrize("edit", [e for e in EDITS if e.api], ids=str)
def test_a_stale_api_update_is_refused_with_nothing_changed(edit, tenant_a, tenant_b):
    obj = edit.make(tenant_a)
    client = client_for(tenant_a.user(edit.role))
    url = url_of(edit.api, obj)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    read = version_of(obj)
    assert response["ETag"] == f'"v{read}"' and response.json()["version"] == read

    someone_else_saves(obj)
    json = "application/json"
    response = client.patch(url, edit.body, content_type=json, HTTP_IF_MATCH=f'"v{read}"')
    assert response.status_code == 412, response.content[:500]
    assert response.json()["version"] == read + 1 and response.json()["your_version"] == read
    response = client.patch(url, {**edit.body, "version": read}, content_type=json)
    assert response.status_code == 409 and response.json()["code"] == "stale_edit"
    assert version_of(obj) == read + 1  # nothing saved

    response = client.patch(url, edit.body, content_type=json, HTTP_IF_MATCH=f'"v{read + 1}"')
    assert response.status_code == 200, response.content[:500]
    assert response["ETag"] == f'"v{version_of(obj)}"'

    # Another organization's member never learns the row exists, stale or not.
    other = client_for(tenant_b.user(R.PHANTOM))
    refused = other.patch(url, edit.body, content_type=json, HTTP_IF_MATCH=f'"v{read}"')
    assert refused.status_code == edit.other_org
