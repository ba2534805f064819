"""The admin stays usable when a table holds years of rows: no changelist counts the whole table, and no
form lists every row of a related table in a <select>."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.tenancy.admin_scoping import CappedCountPaginator
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db

BIG_SELECTS = (AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget)


def test_a_long_changelist_counts_only_up_to_the_cap(tenant_a, login, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 5)
    Production.objects.bulk_create(Production(workspace=tenant_a.workspace, name=f"Show {i}") for i in range(8))
    client = login(tenant_a.user(Role.PHANTOM))
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/admin/productions/production/").content.decode()
    assert "More than 5 productions" in html
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts


def test_a_short_changelist_says_the_exact_number(tenant_a, login):
    Production.objects.create(workspace=tenant_a.workspace, name="Only show")
    html = login(tenant_a.user(Role.PHANTOM)).get("/admin/productions/production/").content.decode()
    assert "1 production" in html and "More than" not in html


def test_no_admin_form_lists_a_whole_related_table(rf, django_user_model):
    legend = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    request = rf.get("/admin/")
    request.user = legend
    big = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request) and not model_admin.has_change_permission(request):
            continue
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            if not hasattr(field, "queryset"):
                continue
            widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
            target = field.queryset.model
            if not isinstance(widget, BIG_SELECTS) and target._meta.label not in SMALL_TABLES:
                big.append(f"{model._meta.label}.{name} -> {target._meta.label}")
    assert not big, "a <select> over a table that grows: " + ", ".join(sorted(big))


# Tables that stay small by nature (set up by the platform, not by use): a <select> is right for them.
SMALL_TABLES = {
    "auth.Group",
    "auth.Permission",
    "contenttypes.ContentType",
    *(f"django_celery_beat.{s}Schedule" for s in ("Interval", "Crontab", "Clocked", "Solar")),
}
