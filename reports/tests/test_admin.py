"""The admin lists every reports model, searchable and filtered; an org admin sees only their own."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from reports import services

from .helpers import saved_po_report

pytestmark = pytest.mark.django_db
MODELS = ("savedreport", "reportsubscription", "exportjob", "custommetric")


def test_each_reports_model_has_an_admin_list_that_searches_and_filters(tenant_a, tenant_b, login):
    lead = tenant_a.user(Role.GLADIATOR)
    saved_po_report(tenant_a, lead, name="Acme spend")
    saved_po_report(tenant_b, tenant_b.user(Role.GLADIATOR), name="Bravo spend")
    services.subscribe(actor=lead, workspace=tenant_a.workspace, frequency="daily", template="po-spend")
    root = get_user_model().objects.create_superuser("root", "root@example.test", "pw-for-tests-only")
    client = login(root)
    for model in MODELS:
        url = reverse(f"admin:reports_{model}_changelist")
        assert client.get(url).status_code == 200, model
        assert client.get(url, {"q": "spend"}).status_code == 200, model
    listing = client.get(reverse("admin:reports_savedreport_changelist"), {"q": "spend"}).content.decode()
    assert "Acme spend" in listing and "Bravo spend" in listing

    admin = login(tenant_a.user(Role.PHANTOM))
    mine = admin.get(reverse("admin:reports_savedreport_changelist")).content.decode()
    assert "Acme spend" in mine and "Bravo spend" not in mine
