"""What a German reader gets from advancing and productions (the project's catalog, compiled for the
test session): the statuses, a service's refusal, a page fragment and a stored health factor in German."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from advancing import services
from advancing.errors import AdvanceInvalid
from advancing.models import Advance, AdvanceStatus
from dragonfly.tenancy.roles import Role
from productions.models import ComplianceItem, Production, ProductionStatus, Task
from productions.services.health import calculate_production_health, factor_text

from .helpers import make_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def german():
    with translation.override("de"):
        yield
    # A workflow may have cached its status labels while German was active: read them afresh.
    for workflow in (Advance.workflow, Production.workflow, Task.workflow, ComplianceItem.workflow):
        workflow.__dict__.pop("labels", None)


def test_statuses_and_a_refusal_read_in_german(german, tenant_a):
    assert str(AdvanceStatus.UNDER_REVIEW.label) == "In Prüfung"
    assert str(ProductionStatus.CANCELLED.label) == "Abgesagt"  # a production is called off, an advance cancelled
    assert str(AdvanceStatus.CANCELLED.label) == "Storniert"
    # The words the core's refusal sentence is built from ("… ist ein Entwurf; … nicht freigegeben werden").
    assert (Advance.workflow.state_phrase("draft"), Advance.workflow.move_phrase("approved")) == (
        "ein Entwurf",
        "freigegeben",
    )
    assert Production.workflow.state_phrase("cancelled") == "bereits abgesagt"
    draft = services.create_advance(actor=tenant_a.user(Role.RAIDER), workspace=tenant_a.workspace, items=[])
    with pytest.raises(AdvanceInvalid, match="Fügen Sie vor dem Einreichen mindestens eine Position hinzu"):
        services.submit_advance(draft, actor=tenant_a.user(Role.RAIDER))


def test_an_empty_catalog_search_says_so_in_german(german):
    request = RequestFactory().get("/advancing/catalog/")
    html = render_to_string("advancing/_catalog_results.html", {"page": None, "request": request})
    assert "Der Katalog ist leer" in html and "eigene Zeilen" in html


def test_a_health_factor_stored_in_english_reads_in_german(german, tenant_a):
    production = make_production(tenant_a)
    with translation.override("en"):  # the background task stores it in the default language
        stored = calculate_production_health(production).as_json()
    assert stored[0]["label"] == "Overdue milestones"
    assert factor_text(stored[0])["label"] == "Überfällige Meilensteine"
    assert factor_text(stored[0])["detail"] == "Alle Meilensteine im Plan"
